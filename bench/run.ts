import { run as runLoad } from './loadBench';

/** One measured case of a benchmark section. */
export interface BenchRow {
  readonly section: string;
  readonly name: string;
  /** Median wall time in milliseconds. */
  readonly ms: number;
  /** The agreed budget in milliseconds, when there is one. */
  readonly budgetMs?: number;
  /** Anything that helps read the number: sizes, runs, per-item cost. */
  readonly note?: string;
}

/** A benchmark section: measures its cases and returns one row each. */
export type BenchSection = () => Promise<readonly BenchRow[]>;

/** The sections `npm run bench` runs, in order; add a section by importing its `run` here. */
const SECTIONS: readonly (readonly [string, BenchSection])[] = [['load', runLoad]];

function table(rows: readonly BenchRow[]): string {
  const cells = [
    ['section', 'case', 'median ms', 'budget ms', 'ok', 'note'],
    ...rows.map((r) => [
      r.section,
      r.name,
      r.ms.toFixed(1),
      r.budgetMs === undefined ? '' : String(r.budgetMs),
      r.budgetMs === undefined ? '' : r.ms <= r.budgetMs ? 'yes' : 'NO',
      r.note ?? '',
    ]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  for (const [name, section] of SECTIONS) {
    process.stderr.write(`running ${name}...\n`);
    rows.push(...(await section()));
  }
  process.stdout.write(`${table(rows)}\n`);
  if (rows.some((r) => r.budgetMs !== undefined && r.ms > r.budgetMs)) process.exitCode = 1;
}

await main();
