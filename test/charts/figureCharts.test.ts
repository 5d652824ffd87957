import { beforeAll, describe, expect, test } from 'vitest';
import {
  historyChart,
  historyPoints,
  shortInterestChart,
  valuationChart,
  weekMovesChart,
  type ChartRow,
  type HistoryPoint,
} from '../../src/charts/figureCharts';
import type { FactStore } from '../../src/facts/factStore';
import type { Figure, Snapshot } from '../../src/facts/snapshot';
import type { ReplyChart } from '../../src/reply';
import { memberContext, runCommand } from '../commands/fixtures/commandContext';
import { loadShippedStore } from '../commands/fixtures/shippedStore';
import { laterSnapshot } from './secondSnapshot';

let store: FactStore;
let shipped: Snapshot;
beforeAll(async () => {
  store = await loadShippedStore();
  shipped = store.latest();
});

function rowsOf(chart: ReplyChart | undefined): ChartRow[] {
  if (chart === undefined) throw new Error('expected a chart');
  return (chart.spec['data'] as { values: ChartRow[] }).values;
}

function figure(id: string): Figure {
  const found = shipped.figures.find((f) => f.id === id);
  if (found === undefined) throw new Error(`no figure ${id}`);
  return found;
}

/** What a row must draw for its figure: a number from zero, a range from low to high, a word at zero with no length. */
function expectDrawsItsFigure(row: ChartRow): void {
  const { value } = figure(row.figureId);
  if (typeof value === 'number') expect([row.kind, row.start, row.end]).toEqual(['value', 0, value]);
  else if ('word' in value) {
    expect([row.kind, row.start, row.end]).toEqual(['word', 0, 0]);
    expect(row.label).toContain(value.word);
  } else expect([row.kind, row.start, row.end]).toEqual(['range', value.low, value.high]);
  expect(row.sources).toEqual(figure(row.figureId).sources);
  expect(row.label).toContain(`[${figure(row.figureId).sources.join(', ')}]`);
}

describe('GIVEN the shipped snapshot', () => {
  test('THEN the short-interest chart draws every short-interest figure once: 5.5%, 2.5% and 2.4% as bars, the two levels as words', () => {
    const chart = shortInterestChart(shipped);
    const rows = rowsOf(chart);
    expect(rows.map((r) => r.figureId).sort()).toEqual(
      shipped.figures
        .filter((f) => f.topic === 'short-interest')
        .map((f) => f.id)
        .sort(),
    );
    rows.forEach(expectDrawsItsFigure);
    expect(rows.filter((r) => r.kind === 'value').map((r) => [r.category, r.end])).toEqual([
      ['Russell 2000', 5.5],
      ['Nasdaq-100', 2.5],
      ['S&P 500', 2.4],
    ]);
    expect(rows.filter((r) => r.kind === 'word').map((r) => [r.category, r.label])).toEqual([
      ['S&P 500', '“seven-year high” [31]'],
      ['Russell 2000', '“multi-year highs” [41]'],
    ]);
  });

  test('THEN every chart is captioned with the as-of date and its source numbers, its axis names the unit, and its alt text states the values', () => {
    const chart = shortInterestChart(shipped);
    expect(chart?.spec['title']).toMatchObject({
      text: 'Short interest by index',
      subtitle: 'As of 7 Dec 2025 · sources [16] [31] [41] · Briefing Desk',
    });
    expect(JSON.stringify(chart?.spec)).toContain('"title":"Short interest, % of market capitalisation"');
    expect(chart?.description).toContain('Russell 2000 (Short interest): around 5.5% [16, 31]');
    expect(chart?.description).toContain('S&P 500 (Level, as the source words it): “seven-year high” [31]');
    for (const each of [chart, valuationChart(shipped), weekMovesChart(shipped)]) {
      expect(each?.description.length).toBeLessThanOrEqual(1024);
      expect(each?.name).toMatch(/^[a-z-]+\.png$/);
      expect(each?.key.startsWith(shipped.contentHash)).toBe(true);
    }
  });

  test('THEN the valuation chart draws each discount as a range labelled with what it is measured against, both reports of small vs large caps included', () => {
    const rows = rowsOf(valuationChart(shipped));
    rows.forEach(expectDrawsItsFigure);
    expect(rows.map((r) => [r.category, r.kind, r.start, r.end, r.sources])).toEqual([
      ['Russell 2000 vs Russell Top 200', 'value', 0, 30, [20]],
      ['U.S. small caps vs U.S. large caps\n2024–2025', 'range', 25, 30, [21]],
      ['U.S. small caps vs S&P 500', 'range', 20, 30, [28]],
      ['U.S. small caps vs U.S. large caps\n5–7 Dec 2025', 'range', 20, 30, [39]],
    ]);
  });

  test('THEN the week chart draws this week’s moves only: the Russell 2000 −0.4% on the day and +0.8% on the week (not last week’s 5.5%), the 0.2–0.3% range, and the world’s moves as words', () => {
    const rows = rowsOf(weekMovesChart(shipped));
    rows.forEach(expectDrawsItsFigure);
    expect(rows.map((r) => [r.category, r.series, r.start, r.end])).toEqual([
      ['Russell 2000', 'Daily move, 5 Dec 2025', 0, -0.4],
      ['Dow Jones Industrial Average', 'Daily move, 5 Dec 2025', 0.2, 0.3],
      ['S&P 500', 'Daily move, 5 Dec 2025', 0.2, 0.3],
      ['Nasdaq Composite', 'Daily move, 5 Dec 2025', 0.2, 0.3],
      ['Russell 2000', 'Weekly move, 1–5 Dec 2025', 0, 0.8],
      ['MSCI global equity gauge', 'Weekly move, 1–5 Dec 2025', 0, 0],
      ['STOXX Europe 600', 'Weekly move, 1–5 Dec 2025', 0, 0],
      ['Nikkei 225', 'Weekly move, 1–5 Dec 2025', 0, 0],
    ]);
    expect(rows.find((r) => r.category === 'Nikkei 225')?.label).toBe('“slipped” [15]');
  });

  test('THEN a snapshot with one index’s short interest gets no chart: one bar compares nothing', () => {
    const one = { ...shipped, figures: shipped.figures.filter((f) => f.topic !== 'short-interest' || f.subject === 'russell-2000') };
    expect(shortInterestChart(one)).toBeUndefined();
  });
});

