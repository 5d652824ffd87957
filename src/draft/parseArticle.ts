import { clipToLimit, MAX_NAME_CHARS, MAX_SOURCE_TITLE_CHARS } from '../facts/dataLimits';
import { isSourceUrl } from '../facts/figuresSchema';
import { normalizeText } from '../facts/sourceFidelity';

/**
 * Reads an article, plain text or Markdown, into lines that know what they are
 * (heading, list item, paragraph, a line of reference markers), the sections
 * the headings open, the numbered reference list, and which reference markers
 * vouch for each stretch of each line.
 */

export interface Reference {
  readonly number: number;
  readonly publisher: string;
  readonly title?: string;
  readonly url?: string;
  readonly line: number;
}

export type LineKind = 'heading' | 'item' | 'paragraph' | 'marker' | 'blank';

/** A stretch of a line and the reference numbers that vouch for it. */
export interface Stretch {
  readonly start: number;
  readonly end: number;
  readonly refs: readonly number[];
}

export interface ArticleLine {
  /** 1-based line number in the file. */
  readonly number: number;
  /** The line as written, cleaned of control characters. */
  readonly text: string;
  readonly kind: LineKind;
  /** For headings: 1–3 in Markdown; plain-text headings count as 2. */
  readonly level: number;
  readonly section: number;
  stretches: readonly Stretch[];
  /** For list items: the line of the paragraph that introduces the list, if any. */
  listIntro: number | undefined;
  readonly disclaimer: boolean;
}

export interface ArticleSection {
  readonly heading: ArticleLine | undefined;
  readonly lines: ArticleLine[];
  readonly disclaimer: boolean;
}

export interface Article {
  readonly markdown: boolean;
  /** A title the article gives itself: a leading `# ` heading, or a plain first line that reads as a heading. */
  readonly title: string | undefined;
  readonly lines: readonly ArticleLine[];
  readonly sections: readonly ArticleSection[];
  readonly references: readonly Reference[];
  /** The body (everything before the reference list), cleaned, one entry per file line. */
  readonly body: string;
}

export type ParseResult = { ok: true; article: Article } | { ok: false; error: string };

const MARKER = /\[(\d+)\]/g;
const REFERENCES_HEADING = /^\s*(?:#{1,6}\s*)?(?:\*\*)?(?:references|sources)(?:\*\*)?\s*:?\s*$/i;
const MD_HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*(?:[-*+•])\s+/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+/;
const MARKER_LINE = /^\s*(?:\[\d+\]\s*[,;]?\s*)+$/;
const DISCLAIMER_HEADING = /\b(?:important note|disclaimer)\b/i;
const DISCLAIMER_TEXT = /\bnot (?:investment|financial) advice\b/i;
/** Control characters (but newline and tab) and the bidi overrides and isolates the data must never carry. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]/g;

/** The article's text with line endings, tabs and characters the data must not carry made plain. */
export function cleanText(text: string): string {
  return normalizeText(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(UNSAFE, ''));
}

function isPlainHeading(text: string, next: string | undefined): boolean {
  const t = text.trim();
  if (t === '' || next === undefined || BULLET.test(t) || /\[\d+\]/.test(t)) return false;
  const words = t.split(/\s+/).length;
  return t.length <= 120 && words <= 16 && !/[.,;:!]["”']?$/.test(t);
}

function parseReferenceText(text: string): Omit<Reference, 'number' | 'line'> | undefined {
  let rest = text.trim();
  let title: string | undefined;
  let url: string | undefined;
  const link = /\[([^\]]+)\]\((\S+?)\)/.exec(rest);
  if (link) {
    title = link[1]!.trim();
    url = link[2];
    rest = rest.replace(link[0], ' ').trim();
  }
  const bare = /<?(https?:\/\/[^\s<>]+?)>?(?=[\s,;)]|$)/.exec(rest);
  if (bare) {
    url ??= bare[1];
    rest = rest.replace(bare[0], ' ').trim();
  }
  const [head, ...tail] = rest.split(/\s+[—–-]\s+|\s*:\s+(?=\S)/);
  const tailText = tail.join(' – ').trim();
  if (tailText !== '') title ??= tailText;
  let publisher = (head ?? '').trim().replace(/[,;.]+$/, '');
  if (url !== undefined) {
    try {
      publisher = new URL(url).host || publisher;
    } catch {
      url = undefined;
    }
  }
  if (publisher === '' && title !== undefined) publisher = title;
  if (publisher === '') return undefined;
  const safeUrl = url !== undefined && isSourceUrl(url) ? url : undefined;
  return {
    publisher: clipToLimit(publisher, MAX_NAME_CHARS),
    ...(title !== undefined && title !== publisher && { title: clipToLimit(title, MAX_SOURCE_TITLE_CHARS) }),
    ...(safeUrl !== undefined && { url: safeUrl }),
  };
}

