import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, test, expect } from 'vitest';
import { figuresFileSchema } from '../src/facts/figuresSchema';
import {
  describeValue,
  digitNames,
  figureStatedBySources,
  maskNonFigures,
  markersIn,
  normalizeText,
  numberTokens,
  occurrences,
  readSourceText,
  toSpans,
  valueMatches,
  type NumberToken,
  type Occurrence,
} from '../src/facts/sourceFidelity';
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

/** A number in context, with the sentence to quote when it is wrong. */
function withSentences(found: readonly Occurrence[]): (Occurrence & { sentence: string })[] {
  return found.map((o) => ({ ...o, sentence: sentenceAround(o.span.text, o.token.index) }));
}

function sameNumber(a: NumberToken, b: NumberToken): boolean {
  return a.isRange === b.isRange && a.low === b.low && a.high === b.high && a.unit === b.unit;
}

function refsText(refs: readonly number[]): string {
  return refs.length === 0 ? 'no reference' : refs.map((n) => `[${n}]`).join(' ');
}

const article = normalizeText(readFileSync(ARTICLE_PATH, 'utf8'));
const body = articleBody(article);
const figuresFile = figuresFileSchema.parse(JSON.parse(readFileSync(FIGURES_URL, 'utf8')));
const narrative = normalizeText(readFileSync(NARRATIVE_URL, 'utf8'));
const names = digitNames(figuresFile.subjects.flatMap((s) => [s.name, ...s.aliases]));
const exclusions = FIDELITY_EXCLUSIONS.map((e) => e.text);
const source = readSourceText(body, names, exclusions);
const articleNumbers = withSentences(source.numbers);
const narrativeNumbers = withSentences(occurrences(toSpans(narrative), names, exclusions));

describe('the fidelity test reads numbers the way the article writes them', () => {
  test('GIVEN a date, a year, a quarter, an index name and a range THEN only the range is read, with its hedge', () => {
    const tokens = numberTokens(
      maskNonFigures('On Friday, 5 December 2025, in Q3 2025 the S&P 500 rose around +0.2–0.3%.', ['S&P 500'], exclusions),
    );
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
  for (const figure of figuresFile.figures) {
    test(`GIVEN figure ${figure.id} = ${describeValue(figure.value)} ${refsText(figure.sources)} THEN the article states it there with qualifier ${figure.qualifier ?? 'none'}`, () => {
      const { problems, hedges } = figureStatedBySources(figure, source);
      expect(problems).toEqual([]);
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
