import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createChartRenderer, type ChartRenderer } from '../../src/charts/chartRenderer';
import { shortInterestChart, snapshotCharts } from '../../src/charts/figureCharts';
import type { Snapshot } from '../../src/facts/snapshot';
import type { ReplyChart } from '../../src/reply';
import { loadShippedStore } from '../commands/fixtures/shippedStore';
import { pngSize } from './png';

let shipped: Snapshot;
let renderer: ChartRenderer;
beforeAll(async () => {
  shipped = (await loadShippedStore()).latest();
  renderer = createChartRenderer({ idleMs: 5_000 });
});
afterAll(async () => {
  await renderer.close();
});

describe('GIVEN the chart renderer and the shipped snapshot', () => {
  test('THEN every chart of the snapshot is drawn as a PNG of exactly its stated size, well under Discord’s 10 MiB upload limit', async () => {
    const charts = snapshotCharts(shipped);
    expect(charts.map((c) => c.name)).toEqual(['short-interest.png', 'valuation.png', 'week-moves.png']);
    const images = await renderer.pngs(charts);
    for (const chart of charts) {
      const png = images.get(chart.key);
      expect(png, chart.name).toBeDefined();
      expect(pngSize(png ?? new Uint8Array())).toEqual({ width: chart.width, height: chart.height });
      expect(png?.byteLength).toBeLessThan(500_000);
    }
  }, 30_000);

  test('THEN a chart drawn once is served from the cache in under a millisecond, the same bytes', async () => {
    const charts = snapshotCharts(shipped);
    const first = await renderer.pngs(charts);
    expect(renderer.ready(charts)).toBe(true);
    const started = performance.now();
    const again = await renderer.pngs(charts);
    expect(performance.now() - started).toBeLessThan(1);
    for (const chart of charts) expect(again.get(chart.key)).toBe(first.get(chart.key));
  }, 30_000);

  test('THEN a spec the renderer cannot draw is refused with the reason, not cached, and the renderer still draws the next chart', async () => {
    const [good] = snapshotCharts(shipped);
    if (good === undefined) throw new Error('the shipped snapshot has charts');
    const broken: ReplyChart = {
      ...good,
      key: 'broken',
      spec: { mark: 'bar', data: { values: [] }, encoding: { x: { field: 'a', type: 'no-such-type' } } },
    };
    await expect(renderer.pngs([broken])).rejects.toThrow(/the chart could not be drawn: /);
    expect(renderer.ready([broken])).toBe(false);
    const fresh: ReplyChart = { ...good, key: 'drawn-again' };
    expect(pngSize((await renderer.pngs([fresh])).get('drawn-again') ?? new Uint8Array())).toEqual({
      width: good.width,
      height: good.height,
    });
  }, 30_000);

  test('THEN words with markup, quotes and scripts in them are drawn as text: the PNG still decodes at its size', async () => {
    const hostile = '</text><script>alert(1)</script> & "quotes" \'n\' ${x} {{y}} ' + 'x'.repeat(150);
    const snapshot = {
      ...shipped,
      contentHash: 'hostile',
      figures: shipped.figures.map((f) => (f.metric === 'short-interest-level' ? { ...f, value: { word: hostile } } : f)),
    };
    const chart = shortInterestChart(snapshot);
    if (chart === undefined) throw new Error('expected a chart');
    expect(pngSize((await renderer.pngs([chart])).get(chart.key) ?? new Uint8Array())).toEqual({
      width: chart.width,
      height: chart.height,
    });
  }, 30_000);

  test('THEN a render process that exited idle is started again for the next chart, and a closed renderer draws nothing more', async () => {
    const [chart] = snapshotCharts(shipped);
    if (chart === undefined) throw new Error('the shipped snapshot has charts');
    const brief = createChartRenderer({ idleMs: 100 });
    try {
      await brief.pngs([{ ...chart, key: 'before-idle' }]);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const after = (await brief.pngs([{ ...chart, key: 'after-idle' }])).get('after-idle');
      expect(pngSize(after ?? new Uint8Array())).toEqual({ width: chart.width, height: chart.height });
    } finally {
      await brief.close();
    }
    await expect(brief.pngs([{ ...chart, key: 'after-close' }])).rejects.toThrow('the chart renderer is closed');
  }, 30_000);
});