function parseReferences(lines: readonly string[], firstLine: number): { ok: true; refs: Reference[] } | { ok: false; error: string } {
  const refs: Reference[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = firstLine + i;
    if (raw.trim() === '') continue;
    const inline = [...raw.matchAll(/(?:^|,)\s*(\d+)\.\s+([^,]+?)\s*(?=,\s*\d+\.\s|,?\s*$)/g)];
    const perLine = /^\s*(?:[-*+]\s+)?\[?(\d+)\]?[.):]?\s+(.+)$/.exec(raw);
    const entries = inline.length >= 2 ? inline.map((m) => [m[1]!, m[2]!] as const) : perLine ? [[perLine[1]!, perLine[2]!] as const] : [];
    if (entries.length === 0) {
      return {
        ok: false,
        error: `line ${line}: the reference list should read "1. host" or "1. publisher — title https://…", got "${raw.trim().slice(0, 80)}"`,
      };
    }
    for (const [n, text] of entries) {
      const parsed = parseReferenceText(text);
      if (parsed === undefined) return { ok: false, error: `line ${line}: reference ${n} names no source` };
      const number = Number(n);
      if (number < 1) return { ok: false, error: `line ${line}: reference numbers start at 1, got ${n}` };
      const first = refs.find((r) => r.number === number);
      if (first !== undefined)
        return { ok: false, error: `line ${line}: reference ${number} is listed twice (first at line ${first.line})` };
      refs.push({ number, line, ...parsed });
    }
  }
  if (refs.length === 0) return { ok: false, error: `line ${firstLine - 1}: the reference list is empty` };
  return { ok: true, refs };
}

function classify(texts: readonly string[], markdown: boolean): { kind: LineKind; level: number }[] {
  // The next non-blank line after each, in one backward pass: slicing the rest of the article for every line was quadratic.
  const nextContent: (string | undefined)[] = [];
  let upcoming: string | undefined;
  for (let k = texts.length - 1; k >= 0; k--) {
    nextContent[k] = upcoming;
    if (texts[k]!.trim() !== '') upcoming = texts[k];
  }
  return texts.map((text, i) => {
    // An HTML comment line ("<!-- fiction -->") is a note to editors, not text.
    if (text.trim() === '' || /^\s*<!--.*-->\s*$/.test(text)) return { kind: 'blank', level: 0 };
    if (MARKER_LINE.test(text)) return { kind: 'marker', level: 0 };
    const md = MD_HEADING.exec(text);
    if (markdown) {
      if (md) return { kind: 'heading', level: Math.min(md[1]!.length, 3) };
      if (BULLET.test(text) || NUMBERED.test(text)) return { kind: 'item', level: 0 };
      return { kind: 'paragraph', level: 0 };
    }
    if (BULLET.test(text)) return { kind: 'item', level: 0 };
    if (isPlainHeading(text, nextContent[i])) return { kind: 'heading', level: 2 };
    if (NUMBERED.test(text)) return { kind: 'item', level: 0 };
    return { kind: 'paragraph', level: 0 };
  });
}

