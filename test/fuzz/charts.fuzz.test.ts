import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  historyChart,
  shortInterestChart,
  snapshotCharts,
  valuationChart,
  weekMovesChart,
  type ChartRow,
} from '../../src/charts/figureCharts';
import type { Figure, Snapshot } from '../../src/facts/snapshot';
import type { ReplyChart } from '../../src/reply';
import { loadShippedStore } from '../commands/fixtures/shippedStore';
import { laterSnapshot } from '../charts/secondSnapshot';
import { fuzzOptions } from './fuzzOptions';

let shipped: Snapshot;
beforeAll(async () => {
  shipped = (await loadShippedStore()).latest();
});

/** Any value a figure may hold: a number of any size, a range (low ≤ high), or a word, long or with markup in it. */
const value: fc.Arbitrary<Figure['value']> = fc.oneof(
  fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }),
  fc
    .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }))
    .map(([low, width]) => ({ low, high: low + width })),
  fc.string({ minLength: 1, maxLength: 200 }).map((word) => ({ word })),
);

/** The shipped snapshot with every figure of the charted metrics given a drawn value, and some dropped. */
const reshaped = fc.array(fc.tuple(value, fc.boolean()), { minLength: 60, maxLength: 60 }).map((draws) => (base: Snapshot): Snapshot => {
  const figures = base.figures.flatMap((f, i) => {
    const [drawn, kept] = draws[i % draws.length] ?? [f.value, true];
    return kept ? [{ ...f, value: drawn }] : [];
  });
  return { ...base, figures };
});

function rowsOf(chart: ReplyChart): ChartRow[] {
  return (chart.spec['data'] as { values: ChartRow[] }).values;
}

describe('GIVEN charts of any figures the data could hold', () => {
  test('THEN building never throws or stalls, every row draws its own figure, and the alt text fits Discord', () => {
    fc.assert(
      fc.property(reshaped, (reshape) => {
        const snapshot = reshape(shipped);
        const started = performance.now();
        const charts = [shortInterestChart, valuationChart, weekMovesChart].map((build) => build(snapshot));
        const history = historyChart([shipped, laterSnapshot(snapshot, '2025-12-14')], {
          metric: 'short-interest',
          subject: 'russell-2000',
        });
        expect(performance.now() - started).toBeLessThan(1000);
        for (const chart of [...charts, history]) {
          if (chart === undefined) continue;
          expect(chart.description.length).toBeLessThanOrEqual(1024);
        }
        for (const chart of charts.filter((c) => c !== undefined)) {
          for (const row of rowsOf(chart)) {
            const figure = snapshot.figures.find((f) => f.id === row.figureId);
            expect(figure).toBeDefined();
            const v = figure?.value;
            if (typeof v === 'number') expect([row.start, row.end]).toEqual([0, v]);
            else if (v !== undefined && 'word' in v) expect([row.kind, row.start, row.end]).toEqual(['word', 0, 0]);
            else if (v !== undefined) expect([row.start, row.end]).toEqual([v.low, v.high]);
          }
          expect(new Set(rowsOf(chart).map((r) => r.category)).size).toBeGreaterThanOrEqual(2);
        }
        expect(snapshotCharts(snapshot).length).toBeLessThanOrEqual(3);
      }),
      fuzzOptions(300, 8_000),
    );
  });
});
