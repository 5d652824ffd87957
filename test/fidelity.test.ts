import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, test, expect } from 'vitest';
import { figuresFileSchema, QUALIFIERS, type FigureValue, type FiguresFile, type Qualifier } from '../src/facts/figuresSchema';
import type { Unit } from '../src/facts/metrics';
import { FIDELITY_EXCLUSIONS } from './fidelityExclusions';

/*
 * The data set must say exactly what the article says: this test reads every
 * number of the article and checks the figures hold it with the same unit and
 * reference, then checks the other way round that each figure's value is stated
 * by each source it cites. A verbatim copy of the article the data set was
 * written from lives in test/fixtures, so the check runs from any clone.
 */
const ARTICLE_PATH = fileURLToPath(new URL('./fixtures/article-2025-12-07.txt', import.meta.url));
const FIGURES_URL = new URL('../data/2025-12-07/figures.json', import.meta.url);
const NARRATIVE_URL = new URL('../data/2025-12-07/narrative.md', import.meta.url);

/** A stretch of text and the reference markers that vouch for it. */
interface Span {
  readonly text: string;
  readonly refs: readonly number[];
  /** 1-based line where the span starts. */
  readonly line: number;
}

/** A number as written: a single value (low = high) or a range, its unit and the hedge word before it. */
interface NumberToken {
  readonly text: string;
  readonly low: number;
  readonly high: number;
  readonly isRange: boolean;
  readonly unit: Unit;
  readonly hedge: Qualifier | undefined;
  /** Position in the span's text, for quoting the sentence. */
  readonly index: number;
}

