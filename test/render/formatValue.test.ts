import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { fuzzOptions } from '../fuzz/fuzzOptions';
import { QUALIFIERS, wordValueSchema } from '../../src/facts/figuresSchema';
import { METRIC_IDS, UNITS } from '../../src/facts/metrics';
import { parsePeriod } from '../../src/facts/period';
import type { Figure, Subject } from '../../src/facts/snapshot';
import { formatFigureLine } from '../../src/render/formatFigureLine';
import { formatValue } from '../../src/render/formatValue';

type ValueParts = Pick<Figure, 'value' | 'unit' | 'qualifier' | 'metric'>;

function value(parts: Partial<ValueParts> & Pick<ValueParts, 'value' | 'unit'>): string {
  return formatValue({ metric: 'close', ...parts });
}

describe('formatValue', () => {
  test.each([
    [{ value: 30, unit: 'percent', qualifier: 'about', metric: 'short-interest' }, 'about 30%'],
    [{ value: { low: 87, high: 90 }, unit: 'percent', metric: 'rate-cut-probability' }, '87–90%'],
    [{ value: { low: 87, high: 90 }, unit: 'percent', qualifier: 'close to', metric: 'rate-cut-probability' }, 'close to 87–90%'],
    [{ value: { word: 'low-teens' }, unit: 'percent', qualifier: 'roughly', metric: 'ytd-return' }, 'roughly low-teens'],
    [{ value: 20, unit: 'percent', qualifier: 'more than', metric: 'ytd-return' }, 'more than 20%'],
    [{ value: 2521.48, unit: 'points', metric: 'close' }, '2,521.48'],
    [{ value: 2540, unit: 'points', qualifier: 'around', metric: 'all-time-high' }, 'around 2,540'],
    [{ value: 25, unit: 'basis-points', metric: 'rate-cut-size' }, '25 bp'],
    [{ value: 23, unit: 'multiple', qualifier: 'near', metric: 'forward-pe' }, 'near 23x'],
    [{ value: { word: 'overbought' }, unit: 'descriptor', metric: 'market-condition' }, 'overbought'],
    [{ value: { word: 'modest gain' }, unit: 'descriptor', metric: 'technical-signal' }, 'modest gain'],
    [{ value: 5.5, unit: 'percent', qualifier: 'at least', metric: 'short-interest' }, 'at least 5.5%'],
    [{ value: 10, unit: 'percent', qualifier: 'up to', metric: 'sector-weight' }, 'up to 10%'],
    [{ value: 2.4, unit: 'percent', qualifier: 'less than', metric: 'short-interest' }, 'less than 2.4%'],
  ] as const)('GIVEN %o THEN it reads "%s"', (figure, expected) => {
    expect(formatValue(figure)).toBe(expected);
  });

  test('GIVEN a daily fall of 0.4% THEN it shows a true minus sign, not a hyphen', () => {
    expect(value({ value: -0.4, unit: 'percent', metric: 'change-1d' })).toBe('\u22120.4%');
  });

  test('GIVEN a weekly rise THEN it carries a plus sign so it cannot be read as a level', () => {
    expect(value({ value: 0.8, unit: 'percent', qualifier: 'about', metric: 'change-1w' })).toBe('about +0.8%');
  });

  test('GIVEN a flat move THEN it has no sign at all', () => {
    expect(value({ value: 0, unit: 'percent', metric: 'change-1d' })).toBe('0%');
    expect(value({ value: -0, unit: 'percent', metric: 'change-1d' })).toBe('0%');
  });

  test('GIVEN a positive value that is not a move THEN it has no plus sign', () => {
    expect(value({ value: 2.8, unit: 'percent', metric: 'core-pce-yoy' })).toBe('2.8%');
  });

  test('GIVEN a rising range of moves THEN the sign is written once, as the article does', () => {
    expect(value({ value: { low: 0.2, high: 0.3 }, unit: 'percent', qualifier: 'around', metric: 'change-1d' })).toBe('around +0.2–0.3%');
  });

  test('GIVEN a range with a negative end THEN both ends are signed and joined by "to"', () => {
    expect(value({ value: { low: -0.5, high: 0.2 }, unit: 'percent', metric: 'change-1d' })).toBe('\u22120.5% to +0.2%');
    expect(value({ value: { low: -3, high: -1 }, unit: 'points', metric: 'close' })).toBe('\u22123 to \u22121');
  });

  test('GIVEN trailing and many decimals THEN the decimals written in the data are kept, and no more', () => {
    expect(value({ value: 1234567.5, unit: 'points' })).toBe('1,234,567.5');
    expect(value({ value: 0.125, unit: 'percent', metric: 'core-pce-mom' })).toBe('0.125%');
    expect(value({ value: 1e21, unit: 'points' })).toBe('1,000,000,000,000,000,000,000');
    expect(value({ value: 1.5e-7, unit: 'percent', metric: 'core-pce-mom' })).toBe('0.00000015%');
  });

  test('GIVEN any finite number THEN its digits are what Intl.NumberFormat writes in en-US with the decimals the data wrote', () => {
    const decimalsWritten = (n: number) => {
      const [, fraction = '', exponent = '0'] = /^\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n)) ?? [];
      return Math.min(Math.max(fraction.length - Number(exponent), 0), 20);
    };
    const number = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -1e9, max: 1e9 }).map((cents) => cents / 100),
      fc.integer().map((n) => n / 10 ** 6),
      fc.constantFrom(0, -0, 999.5, 1000, 999_999.999, 1e20, 1e21, 1.5e-7, 5e-324, Number.MAX_VALUE, 0.1 + 0.2),
    );
    fc.assert(
      fc.property(number, (n) => {
        const size = Math.abs(n);
        const digits = new Intl.NumberFormat('en-US', {
          minimumFractionDigits: decimalsWritten(size),
          maximumFractionDigits: decimalsWritten(size),
        }).format(size);
        expect(value({ value: n, unit: 'points' })).toBe(n < 0 ? `\u2212${digits}` : digits);
      }),
      fuzzOptions(2000, 5000),
    );
  });

  test('GIVEN any value the loader accepts, with any unit, qualifier and metric THEN the text never shows undefined, NaN or an object', () => {
    const number = fc.double({ noNaN: true, noDefaultInfinity: true });
    const figure = fc.record(
      {
        value: fc.oneof(
          number,
          fc.tuple(number, number).map(([a, b]) => ({ low: Math.min(a, b), high: Math.max(a, b) })),
          // Only words the data schema lets in: the loader is where blank text is refused.
          fc
            .string({ minLength: 1 })
            .map((word) => ({ word }))
            .filter((v) => wordValueSchema.safeParse(v).success),
        ),
        unit: fc.constantFrom(...UNITS),
        qualifier: fc.constantFrom(...QUALIFIERS),
        metric: fc.constantFrom(...METRIC_IDS),
      },
      { requiredKeys: ['value', 'unit', 'metric'] },
    );
    fc.assert(
      fc.property(figure, (f) => {
        const text = formatValue(f);
        const word = typeof f.value === 'object' && 'word' in f.value ? f.value.word : '';
        expect(text.replace(word, '')).not.toMatch(/undefined|NaN|Infinity|\[object/);
        expect(text.trim()).not.toBe('');
      }),
      fuzzOptions(300),
    );
  });
});