describe('GIVEN the commands that carry a chart', () => {
  const chartsOf = async (name: string, options: Record<string, string> = {}) =>
    ((await runCommand(name, memberContext(store), options)).charts ?? []).map((c) => c.name);

  test('THEN the overview answers have theirs, and one index’s answer or a mistake has none', async () => {
    expect(await chartsOf('short-interest')).toEqual(['short-interest.png']);
    expect(await chartsOf('valuation')).toEqual(['valuation.png']);
    expect(await chartsOf('world')).toEqual(['week-moves.png']);
    expect(await chartsOf('levels')).toEqual(['week-moves.png']);
    expect(await chartsOf('brief')).toEqual(['week-moves.png']);
    expect(await chartsOf('short-interest', { index: 'ndx' })).toEqual([]);
    expect(await chartsOf('levels', { index: 'rut' })).toEqual([]);
    expect(await chartsOf('levels', { date: '2020-01-01' })).toEqual([]);
  });
});

describe('GIVEN a metric across snapshots', () => {
  const rutShortInterest = { metric: 'short-interest', subject: 'russell-2000' } as const;

  test('THEN with one snapshot there is one reading and no chart', () => {
    expect(historyPoints([shipped], rutShortInterest).map((p) => p.label)).toEqual(['around 5.5% [16, 31]']);
    expect(historyChart([shipped], rutShortInterest)).toBeUndefined();
  });

  test('THEN with two the chart’s data is each snapshot’s figure, in date order, values as points and ranges as bands', () => {
    const later = laterSnapshot(shipped, '2025-12-14', (f) =>
      f.id === 'rut-short-interest-2025-12-07'
        ? { ...f, value: 6.1, sources: [7] }
        : f.id === 'small-caps-discount-vs-spx-2025-12'
          ? { ...f, value: { low: 18, high: 24 } }
          : f,
    );
    const chart = historyChart([shipped, later], rutShortInterest);
    const points = (chart?.spec['data'] as { values: HistoryPoint[] }).values;
    expect(points.map((p) => [p.asOf, p.kind, p.value, p.sources])).toEqual([
      ['2025-12-07', 'value', 5.5, [16, 31]],
      ['2025-12-14', 'value', 6.1, [7]],
    ]);
    expect(chart?.description).toContain('7 Dec 2025: around 5.5% [16, 31]; 14 Dec 2025: around 6.1% [7]');
    const bands = historyPoints([shipped, later], { metric: 'valuation-discount', subject: 'us-small-caps' });
    expect(bands.map((p) => [p.asOf, p.series, p.kind, p.low, p.high, p.value])).toEqual([
      ['2025-12-07', 'vs S&P 500', 'range', 20, 30, 25],
      ['2025-12-14', 'vs S&P 500', 'range', 18, 24, 21],
    ]);
  });
});