/** A number in context: the span it sits in, its line, and the sentence to quote when it is wrong. */
interface Occurrence {
  readonly token: NumberToken;
  readonly span: Span;
  readonly line: number;
  readonly sentence: string;
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const MARKER = /\[(\d+)\]/g;
const TRAILING_MARKER = /\[(\d+)\]\s*$/;
const LIST_ITEM = /^\s*[-*+]\s/;
const HEADING = /^#{1,6}\s/;
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const NUMBER_TOKEN = new RegExp(String.raw`([+\-−]?)(${NUMBER})(?:\s*[–-]\s*(${NUMBER}))?(%|x\b|\s?bp\b)?`, 'g');
/** Calendar notation: these digits are dates, never figures. */
const CALENDAR = [
  /\b\d{4}-\d{2}-\d{2}\b/g,
  /\b\d{4}-Q[1-4]\b/g,
  new RegExp(String.raw`(?:\b\d{1,2}(?:\s*[–-]\s*\d{1,2})?\s+)?\b(?:${MONTHS})\b(?:\s+\d{4})?`, 'g'),
  /\bQ[1-4]\b/g,
  /\b(?:19|20)\d{2}\b(?!\s*(?:%|x\b|bp\b))/g,
];
/** "1. Base Case": the numbering of a list is structure, like the [n] markers. */
const LIST_ORDINAL = /^\s*\d+\.(?=\s)/gm;
const HEDGES = [...QUALIFIERS].sort((a, b) => b.length - a.length);

function normalize(text: string): string {
  return text.replaceAll('\u2011', '-').replaceAll('\u2019', "'").replaceAll('\u00a0', ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function articleBody(article: string): string {
  const end = article.search(/^References\s*$/m);
  return end === -1 ? article : article.slice(0, end);
}

/** The References line: "1. www.reuters.com, 2. lipperalpha.refinitiv.com, …". */
function articleReferences(article: string): { number: number; publisher: string }[] {
  const start = article.search(/^References\s*$/m);
  if (start === -1) return [];
  const line = article.slice(start).split('\n').slice(1).join(' ');
  return [...line.matchAll(/(\d+)\.\s+([^,\s]+)/g)].map((m) => ({ number: Number(m[1]), publisher: m[2]! }));
}

function markersIn(text: string): number[] {
  return [...text.matchAll(MARKER)].map((m) => Number(m[1]));
}

/**
 * Splits text into spans, each vouched for by the first marker after it. Items
 * of a list whose introducing line ends in a marker ("… shows: [25]") are
 * vouched for by that marker too. A Markdown heading starts a new span, so a
 * section cannot borrow a reference from the next one.
 */
function toSpans(text: string): Span[] {
  const spans: Span[] = [];
  let pending: string[] = [];
  let pendingLine = 1;
  let owner: number | undefined;
  const hold = (chunk: string, line: number) => {
    if (pending.every((p) => p.trim() === '')) pendingLine = line;
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
function digitNames(file: FiguresFile): string[] {
  const names = file.subjects.flatMap((s) => [s.name, ...s.aliases]).filter((n) => /\d/.test(n));
  return [...new Set(names)].sort((a, b) => b.length - a.length);
}

/** Blanks out every digit that is not a figure: exclusions, index names, dates, list numbering. */
function maskNonFigures(text: string, names: readonly string[]): string {
  const blank = (s: string) => ' '.repeat(s.length);
  let masked = text;
  for (const { text: excluded } of FIDELITY_EXCLUSIONS) masked = masked.replaceAll(excluded, blank);
  for (const name of names) masked = masked.replace(new RegExp(`(?<![\\w])${escapeRegExp(name)}(?![\\w])`, 'gi'), blank);
  for (const pattern of CALENDAR) masked = masked.replace(pattern, blank);
  return masked.replace(LIST_ORDINAL, blank);
}

/** The hedge word written just before position `index`, skipping "a", "an", "the", quotes and a plus sign. */
function hedgeBefore(text: string, index: number): Qualifier | undefined {
  const before = text
    .slice(0, index)
    .toLowerCase()
    .replace(/[\s(“"+]+$/, '')
    .replace(/(?:\s+(?:a|an|the))+$/, '');
  return HEDGES.find((h) => new RegExp(`(?:^|[^a-z])${escapeRegExp(h)}$`).test(before));
}

function parseNumber(text: string): number {
  return Number(text.replaceAll(',', ''));
}

function unitOf(suffix: string | undefined): Unit {
  const s = (suffix ?? '').trim();
  if (s === '%') return 'percent';
  if (s === 'x') return 'multiple';
  if (s === 'bp') return 'basis-points';
  return 'points';
}

function numberTokens(masked: string): NumberToken[] {
  return [...masked.matchAll(NUMBER_TOKEN)].map((m) => {
    const low = parseNumber(m[2]!);
    const high = m[3] === undefined ? low : parseNumber(m[3]);
    return {
      text: m[0].trim(),
      low,
      high,
      isRange: m[3] !== undefined,
      unit: unitOf(m[4]),
      hedge: hedgeBefore(masked, m.index),
      index: m.index,
    };
  });
}

function sentenceAround(text: string, index: number): string {
  const boundary = /[.!?](?=\s)|\n/g;
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(boundary)) {
    if (m.index < index) start = m.index + 1;
    else {
      end = m.index + 1;
      break;
    }
  }
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}

function occurrences(spans: readonly Span[], names: readonly string[]): Occurrence[] {
  return spans.flatMap((span) => {
    const masked = maskNonFigures(span.text, names);
    return numberTokens(masked).map((token) => ({
      token,
      span,
      line: span.line + (span.text.slice(0, token.index).match(/\n/g)?.length ?? 0),
      sentence: sentenceAround(span.text, token.index),
    }));
  });
}

/** Whether a figure's value is the number written: equal in absolute value, or a range with that end. */
function valueMatches(value: FigureValue, token: NumberToken): boolean {
  if (typeof value === 'number') return !token.isRange && Math.abs(value) === token.low;
  if ('word' in value) return false;
  if (token.isRange) return value.low === token.low && value.high === token.high;
  return value.low === token.low || value.high === token.low;
}

function sameNumber(a: NumberToken, b: NumberToken): boolean {
  return a.isRange === b.isRange && a.low === b.low && a.high === b.high && a.unit === b.unit;
}

function describeValue(value: FigureValue): string {
  if (typeof value === 'number') return String(value);
  if ('word' in value) return `"${value.word}"`;
  return `${value.low}–${value.high}`;
}

function refsText(refs: readonly number[]): string {
  return refs.length === 0 ? 'no reference' : refs.map((n) => `[${n}]`).join(' ');
}

function wordPosition(text: string, word: string): number {
  return normalize(text).search(new RegExp(`(?<![\\w-])${escapeRegExp(word)}(?![\\w-])`, 'i'));
}

const article = normalize(readFileSync(ARTICLE_PATH, 'utf8'));
const body = articleBody(article);
const figuresFile = figuresFileSchema.parse(JSON.parse(readFileSync(FIGURES_URL, 'utf8')));
const narrative = normalize(readFileSync(NARRATIVE_URL, 'utf8'));
const names = digitNames(figuresFile);
const articleSpans = toSpans(body);
const articleNumbers = occurrences(articleSpans, names);
const narrativeNumbers = occurrences(toSpans(narrative), names);

describe('the fidelity test reads numbers the way the article writes them', () => {
  test('GIVEN a date, a year, a quarter, an index name and a range THEN only the range is read, with its hedge', () => {
    const tokens = numberTokens(maskNonFigures('On Friday, 5 December 2025, in Q3 2025 the S&P 500 rose around +0.2–0.3%.', ['S&P 500']));
    expect(tokens).toEqual([expect.objectContaining({ low: 0.2, high: 0.3, isRange: true, unit: 'percent', hedge: 'around' })]);
  });

  test('GIVEN the notations 2,521.48, 23x, 25 bp and 62.7% THEN each gets its unit', () => {
    const tokens = numberTokens('to 2,521.48 near 23x another 25 bp about 62.7%');
    expect(tokens.map((t) => [t.low, t.unit, t.hedge])).toEqual([
      [2521.48, 'points', undefined],
      [23, 'multiple', 'near'],
      [25, 'basis-points', undefined],
      [62.7, 'percent', 'about'],
    ]);
  });

  test('GIVEN a list introduced by a line ending in a marker THEN its items cite that marker and later text cites the next one', () => {
    const spans = toSpans('A dashboard shows: [25]\n- growth 62.7%\n- beat rate 61.9%\nMeanwhile 3% rose. [26]');
    expect(spans.map((s) => [s.text.trim(), s.refs])).toEqual([
      ['A dashboard shows:', [25]],
      ['- growth 62.7%', [25]],
      ['- beat rate 61.9%', [25]],
      ['Meanwhile 3% rose.', [26]],
    ]);
  });

  test('GIVEN the article THEN it yields numbers to check and every exclusion is still needed', () => {
    expect(articleNumbers.length).toBeGreaterThan(0);
    const unused = FIDELITY_EXCLUSIONS.filter((e) => !body.includes(e.text)).map((e) => e.text);
    expect(unused, `exclusions that no longer match the article (remove them): ${unused.join('; ')}`).toEqual([]);
  });
});

describe('GIVEN the article THEN every number it states is a figure citing the same reference', () => {
  for (const { token, span, line, sentence } of articleNumbers) {
    test(`GIVEN "${token.text}" on article line ${line} cited by ${refsText(span.refs)} THEN a figure holds it in ${token.unit} and cites that reference`, () => {
      const sameValue = figuresFile.figures.filter((f) => valueMatches(f.value, token) && f.unit === token.unit);
      const cited = sameValue.filter((f) => f.sources.some((n) => span.refs.includes(n)));
      const elsewhere = sameValue.map((f) => `${f.id} ${refsText(f.sources)}`).join(', ') || 'none';
      expect(
        cited.map((f) => f.id),
        `the article (line ${line}) says "${token.text}" (${token.unit}) citing ${refsText(span.refs)} in: “${sentence}”; ` +
          `no figure holds it with that reference (figures with that value and unit: ${elsewhere}). ` +
          'Add or fix the figure, or, if it is not a figure, add a reviewed entry to test/fidelityExclusions.ts.',
      ).not.toEqual([]);
    });
  }
});

describe('GIVEN figures.json THEN every figure is stated by each source it cites', () => {
  const spansCiting = (n: number) => articleSpans.filter((s) => s.refs.includes(n));

  for (const figure of figuresFile.figures) {
    test(`GIVEN figure ${figure.id} = ${describeValue(figure.value)} ${refsText(figure.sources)} THEN the article states it there with qualifier ${figure.qualifier ?? 'none'}`, () => {
      const hedges: (Qualifier | undefined)[] = [];
      for (const n of figure.sources) {
        const spans = spansCiting(n);
        const value = figure.value;
        if (typeof value === 'object' && 'word' in value) {
          const found = spans.filter((s) => wordPosition(s.text, value.word) !== -1);
          for (const s of found) hedges.push(hedgeBefore(maskNonFigures(s.text, names), wordPosition(s.text, value.word)));
          expect(
            found.length,
            `figure ${figure.id} says "${value.word}" citing [${n}], but the article's text for [${n}] does not: “${spans.map((s) => s.text.replace(/\s+/g, ' ').trim()).join(' … ')}”`,
          ).toBeGreaterThan(0);
        } else {
          const found = articleNumbers.filter(
            (o) => o.span.refs.includes(n) && valueMatches(value, o.token) && o.token.unit === figure.unit,
          );
          hedges.push(...found.map((o) => o.token.hedge));
          expect(
            found.length,
            `figure ${figure.id} says ${describeValue(value)} ${figure.unit} citing [${n}], but the article's text for [${n}] does not: “${spans.map((s) => s.text.replace(/\s+/g, ' ').trim()).join(' … ')}”`,
          ).toBeGreaterThan(0);
        }
      }
      const written = [...new Set(hedges.map((h) => h ?? 'none'))];
      if (figure.qualifier === undefined) {
        expect(written, `figure ${figure.id} has no qualifier but the article hedges it`).toEqual(['none']);
      } else {
        expect(written, `figure ${figure.id} says "${figure.qualifier}" but the article writes: ${written.join(', ')}`).toContain(
          figure.qualifier,
        );
      }
    });
  }
});

describe('GIVEN the References line THEN figures.json keeps every source as printed', () => {
  test('GIVEN each numbered reference THEN a source has the same number and publisher, and there is no other source', () => {
    const references = articleReferences(article);
    const publishers = new Map(figuresFile.sources.map((s) => [s.number, s.publisher]));
    const problems = [
      ...references
        .filter((r) => publishers.get(r.number) !== r.publisher)
        .map(
          (r) =>
            `[${r.number}] is "${r.publisher}" in the article but ${publishers.has(r.number) ? `"${publishers.get(r.number)}"` : 'missing'} in figures.json`,
        ),
      ...figuresFile.sources
        .filter((s) => !references.some((r) => r.number === s.number))
        .map((s) => `[${s.number}] is not in the article's References`),
    ];
    expect(references.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

describe('GIVEN narrative.md THEN it cites real sources and changes no number', () => {
  test('GIVEN every [n] marker in the narrative THEN it names a source of figures.json', () => {
    const known = new Set(figuresFile.sources.map((s) => s.number));
    const dangling = markersIn(narrative).filter((n) => !known.has(n));
    expect(markersIn(narrative).length).toBeGreaterThan(0);
    expect(dangling, `markers with no source: ${dangling.join(', ')}`).toEqual([]);
  });

  for (const { token, span, line, sentence } of narrativeNumbers) {
    test(`GIVEN narrative line ${line} says "${token.text}" THEN the article says the same with ${refsText(span.refs)}`, () => {
      const matches = articleNumbers.filter((o) => sameNumber(o.token, token) && o.span.refs.some((n) => span.refs.includes(n)));
      const sameHedge = matches.filter((o) => o.token.hedge === token.hedge);
      expect(
        matches.length,
        `narrative.md line ${line} says "${token.text}" citing ${refsText(span.refs)} in “${sentence}”, but the article never states that number with that reference`,
      ).toBeGreaterThan(0);
      expect(
        sameHedge.length,
        `narrative.md line ${line} says "${token.text}" with hedge "${token.hedge ?? 'none'}" in “${sentence}”; the article writes ${matches.map((o) => `"${o.token.hedge ?? 'none'}"`).join(', ')}`,
      ).toBeGreaterThan(0);
    });
  }
});

/** Words that say which way a move went, read around the number in the article. */
const FALLING = /\b(?:slipped|fell|dropped|declined|lost|lower|down)\b|−|-(?=\d)/i;
const RISING = /\b(?:up|rose|gained|gains|surge|surged|rallied|advance|advanced|higher)\b|\+/i;

function directionAround(text: string, token: NumberToken): 'falling' | 'rising' | undefined {
  const start = token.index + text.slice(token.index).indexOf(token.text);
  const end = start + token.text.length;
  // The sign written with the number ("+0.2", "−0.4") counts, so the window keeps its first character.
  const around = `${text.slice(Math.max(0, start - 25), start + 1)} ${text.slice(end, end + 15)}`;
  if (FALLING.test(around)) return 'falling';
  if (RISING.test(around)) return 'rising';
  return undefined;
}

describe('GIVEN a move the article states THEN the figure carries its sign', () => {
  const moves = figuresFile.figures.filter((f) => f.metric.startsWith('change-') && typeof f.value !== 'object');
  test('THEN there are moves to check', () => {
    expect(moves.length).toBeGreaterThanOrEqual(3);
  });
  for (const figure of moves) {
    test(`GIVEN ${figure.id} = ${describeValue(figure.value)} THEN its sign matches the article's wording`, () => {
      const value = figure.value as number;
      const found = articleNumbers.filter(
        (o) => figure.sources.some((n) => o.span.refs.includes(n)) && valueMatches(value, o.token) && o.token.unit === figure.unit,
      );
      const directions = found.map((o) => directionAround(o.span.text, o.token));
      expect(
        directions,
        `no rising or falling word near ${describeValue(value)} in: ${found.map((o) => `“${o.sentence}”`).join(' … ')}`,
      ).not.toContain(undefined);
      expect(new Set(directions)).toEqual(new Set([value < 0 ? 'falling' : 'rising']));
    });
  }
});