describe('formatFigureLine', () => {
  const subjects = new Map<string, Subject>([
    ['russell-2000', { id: 'russell-2000', name: 'Russell 2000', kind: 'index', aliases: ['rut'] }],
    ['nasdaq-100', { id: 'nasdaq-100', name: 'Nasdaq-100', kind: 'index', aliases: [] }],
  ]);
  const period = (text: string) => {
    const result = parsePeriod(text);
    if (!result.ok) throw new Error(result.error);
    return result.period;
  };
  const close: Figure = {
    id: 'rut-close',
    topic: 'levels',
    subject: 'russell-2000',
    metric: 'close',
    value: 2521.48,
    unit: 'points',
    period: period('2025-12-05'),
    sources: [3],
  };

  test('GIVEN the 5 December close THEN the line names index, metric, value, date and source', () => {
    expect(formatFigureLine(close, subjects)).toBe('Russell 2000 · Close: 2,521.48 (5 Dec 2025) [3]');
  });

  test('GIVEN a figure measured on a segment against another index THEN both are named', () => {
    const shortInterest: Figure = {
      ...close,
      id: 'rut-si',
      metric: 'short-interest',
      value: 5.5,
      unit: 'percent',
      qualifier: 'around',
      basis: 'median constituent',
      comparedTo: 'nasdaq-100',
      period: period('2025-12-07'),
      sources: [16, 17],
    };
    expect(formatFigureLine(shortInterest, subjects)).toBe(
      'Russell 2000 — median constituent · Short interest: around 5.5% vs Nasdaq-100 (7 Dec 2025) [16][17]',
    );
  });

  test('GIVEN a figure about a subject the map lacks THEN it throws rather than print an id', () => {
    expect(() => formatFigureLine({ ...close, subject: 'sp-500' }, subjects)).toThrow(/sp-500/);
  });
});
