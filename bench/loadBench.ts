import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadDataDir } from '../src/facts/loadDataDir';
import type { Snapshot } from '../src/facts/snapshot';
import type { BenchRow } from './run';
import { scaleSnapshot, writeSyntheticDataDir, type FiguresDoc } from './syntheticData';

const SHIPPED = fileURLToPath(new URL('../data', import.meta.url));
const AS_OF = '2025-12-07';
const SHIPPED_BUDGET_MS = 50;
const LARGE_BUDGET_MS = 2000;

/** Median time of `runs` calls of `fn`, after `warmup` unmeasured calls that fill caches and JIT. */
async function medianMs(fn: () => Promise<unknown>, runs: number, warmup: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

/** Loads once to prove the data is valid, and says how big it is. */
async function sizeOf(dataDir: string): Promise<{ figures: number; text: string }> {
  const result = await loadDataDir(dataDir);
  if (!result.ok) throw new Error(`benchmark data failed to load: ${JSON.stringify(result.errors.slice(0, 3))}`);
  const snapshots = result.value;
  const count = (f: (s: Snapshot) => number) => snapshots.reduce((n, s) => n + f(s), 0);
  const figures = count((s) => s.figures.length);
  return { figures, text: `${figures} figures, ${count((s) => s.sources.size)} sources, ${count((s) => s.narrative.length)} entries` };
}

/**
 * Load-and-validate time of the shipped data, and of synthetic data 10×, 50×
 * and 100× its size (figures, sources and narrative) to show the cost grows
 * linearly. Budgets: shipped < 50 ms, 100× < 2 s.
 */
export async function run(): Promise<readonly BenchRow[]> {
  const shipped = await sizeOf(SHIPPED);
  const rows: BenchRow[] = [
    {
      section: 'load',
      name: 'shipped data/',
      ms: await medianMs(() => loadDataDir(SHIPPED), 21, 3),
      budgetMs: SHIPPED_BUDGET_MS,
      note: shipped.text,
    },
  ];
  const base = {
    figures: JSON.parse(await readFile(join(SHIPPED, AS_OF, 'figures.json'), 'utf8')) as FiguresDoc,
    narrative: await readFile(join(SHIPPED, AS_OF, 'narrative.md'), 'utf8'),
  };
  for (const factor of [10, 50, 100]) {
    const { dataDir, remove } = await writeSyntheticDataDir(AS_OF, scaleSnapshot(base, factor));
    try {
      const size = await sizeOf(dataDir);
      const ms = await medianMs(() => loadDataDir(dataDir), factor === 100 ? 5 : 7, 1);
      rows.push({
        section: 'load',
        name: `synthetic ${factor}×`,
        ms,
        ...(factor === 100 ? { budgetMs: LARGE_BUDGET_MS } : {}),
        note: `${size.text}; ${((ms / size.figures) * 1000).toFixed(1)} µs per figure`,
      });
    } finally {
      await remove();
    }
  }
  return rows;
}
