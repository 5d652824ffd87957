import { QUALIFIERS, type FigureEntry, type FigureValue, type Qualifier } from './figuresSchema';
import type { Unit } from './metrics';

/**
 * The fidelity rule shared by the data test and the drafter: a figure's value
 * must appear in the text of every source it cites. An article is read as
 * spans, each vouched for by the reference marker that closes it, and numbers
 * are read from a span the way the article writes them (dates, list numbering
 * and index names such as "Russell 2000" are not numbers).
 */

/** A stretch of text and the reference markers that vouch for it. */
export interface Span {
  readonly text: string;
  readonly refs: readonly number[];
  /** 1-based line where the span starts. */
  readonly line: number;
}

/** A number as written: a single value (low = high) or a range, its unit and the hedge word before it. */
export interface NumberToken {
  readonly text: string;
  readonly low: number;
  readonly high: number;
  readonly isRange: boolean;
  readonly unit: Unit;
  readonly hedge: Qualifier | undefined;
  /** The sign written with the number ("+0.2", "−0.4"), if any. */
  readonly sign: '+' | '-' | undefined;
  /** Position in the text, for quoting the sentence. */
  readonly index: number;
}

/** A number in context: the span it sits in and its line. */
export interface Occurrence {
  readonly token: NumberToken;
  readonly span: Span;
  readonly line: number;
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
export const MARKER = /\[(\d+)\]/g;
const TRAILING_MARKER = /\[(\d+)\]\s*$/;
const LIST_ITEM = /^\s*[-*+]\s/;
const HEADING = /^#{1,6}\s/;
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const UNIT_SUFFIX = String.raw`%|\s?(?:percent|per cent)\b|x\b|\s?times\b|\s?(?:bp|bps|basis points?)\b`;
const NUMBER_TOKEN = new RegExp(String.raw`([+\-−]?)(${NUMBER})(?:\s*[–-]\s*(${NUMBER}))?(${UNIT_SUFFIX})?`, 'g');
/** Calendar notation: these digits are dates, never figures. */
const CALENDAR = [
  /\b\d{4}-\d{2}-\d{2}\b/g,
  /\b\d{4}-Q[1-4]\b/g,
  new RegExp(String.raw`(?:\b\d{1,2}(?:\s*[–-]\s*\d{1,2})?\s+)?\b(?:${MONTHS})\b(?:\s+\d{4})?`, 'g'),
  /\bQ[1-4]\b/g,
  /\b(?:19|20)\d{2}\b(?!\s*(?:%|x\b|bp\b)|\.\d)/g,
];
/** "1. Base Case": the numbering of a list is structure, like the [n] markers. */
const LIST_ORDINAL = /^\s*\d+\.(?=\s)/gm;
const HEDGE_PATTERNS = [...QUALIFIERS]
  .sort((a, b) => b.length - a.length)
  .map((h) => [h, new RegExp(`(?:^|[^a-z])${escapeRegExp(h)}$`)] as const);

/** Non-breaking hyphens, curly apostrophes and non-breaking spaces read as their plain forms. */
export function normalizeText(text: string): string {
  return text.replaceAll('\u2011', '-').replaceAll('\u2019', "'").replaceAll('\u00a0', ' ');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function markersIn(text: string): number[] {
  return [...text.matchAll(MARKER)].map((m) => Number(m[1]));
}

/**
 * Splits text into spans, each vouched for by the first marker after it. Items
 * of a list whose introducing line ends in a marker ("… shows: [25]") are
 * vouched for by that marker too. A Markdown heading starts a new span, so a
 * section cannot borrow a reference from the next one.
 */
export function toSpans(text: string): Span[] {
  const spans: Span[] = [];
  let pending: string[] = [];
  let pendingLine = 1;
  let owner: number | undefined;
  const hold = (chunk: string, line: number) => {
    // Blank leftovers (the end of a line after its marker) would shift the span's line numbers.
    if (pending.every((p) => p.trim() === '')) {
      pendingLine = line;
      pending = [];
    }
    pending.push(chunk);
  };
  const flush = (refs: readonly number[]) => {
    if (refs.length > 0 || pending.some((p) => p.trim() !== '')) spans.push({ text: pending.join('\n'), refs, line: pendingLine });
    pending = [];
  };
  text.split('\n').forEach((line, i) => {
    const lineNumber = i + 1;
    const isItem = LIST_ITEM.test(line);
    if (owner !== undefined && (isItem || line.trim() === '')) {
      if (isItem) spans.push({ text: line.replace(MARKER, ' '), refs: [owner, ...markersIn(line)], line: lineNumber });
      return;
    }
    owner = undefined;
    if (HEADING.test(line)) flush([]);
    let last = 0;
    for (const m of line.matchAll(MARKER)) {
      hold(line.slice(last, m.index), lineNumber);
      flush([Number(m[1])]);
      last = m.index + m[0].length;
    }
    hold(line.slice(last), lineNumber);
    const trailing = TRAILING_MARKER.exec(line);
    if (!isItem && trailing) owner = Number(trailing[1]);
  });
  flush([]);
  return spans;
}

/** Names that contain digits ("Russell 2000", "S&P 500"), longest first so "STOXX Europe 600" wins over "STOXX 600". */
export function digitNames(names: Iterable<string>): string[] {
  return [...new Set([...names].filter((n) => /\d/.test(n)))].sort((a, b) => b.length - a.length);
}

/** Blanks out every digit that is not a figure: reviewed exclusions, index names, dates, list numbering. */
const namePatterns = new WeakMap<readonly string[], RegExp | null>();

/** One pattern for all names, longest first, compiled once per list: masking runs once per span. */
function namePattern(names: readonly string[]): RegExp | null {
  let pattern = namePatterns.get(names);
  if (pattern === undefined) {
    pattern = names.length === 0 ? null : new RegExp(`(?<![\\w])(?:${names.map(escapeRegExp).join('|')})(?![\\w])`, 'gi');
    namePatterns.set(names, pattern);
  }
  return pattern;
}

export function maskNonFigures(text: string, names: readonly string[], exclusions: readonly string[] = []): string {
  const blank = (s: string) => ' '.repeat(s.length);
  let masked = text;
  for (const excluded of exclusions) masked = masked.replaceAll(excluded, blank);
  const pattern = namePattern(names);
  if (pattern !== null) masked = masked.replace(pattern, blank);
  for (const pattern of CALENDAR) masked = masked.replace(pattern, blank);
  return masked.replace(LIST_ORDINAL, blank);
}

/** The hedge word written just before position `index`, skipping "a", "an", "the", quotes and a plus sign. */
export function hedgeBefore(text: string, index: number): Qualifier | undefined {
  const before = text
    .slice(Math.max(0, index - 40), index)
    .toLowerCase()
    .replace(/[\s(“"+]+$/, '')
    .replace(/(?:\s+(?:a|an|the))+$/, '');
  return HEDGE_PATTERNS.find(([, pattern]) => pattern.test(before))?.[0];
}

function parseNumber(text: string): number {
  return Number(text.replaceAll(',', ''));
}

function unitOf(suffix: string | undefined): Unit {
  const s = (suffix ?? '').trim().toLowerCase();
  if (s === '%' || s === 'percent' || s === 'per cent') return 'percent';
  if (s === 'x' || s === 'times') return 'multiple';
  if (s === 'bp' || s === 'bps' || s.startsWith('basis point')) return 'basis-points';
  return 'points';
}

export function numberTokens(masked: string): NumberToken[] {
  return [...masked.matchAll(NUMBER_TOKEN)].map((m) => {
    const low = parseNumber(m[2]!);
    const high = m[3] === undefined ? low : parseNumber(m[3]);
    const sign = m[1] === '+' ? '+' : m[1] === '' || m[1] === undefined ? undefined : '-';
    return {
      text: m[0].trim(),
      low,
      high,
      isRange: m[3] !== undefined,
      unit: unitOf(m[4]),
      hedge: hedgeBefore(masked, m.index),
      sign,
      index: m.index,
    };
  });
}

/** Every number of every span, with the line it is on. */
export function occurrences(spans: readonly Span[], names: readonly string[], exclusions: readonly string[] = []): Occurrence[] {
  return spans.flatMap((span) => {
    const masked = maskNonFigures(span.text, names, exclusions);
    return numberTokens(masked).map((token) => ({
      token,
      span,
      line: span.line + (span.text.slice(0, token.index).match(/\n/g)?.length ?? 0),
    }));
  });
}

/** Whether a figure's value is the number written: equal in absolute value, or a range with those ends (or that end). */
export function valueMatches(value: FigureValue, token: NumberToken): boolean {
  if (typeof value === 'number') return !token.isRange && Math.abs(value) === token.low;
  if ('word' in value) return false;
  if (token.isRange) {
    // A fall written "fell 1–2%" is held as the range -2…-1.
    return (value.low === token.low && value.high === token.high) || (value.low === -token.high && value.high === -token.low);
  }
  return value.low === token.low || value.high === token.low;
}

export function describeValue(value: FigureValue): string {
  if (typeof value === 'number') return String(value);
  if ('word' in value) return `"${value.word}"`;
  return `${value.low}–${value.high}`;
}

function wordPosition(text: string, word: string): number {
  return normalizeText(text).search(new RegExp(`(?<![\\w-])${escapeRegExp(word)}(?![\\w-])`, 'i'));
}

/** The article read once for checking figures against it. */
export interface SourceText {
  readonly spans: readonly Span[];
  readonly numbers: readonly Occurrence[];
  /** The spans and numbers each reference vouches for, so checking many figures stays linear. */
  readonly byRef: ReadonlyMap<number, { readonly spans: readonly Span[]; readonly numbers: ReadonlyMap<number, readonly Occurrence[]> }>;
  readonly names: readonly string[];
  readonly exclusions: readonly string[];
}

/** Reads an article body (normalized, without its reference list) for `figureStatedBySources`. */
export function readSourceText(body: string, names: readonly string[], exclusions: readonly string[] = []): SourceText {
  const spans = toSpans(body);
  const numbers = occurrences(spans, names, exclusions);
  const byRef = new Map<number, { spans: Span[]; numbers: Map<number, Occurrence[]> }>();
  const entry = (n: number) => {
    let e = byRef.get(n);
    if (e === undefined) byRef.set(n, (e = { spans: [], numbers: new Map() }));
    return e;
  };
  for (const span of spans) for (const n of new Set(span.refs)) entry(n).spans.push(span);
  for (const o of numbers) {
    for (const n of new Set(o.span.refs)) {
      const byLow = entry(n).numbers;
      const same = byLow.get(o.token.low);
      if (same === undefined) byLow.set(o.token.low, [o]);
      else same.push(o);
    }
  }
  return { spans, numbers, byRef, names, exclusions };
}

/** What each cited source says of a figure: where it fails to state the value, and the hedge words it writes. */
export interface FidelityResult {
  /** One message per cited source whose text does not state the value; empty when the figure is faithful. */
  readonly problems: readonly string[];
  /** The hedge written with the value wherever a cited source states it. */
  readonly hedges: readonly (Qualifier | undefined)[];
}

/** The rule: a figure's value must appear, in its unit (or as its word), in the text of every source it cites. */
export function figureStatedBySources(figure: Pick<FigureEntry, 'id' | 'value' | 'unit' | 'sources'>, source: SourceText): FidelityResult {
  const problems: string[] = [];
  const hedges: (Qualifier | undefined)[] = [];
  const quote = (spans: readonly Span[]) => {
    const text = spans
      .slice(0, 5)
      .map((s) => s.text.replace(/\s+/g, ' ').trim())
      .join(' … ');
    return text.length <= 600 ? text : `${text.slice(0, 599)}…`;
  };
  for (const n of figure.sources) {
    const cited = source.byRef.get(n);
    const spans = cited?.spans ?? [];
    const value = figure.value;
    if (typeof value === 'object' && 'word' in value) {
      const found = spans.filter((s) => wordPosition(s.text, value.word) !== -1);
      for (const s of found) {
        hedges.push(hedgeBefore(maskNonFigures(s.text, source.names, source.exclusions), wordPosition(s.text, value.word)));
      }
      if (found.length === 0) {
        problems.push(
          `figure ${figure.id} says "${value.word}" citing [${n}], but the article's text for [${n}] does not: “${quote(spans)}”`,
        );
      }
    } else {
      // Numbers are indexed by their (unsigned) first value; a range value can match a token at either end.
      const keys = typeof value === 'number' ? [Math.abs(value)] : [value.low, value.high, -value.low, -value.high];
      const candidates = [...new Set(keys.flatMap((k) => cited?.numbers.get(k) ?? []))];
      const found = candidates.filter((o) => valueMatches(value, o.token) && o.token.unit === figure.unit);
      hedges.push(...found.map((o) => o.token.hedge));
      if (found.length === 0) {
        problems.push(
          `figure ${figure.id} says ${describeValue(value)} ${figure.unit} citing [${n}], but the article's text for [${n}] does not: “${quote(spans)}”`,
        );
      }
    }
  }
  return { problems, hedges };
}
