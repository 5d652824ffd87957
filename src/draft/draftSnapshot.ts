import { clipToLimit, MAX_FIGURES, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS } from '../facts/dataLimits';
import { isCalendarDate } from '../facts/period';
import { figureStatedBySources, readSourceText } from '../facts/sourceFidelity';
import type { FigureEntry, FiguresFile, SourceEntry, SubjectEntry } from '../facts/figuresSchema';
import { articleYear, dayMentions } from './articleDates';
import { buildNarrative } from './buildNarrative';
import { describedFigures } from './describedFigures';
import type { DraftFigure, UnresolvedNumber } from './draftFigure';
import { assignIds } from './figureIds';
import { cleanText, headingText, parseArticle, type Article } from './parseArticle';
import { ReadingContext } from './readingContext';
import { quoteAround, resolveNumbers } from './resolveNumbers';
import { scanNumbers } from './scanNumbers';
import { SubjectCatalogue, subjectsFor } from './subjectCatalogue';

/**
 * The drafter: an article's text, the subjects the bot knows and the previous
 * snapshot's figures in; a draft snapshot (figures.json and narrative.md) and
 * a report of what was read from where out. Pure: no files, no clock.
 */

export interface DraftInput {
  /** The article, already decoded (see decodeArticle). */
  readonly article: string;
  /** The as-of date; without it, the last date the article covers. */
  readonly asOf?: string;
  /** Subjects of the loaded data, whose names and aliases a draft recognises. */
  readonly knownSubjects?: readonly SubjectEntry[];
  /** Figures of the previous snapshot, whose ids a draft keeps. */
  readonly previousFigures?: readonly FigureEntry[];
}

export interface DraftedFigure {
  readonly id: string;
  readonly line: number;
  /** The number or words as the article writes them. */
  readonly text: string;
  readonly figure: FigureEntry;
}

export interface Draft {
  readonly asOf: string;
  /** How the as-of date was chosen, for the report. */
  readonly asOfReason: string;
  readonly figuresFile: FiguresFile;
  readonly narrative: string;
  readonly figures: readonly DraftedFigure[];
  readonly unresolved: readonly UnresolvedNumber[];
  /** Numbers that only repeat a drafted figure (a heading's "5.5%"). */
  readonly repeats: readonly { readonly line: number; readonly number: string; readonly id: string }[];
}

export type DraftResult = { ok: true; draft: Draft } | { ok: false; error: string };

/** More numbers than a weekly article ever has (the shipped one has 40); beyond it a draft could not be reviewed. */
const MAX_NUMBERS = 5000;

function chooseAsOf(article: Article, given: string | undefined, year: number | undefined): { asOf: string; reason: string } | string {
  if (given !== undefined) {
    return isCalendarDate(given)
      ? { asOf: given, reason: 'given with --as-of' }
      : `--as-of "${given}" is not a real date written YYYY-MM-DD`;
  }
  const headed = article.lines.filter((l) => l.kind === 'heading').flatMap((l) => dayMentions(headingText(l), year));
  const ranges = article.lines.filter((l) => !l.disclaimer).flatMap((l) => dayMentions(l.text, year).filter((d) => d.start !== d.end));
  const covered = [...headed, ...ranges].map((d) => d.end).sort();
  const last = covered[covered.length - 1];
  if (last !== undefined) return { asOf: last, reason: 'the last date the article covers (its dated headings and date ranges)' };
  const any = article.lines
    .flatMap((l) => dayMentions(l.text, year))
    .map((d) => d.end)
    .sort();
  const latest = any[any.length - 1];
  if (latest !== undefined) return { asOf: latest, reason: 'the latest date the article names' };
  return 'the article names no date to take the as-of date from; pass --as-of YYYY-MM-DD';
}