/** Marker groups in a text: "[3]" or "[3][4]" or "[3], [4]" vouch together for the text before them. */
function pieces(text: string): { start: number; end: number; refs: number[] }[] {
  const out: { start: number; end: number; refs: number[] }[] = [];
  let last = 0;
  let group: number[] = [];
  let groupEnd = 0;
  const markers = [...text.matchAll(MARKER)];
  markers.forEach((m, i) => {
    group.push(Number(m[1]));
    groupEnd = m.index + m[0].length;
    const next = markers[i + 1];
    const joined = next !== undefined && /^[\s,;]*$/.test(text.slice(groupEnd, next.index));
    if (!joined) {
      out.push({ start: last, end: groupEnd, refs: group });
      last = groupEnd;
      group = [];
    }
  });
  if (last < text.length) out.push({ start: last, end: text.length, refs: [] });
  return out;
}

/**
 * Which markers vouch for each stretch of text: the marker that closes the
 * sentence or paragraph; for a list item without its own marker, the marker
 * ending the line that introduces the list, else the next marker in the list
 * or a line of markers closing it.
 */
/** For each piece, the refs of the first later piece that has some. */
function laterRefs(parts: readonly { refs: readonly number[] }[]): (readonly number[] | undefined)[] {
  const out: (readonly number[] | undefined)[] = new Array<readonly number[] | undefined>(parts.length);
  let next: readonly number[] | undefined;
  for (let k = parts.length - 1; k >= 0; k--) {
    out[k] = next;
    if (parts[k]!.refs.length > 0) next = parts[k]!.refs;
  }
  return out;
}

function attribute(lines: ArticleLine[], markdown: boolean): void {
  const nextContent: (LineKind | undefined)[] = new Array<LineKind | undefined>(lines.length);
  let upcoming: LineKind | undefined;
  for (let k = lines.length - 1; k >= 0; k--) {
    if (lines[k]!.kind !== 'blank') upcoming = lines[k]!.kind;
    nextContent[k] = upcoming;
  }
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.kind !== 'paragraph' && line.kind !== 'item') {
      i++;
      continue;
    }
    const kind = line.kind;
    const block: ArticleLine[] = [];
    let j = i;
    while (j < lines.length) {
      const l = lines[j]!;
      if (l.kind === kind) block.push(l);
      else if (!(l.kind === 'blank' && kind === 'item' && nextContent[j] === 'item')) break;
      j++;
      // In Markdown a paragraph runs over several lines; in plain text each line is one.
      if (kind === 'paragraph' && !(markdown && lines[j]?.kind === 'paragraph')) break;
    }
    // A line of markers closes the block before it, in Markdown also across a blank line (a table, then "[3]").
    const closing = lines[j]?.kind === 'blank' && markdown ? lines[j + 1] : lines[j];
    const closer = closing?.kind === 'marker' ? [...closing.text.matchAll(MARKER)].map((m) => Number(m[1])) : [];
    const introLine = kind === 'item' ? previousContent(lines, i) : undefined;
    const introRefs = introLine !== undefined && introLine.kind === 'paragraph' ? trailingRefs(introLine.text) : [];
    const all = block.map((l) => ({ line: l, parts: pieces(l.text) }));
    const laterInBlock = laterRefs(all.flatMap((b) => b.parts));
    let at = 0;
    for (const { line: l, parts } of all) {
      if (kind === 'item' && introLine?.kind === 'paragraph') l.listIntro = introLine.number;
      const laterInItem = laterRefs(parts);
      l.stretches = parts.map((p, k) => {
        const inBlock = laterInBlock[at++];
        if (p.refs.length > 0) return p;
        if (kind === 'item' && introRefs.length > 0) return { ...p, refs: introRefs };
        return { ...p, refs: (kind === 'item' ? laterInItem[k] : undefined) ?? inBlock ?? closer };
      });
    }
    i = j;
  }
}

function previousContent(lines: readonly ArticleLine[], i: number): ArticleLine | undefined {
  for (let k = i - 1; k >= 0; k--) if (lines[k]!.kind !== 'blank') return lines[k];
  return undefined;
}

function trailingRefs(text: string): number[] {
  const m = /((?:\[\d+\][\s,;]*)+)$/.exec(text.trimEnd());
  return m ? [...m[1]!.matchAll(MARKER)].map((x) => Number(x[1])) : [];
}

