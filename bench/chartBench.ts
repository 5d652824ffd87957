import { createChartRenderer } from '../src/charts/chartRenderer';
import { historyChart, snapshotCharts } from '../src/charts/figureCharts';
import type { ReplyChart } from '../src/reply';
import { laterSnapshot } from '../test/charts/secondSnapshot';
import { loadShippedStore } from '../test/commands/fixtures/shippedStore';
import type { BenchRow } from './run';

/** Draws per chart for the cold figures: each under a key never drawn before, so none comes from the cache. */
const COLD_DRAWS = 40;
/** Unmeasured draws first: the render process's first charts also compile Vega's code paths. */
const COLD_WARMUP = 5;
const CACHED_CALLS = 20_000;
/** Issue 12's goals: a chart drawn for the first time, and one served from the cache. */
const COLD_P99_BUDGET_MS = 150;
const CACHED_P99_BUDGET_MS = 1;

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

function timed(section: string, name: string, times: number[], budgetMs: number, note: string): BenchRow {
  const sorted = times.sort((a, b) => a - b);
  return { section, name, ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), budgetMs, note };
}

/**
 * Chart rendering: the render process started and its first chart drawn (what
 * the first answer after a start-up would wait for, were the snapshot's charts
 * not drawn at load), each chart drawn cold under fresh keys, and the cached
 * path an answer takes once its chart is drawn.
 */
export async function run(): Promise<readonly BenchRow[]> {
  const shipped = (await loadShippedStore()).latest();
  const later = laterSnapshot(shipped, '2025-12-14', (f) => (typeof f.value === 'number' ? { ...f, value: f.value * 1.1 } : f));
  const history = historyChart([shipped, later], { metric: 'short-interest', subject: 'russell-2000' });
  if (history === undefined) throw new Error('two snapshots must give a history chart');
  const charts: readonly ReplyChart[] = [...snapshotCharts(shipped), history];
  const renderer = createChartRenderer({ maxCached: charts.length * (COLD_DRAWS + COLD_WARMUP + 1) });
  const rows: BenchRow[] = [];
  try {
    const startedAt = performance.now();
    const [first] = charts;
    if (first === undefined) throw new Error('the shipped snapshot has charts');
    const bytes = (await renderer.pngs([{ ...first, key: 'first' }])).get('first')?.byteLength ?? 0;
    rows.push({
      section: 'charts',
      name: 'render process start + first chart',
      ms: performance.now() - startedAt,
      note: `once per start-up and after 30 s idle, drawn when a snapshot is loaded; ${(bytes / 1024).toFixed(0)} KB PNG`,
    });
    for (const chart of charts) {
      for (let i = 0; i < COLD_WARMUP; i++) await renderer.pngs([{ ...chart, key: `warm-${i}-${chart.key}` }]);
      const times: number[] = [];
      for (let i = 0; i < COLD_DRAWS; i++) {
        const fresh = { ...chart, key: `cold-${i}-${chart.key}` };
        const start = performance.now();
        await renderer.pngs([fresh]);
        times.push(performance.now() - start);
      }
      const size = (await renderer.pngs([chart])).get(chart.key)?.byteLength ?? 0;
      rows.push(
        timed(
          'charts',
          `${chart.name} cold`,
          times,
          COLD_P99_BUDGET_MS,
          `${COLD_DRAWS} draws, ${chart.width}×${chart.height} px, ${(size / 1024).toFixed(0)} KB; spec → SVG → PNG in the render process, with the IPC`,
        ),
      );
    }
    const times: number[] = [];
    for (let i = 0; i < CACHED_CALLS; i++) {
      const chart = charts[i % charts.length]!;
      const start = performance.now();
      await renderer.pngs([chart]);
      times.push(performance.now() - start);
    }
    rows.push(timed('charts', 'any chart, cached', times, CACHED_P99_BUDGET_MS, `${CACHED_CALLS} calls over ${charts.length} charts`));
  } finally {
    await renderer.close();
  }
  return rows;
}