function summaryOf(article: Article): string | undefined {
  const intro = article.sections[0]?.lines.filter((l) => (l.kind === 'paragraph' || l.kind === 'item') && !l.disclaimer) ?? [];
  const text = intro
    .map((l) => l.text.replace(/\[\d+\]/g, ''))
    .join(' ')
    .replace(/[*_`#>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? undefined : clipToLimit(text, MAX_SUMMARY_CHARS);
}

function titleOf(article: Article, asOf: string): string {
  const first = article.title ?? article.sections.find((s) => s.heading !== undefined && !s.disclaimer)?.heading;
  const text = (typeof first === 'string' ? first : first === undefined ? '' : headingText(first))
    .replace(/[*_`#]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clipToLimit(text || `Briefing for the week to ${asOf}`, MAX_TITLE_CHARS);
}

/** A number that states again, on another line, a figure drafted from an earlier one. */
interface Restatement {
  /** Index of the figure it restates in the merged list. */
  readonly of: number;
  readonly line: number;
  readonly text: string;
}

/**
 * Figures stating one fact in several places become one figure citing every
 * source that states it; each later statement is kept as a restatement, so the
 * report accounts for its line too.
 */
function mergeRepeats(figures: readonly DraftFigure[]): { merged: DraftFigure[]; restated: Restatement[] } {
  const byKey = new Map<string, number>();
  const merged: DraftFigure[] = [];
  const restated: Restatement[] = [];
  for (const f of figures) {
    const key = JSON.stringify([f.subject, f.metric, f.segment, f.comparedTo, f.value, f.unit]);
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, merged.length);
      merged.push(f);
      continue;
    }
    const same = merged[at]!;
    merged[at] = { ...same, sources: [...new Set([...same.sources, ...f.sources])].sort((a, b) => a - b) };
    restated.push({ of: at, line: f.line, text: f.text });
  }
  return { merged, restated };
}

function toEntry(f: DraftFigure, id: string): FigureEntry {
  return {
    id,
    topic: f.topic,
    subject: f.subject,
    metric: f.metric,
    value: f.value,
    unit: f.unit,
    ...(f.qualifier !== undefined && { qualifier: f.qualifier }),
    period: f.period,
    ...(f.segment !== undefined && { segment: f.segment }),
    ...(f.basis !== undefined && { basis: f.basis }),
    ...(f.comparedTo !== undefined && { comparedTo: f.comparedTo }),
    sources: [...f.sources],
  };
}

