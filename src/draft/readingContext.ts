import { dayMentions, monthMention, quarterMention } from './articleDates';
import { headingText, lastStartingBy, sentencesOf, type Article, type ArticleLine, type Sentence } from './parseArticle';
import { MOVE_WORDS } from './moveWords';
import type { Mention, SubjectCatalogue } from './subjectCatalogue';

/**
 * What surrounds a place in the article: its sentence, the subjects named
 * there and before, the day, month or quarter in force. Each line is read
 * once and remembered, so a line of thousands of numbers stays linear.
 */

/** How far either side of a number the context reaches: enough for a sentence, bounded for a hostile one. */
export const CONTEXT_CHARS = 300;

/** How many lines back a list item or an anaphor looks for its subject. */
const LIST_LOOKBACK = 30;
const ANAPHOR = /\b(?:the index|the benchmark|the gauge|the small-cap benchmark|the average)\b/i;
const POINTS_BACK = /\b(?:the|that|this) (?:small-cap |large-cap )?(?:index|benchmark|gauge|average)\b|\b(?:it|its)\b/i;
/** A clause with an actor of its own just before a move: ", while the yen fell", "with Nvidia up" (not "and then fell", "the index lost"). */
const NEW_ACTOR = new RegExp(
  `(?:[,;]|\\b(?:while|whereas|with|but|and|as))\\s+(?:the\\s+)?(?!(?:and|but|or|while|whereas|with|as|index|benchmark|gauge|average|it|its|then|also|later|again|briefly|even|still|only|on|in|over|for|by|at|to)\\b)[\\w.&'-]+(?:\\s+[\\w.&'-]+){0,3}?\\s+(?:${MOVE_WORDS})\\s*(?:about|around|roughly|nearly|some|by)?\\s*$`,
  'i',
);
const JOINER = /^\s*(?:,|and|, and|&|or|as well as)\s*(?:the\s+)?$/i;
const AFTER_SUBJECT = /^%?\s*(?:[\w-]+\s+)?(?:for|in|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$/i;

export class ReadingContext {
  private readonly mentionCache = new Map<number, Mention[]>();
  private readonly sentenceCache = new Map<number, Sentence[]>();
  private readonly inheritedDays = new Map<string, string | undefined>();

  constructor(
    readonly article: Article,
    readonly catalogue: SubjectCatalogue,
    readonly year: number | undefined,
  ) {}

  /** The parser keeps one entry per line of the body, so line n is at index n - 1. */
  line(number: number): ArticleLine | undefined {
    return this.article.lines[number - 1];
  }

  mentions(line: ArticleLine): Mention[] {
    let m = this.mentionCache.get(line.number);
    if (m === undefined) {
      m = this.catalogue.mentions(line.text);
      this.mentionCache.set(line.number, m);
    }
    return m;
  }

  sentences(line: ArticleLine): Sentence[] {
    let s = this.sentenceCache.get(line.number);
    if (s === undefined) {
      s = sentencesOf(line.text);
      this.sentenceCache.set(line.number, s);
    }
    return s;
  }

  sentenceAt(line: ArticleLine, col: number): Sentence {
    const all = this.sentences(line);
    return all[lastStartingBy(all, col)] ?? all[0] ?? { start: 0, end: line.text.length, text: line.text };
  }

  /** Mentions of a line that lie within [start, end), in order. */
  mentionsBetween(line: ArticleLine, start: number, end: number): Mention[] {
    const all = this.mentions(line);
    const out: Mention[] = [];
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid]!.index < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < all.length && all[i]!.index < end; i++) {
      if (all[i]!.index >= start && all[i]!.end <= end) out.push(all[i]!);
    }
    return out;
  }

  /** The sentence around a column, clipped to CONTEXT_CHARS either side. */
  window(line: ArticleLine, col: number): { start: number; end: number; text: string } {
    const s = this.sentenceAt(line, col);
    const start = Math.max(s.start, col - CONTEXT_CHARS);
    const end = Math.min(s.end, col + CONTEXT_CHARS);
    return { start, end, text: line.text.slice(start, end) };
  }

  /** The line that introduces the list a line belongs to, and the items before it in that list. */
  listContext(line: ArticleLine): ArticleLine[] {
    if (line.kind !== 'item' || line.listIntro === undefined) return [];
    const intro = this.line(line.listIntro);
    const out: ArticleLine[] = intro === undefined ? [] : [intro];
    // The items just before are the context; a list of thousands is not read back to its start for each number.
    for (let n = Math.max(line.listIntro + 1, line.number - LIST_LOOKBACK); n < line.number; n++) {
      const l = this.line(n);
      if (l !== undefined && l.kind !== 'blank') out.push(l);
    }
    return out;
  }

  /** The items just before an item of a list that no line introduces. */
  private itemsBefore(line: ArticleLine): ArticleLine[] {
    const out: ArticleLine[] = [];
    for (let n = line.number - 1; n >= Math.max(1, line.number - LIST_LOOKBACK); n--) {
      const l = this.line(n);
      if (l === undefined || (l.kind !== 'item' && l.kind !== 'blank')) break;
      if (l.kind === 'item') out.unshift(l);
    }
    return out;
  }

  /** Subjects a number stands for: named right after it ("2.5% for Nasdaq-100"), or the nearest named before it (with those listed alongside). */
  subjectsAt(line: ArticleLine, col: number, end: number): { subjects: string[]; from: 'sentence' | 'context' } | undefined {
    const w = this.window(line, col);
    const mentions = this.mentions(line);
    const after = mentions.find((m) => m.index >= end && m.index <= end + 40 && m.index <= w.end);
    if (after !== undefined && AFTER_SUBJECT.test(line.text.slice(end, after.index)))
      return { subjects: [after.subject], from: 'sentence' };
    const before = mentions.filter((m) => m.end <= col && m.index >= w.start);
    // "…, while the yen fell 1.1%", "with Nvidia up 2.5%": a clause of its own actor does not speak of the subject before it.
    if (before.length > 0 && NEW_ACTOR.test(line.text.slice(before[before.length - 1]!.end, col))) return undefined;
    if (before.length > 0) {
      const group = [before[before.length - 1]!];
      for (let i = before.length - 2; i >= 0; i--) {
        if (!JOINER.test(line.text.slice(before[i]!.end, group[0]!.index))) break;
        group.unshift(before[i]!);
      }
      return { subjects: [...new Set(group.map((m) => m.subject))], from: 'sentence' };
    }
    const sentenceStart = this.sentenceAt(line, col).start;
    // The sentence before lends its subject only when this one points back to it ("That left the small-cap benchmark up 0.8%").
    const earlier = this.mentionsBetween(line, Math.max(0, sentenceStart - CONTEXT_CHARS * 2), sentenceStart);
    if (earlier.length > 0 && POINTS_BACK.test(line.text.slice(sentenceStart, col))) {
      return { subjects: [earlier[earlier.length - 1]!.subject], from: 'context' };
    }
    // Items under an introducing line share its subject; items of a bare list only when they point back ("the small-cap index").
    const pointsBack = POINTS_BACK.test(line.text.slice(sentenceStart, col));
    const list = line.listIntro !== undefined ? this.listContext(line) : pointsBack ? this.itemsBefore(line) : [];
    for (let i = list.length - 1; i >= 0; i--) {
      const m = this.mentions(list[i]!);
      if (m.length > 0) return { subjects: [m[m.length - 1]!.subject], from: 'context' };
    }
    if (ANAPHOR.test(w.text)) {
      const section = this.article.sections[line.section];
      const lines = section?.lines.filter((l) => l.number < line.number && l.number >= line.number - LIST_LOOKBACK) ?? [];
      for (let i = lines.length - 1; i >= 0; i--) {
        const m = this.mentions(lines[i]!);
        if (m.length > 0) return { subjects: [m[m.length - 1]!.subject], from: 'context' };
      }
    }
    return undefined;
  }

  /** The subject a comparison is made against: named after "to", "versus", "than", or else another subject of the sentence. */
  comparedTo(line: ArticleLine, col: number, end: number, subject: string): string | undefined {
    const w = this.window(line, col);
    const mentions = this.mentionsBetween(line, w.start, w.end).filter((m) => m.subject !== subject);
    const after = mentions.find(
      (m) =>
        m.index >= end &&
        /\b(?:to|versus|vs\.?|than|compared with|relative to|against)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$/i.test(
          line.text.slice(end, m.index),
        ),
    );
    return after?.subject ?? mentions.find((m) => m.end <= col)?.subject;
  }

  private dayIn(text: string): string | undefined {
    const days = dayMentions(text, this.year);
    const last = days[days.length - 1];
    return last?.start === last?.end ? last?.start : undefined;
  }

  /** The day in force at a place: its sentence, the line before it, the list's introduction, the section heading. */
  dayAt(line: ArticleLine, col: number): string | undefined {
    const w = this.window(line, col);
    const here = dayMentions(w.text, this.year).filter((d) => d.start === d.end);
    if (here.length > 0) return here[0]!.start;
    const s = this.sentenceAt(line, col);
    const key = `${line.number}:${s.start}`;
    if (!this.inheritedDays.has(key)) this.inheritedDays.set(key, this.inheritedDay(line, s.start));
    return this.inheritedDays.get(key);
  }

  private inheritedDay(line: ArticleLine, sentenceStart: number): string | undefined {
    const before = this.dayIn(line.text.slice(Math.max(0, sentenceStart - CONTEXT_CHARS), sentenceStart));
    if (before !== undefined) return before;
    for (const l of this.listContext(line).reverse()) {
      const d = this.dayIn(l.text.slice(0, CONTEXT_CHARS * 2));
      if (d !== undefined) return d;
    }
    return this.sectionDay(line.section);
  }

  /** The day a section's heading names, or the last day of the range it names. */
  sectionDay(section: number): string | undefined {
    const heading = this.article.sections[section]?.heading;
    if (heading === undefined) return undefined;
    const days = dayMentions(headingText(heading), this.year);
    return days[0]?.end;
  }

  monthAt(line: ArticleLine, col: number): string | undefined {
    return monthMention(this.window(line, col).text, this.year);
  }

  quarterAt(line: ArticleLine, col: number): string | undefined {
    const own = quarterMention(this.window(line, col).text, this.year);
    if (own !== undefined) return own;
    for (const l of this.listContext(line).reverse()) {
      const q = quarterMention(l.text.slice(0, CONTEXT_CHARS * 2), this.year);
      if (q !== undefined) return q;
    }
    return undefined;
  }

  /**
   * Text that sets the scene for a list item: the line introducing its list, or
   * the heading right above a list no line introduces ("Year to Date" over
   * "- S&P 500: down about 1.2%"). Only the metric is read from a heading; the
   * subject is not, since a heading names what the section is about, not each item.
   */
  introText(line: ArticleLine): string {
    if (line.kind !== 'item') return '';
    const intro = line.listIntro === undefined ? this.headingOver(line) : this.line(line.listIntro);
    if (intro === undefined) return '';
    return (intro.kind === 'heading' ? headingText(intro) : intro.text).slice(0, CONTEXT_CHARS * 2);
  }

  private headingOver(line: ArticleLine): ArticleLine | undefined {
    for (let n = line.number - 1; n >= Math.max(1, line.number - LIST_LOOKBACK); n--) {
      const l = this.line(n);
      if (l === undefined || (l.kind !== 'item' && l.kind !== 'blank')) return l?.kind === 'heading' ? l : undefined;
    }
    return undefined;
  }
}