/** Parses a cleaned article (see `cleanText`). */
export function parseArticle(text: string): ParseResult {
  const all = text.split('\n');
  let refIndex = -1;
  for (let i = all.length - 1; i >= 0; i--) {
    if (REFERENCES_HEADING.test(all[i]!)) {
      refIndex = i;
      break;
    }
  }
  if (refIndex === -1) {
    return { ok: false, error: 'no reference list: the article must end with a "References" line followed by its numbered sources' };
  }
  const refs = parseReferences(all.slice(refIndex + 1), refIndex + 2);
  if (!refs.ok) return refs;
  const known = new Set(refs.refs.map((r) => r.number));
  const bodyTexts = all.slice(0, refIndex);
  const markdown = bodyTexts.some((t) => /^#{1,3}\s+\S/.test(t));
  const kinds = classify(bodyTexts, markdown);

  const lines: ArticleLine[] = [];
  const sections: ArticleSection[] = [{ heading: undefined, lines: [], disclaimer: false }];
  let title: string | undefined;
  let seenContent = false;
  for (let i = 0; i < bodyTexts.length; i++) {
    const t = bodyTexts[i]!;
    for (const m of t.matchAll(MARKER)) {
      if (!known.has(Number(m[1]))) return { ok: false, error: `line ${i + 1}: [${m[1]}] has no entry in the reference list` };
    }
    const { kind, level } = kinds[i]!;
    if (kind === 'heading' && !seenContent && title === undefined && (level === 1 || !markdown)) {
      title = (MD_HEADING.exec(t)?.[2] ?? t).trim();
      lines.push({ number: i + 1, text: t, kind: 'heading', level: 1, section: 0, stretches: [], listIntro: undefined, disclaimer: false });
      continue;
    }
    if (kind === 'heading') {
      sections.push({ heading: undefined, lines: [], disclaimer: DISCLAIMER_HEADING.test(t) });
    }
    if (kind !== 'blank') seenContent = true;
    const section = sections.length - 1;
    const line: ArticleLine = {
      number: i + 1,
      text: t,
      kind,
      level,
      section,
      stretches: [{ start: 0, end: t.length, refs: [] }],
      listIntro: undefined,
      disclaimer: sections[section]!.disclaimer || DISCLAIMER_TEXT.test(t),
    };
    if (kind === 'heading') sections[section] = { ...sections[section]!, heading: line };
    sections[section]!.lines.push(line);
    lines.push(line);
  }
  attribute(lines, markdown);
  return { ok: true, article: { markdown, title, lines, sections, references: refs.refs, body: bodyTexts.join('\n') } };
}

/** The heading's words, without Markdown hashes or a leading list number. */
export function headingText(line: ArticleLine): string {
  return (MD_HEADING.exec(line.text)?.[2] ?? line.text).replace(NUMBERED, '').trim();
}

/** The reference numbers that vouch for position `col` of a line. */
export function refsAt(line: ArticleLine, col: number): readonly number[] {
  const s = line.stretches[lastStartingBy(line.stretches, col)];
  return s !== undefined && col < s.end ? s.refs : [];
}

/** Index of the last item (sorted by start) that starts at or before `col`, or -1: lines may hold thousands. */
export function lastStartingBy(items: readonly { readonly start: number }[], col: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start <= col) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A sentence of a line, by offsets into the line's text. */
export interface Sentence {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const ABBREVIATION =
  /(?:\b[A-Z]\.)+$|\b(?:vs|e\.g|i\.e|etc|Inc|Corp|Co|Ltd|Mr|Ms|Dr|St|No|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$/;

/** Splits a line into sentences; "U.S." and "vs." do not end one. */
export function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?]["”')\]]*(?:\s*\[\d+\])*\s+(?=["“(]?[A-Z0-9])/g)) {
    const stop = m.index + 1;
    if (ABBREVIATION.test(text.slice(Math.max(start, stop - 12), stop))) continue;
    const end = m.index + m[0].length;
    out.push({ start, end, text: text.slice(start, end) });
    start = end;
  }
  if (start < text.length) out.push({ start, end: text.length, text: text.slice(start) });
  return out;
}