export function draftSnapshot(input: DraftInput): DraftResult {
  const parsed = parseArticle(cleanText(input.article.replace(/^\uFEFF/, '')));
  if (!parsed.ok) return parsed;
  const article = parsed.article;
  const catalogue = new SubjectCatalogue(input.knownSubjects ?? []);
  const names = catalogue.digitNames();
  const year =
    articleYear(article.body, names) ??
    (input.asOf !== undefined && isCalendarDate(input.asOf) ? Number(input.asOf.slice(0, 4)) : undefined);
  const chosen = chooseAsOf(article, input.asOf, year);
  if (typeof chosen === 'string') return { ok: false, error: chosen };
  const { asOf } = chosen;

  const ctx = new ReadingContext(article, catalogue, year ?? Number(asOf.slice(0, 4)));
  const numbers = scanNumbers(article, names);
  if (numbers.length > MAX_NUMBERS) {
    return {
      ok: false,
      error: `the article holds ${numbers.length.toLocaleString('en-US')} numbers; the drafter reads at most ${MAX_NUMBERS.toLocaleString('en-US')}, since no one could review a draft that size`,
    };
  }
  const resolved = resolveNumbers(numbers, ctx, asOf);
  const { merged: candidates, restated } = mergeRepeats([...resolved.figures, ...describedFigures(ctx, asOf)]);

  // The fidelity rule: a figure whose value a cited source does not state is left to a person.
  const source = readSourceText(article.body, names);
  const unresolved: UnresolvedNumber[] = [...resolved.unresolved];
  const faithful: DraftFigure[] = [];
  /** Where each candidate went: its index among the faithful figures, or the reason it was left to a person. */
  const fate: (number | string)[] = [];
  const leaveToPerson = (f: Pick<DraftFigure, 'line' | 'text' | 'value'>, reason: string) => {
    // A word figure that fails is simply not drafted: it was never a number the article needs accounted for.
    if (typeof f.value !== 'number' && 'word' in f.value) return;
    const text = (ctx.line(f.line)?.text ?? '').replace(/\s+/g, ' ').trim();
    unresolved.push({ line: f.line, text: text.length <= 200 ? text : `${text.slice(0, 199)}…`, number: f.text, reason });
  };
  for (const f of candidates) {
    const { problems } = figureStatedBySources(
      { id: `${f.subject} ${f.metric}`, value: f.value, unit: f.unit, sources: [...f.sources] },
      source,
    );
    if (problems.length === 0) {
      fate.push(faithful.length);
      faithful.push(f);
    } else {
      const reason = `a cited source does not state this value (${problems[0]!.slice(0, 160)})`;
      fate.push(reason);
      leaveToPerson(f, reason);
    }
  }
  if (faithful.length > MAX_FIGURES) {
    return {
      ok: false,
      error: `the article yields ${faithful.length.toLocaleString('en-US')} figures; a snapshot holds at most ${MAX_FIGURES.toLocaleString('en-US')}`,
    };
  }
  const ids = assignIds(faithful, input.previousFigures ?? []);
  const entries = faithful.map((f, i) => toEntry(f, ids[i]!));

  const repeats: { line: number; number: string; id: string }[] = [];
  for (const r of restated) {
    const went = fate[r.of]!;
    if (typeof went === 'number') repeats.push({ line: r.line, number: r.text, id: ids[went]! });
    else leaveToPerson({ ...candidates[r.of]!, line: r.line, text: r.text }, went);
  }
  for (const n of resolved.pending) {
    const sectionRefs = new Set(article.sections[n.line.section]?.lines.flatMap((l) => l.stretches.flatMap((s) => s.refs)));
    const same = faithful.flatMap((f, i) => {
      const v = f.value;
      const equal =
        typeof v === 'number'
          ? !n.token.isRange && Math.abs(v) === n.token.low
          : 'low' in v && v.low === n.token.low && v.high === n.token.high;
      return equal && f.unit === n.token.unit && f.sources.some((s) => sectionRefs.has(s)) ? [ids[i]!] : [];
    });
    const id = [...new Set(same)];
    if (id.length === 1) repeats.push({ line: n.line.number, number: n.token.text, id: id[0]! });
    else
      unresolved.push({
        line: n.line.number,
        text: quoteAround(ctx, n),
        number: n.token.text,
        reason: 'a number in a heading that no figure of its section states',
      });
  }
  unresolved.sort((a, b) => a.line - b.line);
  repeats.sort((a, b) => a.line - b.line);

  const title = titleOf(article, asOf);
  const summary = summaryOf(article);
  const sources: SourceEntry[] = article.references.map((r) => ({
    number: r.number,
    publisher: r.publisher,
    ...(r.title !== undefined && { title: r.title }),
    ...(r.url !== undefined && { url: r.url }),
  }));
  const used = entries.flatMap((f) => [f.subject, ...(f.comparedTo === undefined ? [] : [f.comparedTo])]);
  const subjects = subjectsFor(used, catalogue);
  if (subjects.length === 0) {
    return {
      ok: false,
      error: 'no figure could be drafted from the article, so there is no snapshot to write; every number found is listed as unresolved',
    };
  }
  const figuresFile: FiguresFile = {
    $schema: '../figures.schema.json',
    asOf,
    title,
    ...(summary !== undefined && { summary }),
    sources,
    subjects,
    figures: entries,
  };
  return {
    ok: true,
    draft: {
      asOf,
      asOfReason: chosen.reason,
      figuresFile,
      narrative: buildNarrative(article, asOf, title, year),
      figures: entries.map((figure, i) => ({ id: figure.id, line: faithful[i]!.line, text: faithful[i]!.text, figure })),
      unresolved,
      repeats,
    },
  };
}
