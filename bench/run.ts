import { run as runCharts } from './chartBench';
import { run as runClusterFanout } from './clusterFanoutBench';
import { run as runCommands } from './commandBench';
import { run as runDataDesk } from './dataDeskBench';
import { run as runDraft } from './draftBench';
import { run as runFanout } from './fanoutBench';
import { run as runFootprint } from './footprintBench';
import { run as runLedger } from './ledgerBench';
import { run as runLoad } from './loadBench';

/** One measured case of a benchmark section. */
export interface BenchRow {
  readonly section: string;
  readonly name: string;
  /** Median wall time in milliseconds (a section measured once reports that one run); absent for a row that is not a time. */
  readonly ms?: number;
  /** 99th-percentile time, for sections that time many calls; when present the budget applies to it. */
  readonly p99Ms?: number;
  /** Calls completed per second, for sections that time many calls. */
  readonly perSecond?: number;
  /** The agreed budget in milliseconds, when there is one. */
  readonly budgetMs?: number;
  /** A figure against a yardstick measured in the same run (the bot against a plain bot), with the most it may be. */
  readonly ratio?: { readonly value: number; readonly goal: number };
  /** Why the case's result is wrong (e.g. messages lost), whatever its time: the row fails. */
  readonly failure?: string;
  /** Anything that helps read the number: sizes, runs, per-item cost. */
  readonly note?: string;
}

/** A benchmark section: measures its cases and returns one row each. */
export type BenchSection = () => Promise<readonly BenchRow[]>;

/** The sections `npm run bench` runs, in order; add a section by importing its `run` here. */
const SECTIONS: readonly (readonly [string, BenchSection])[] = [
  ['load', runLoad],
  ['commands', runCommands],
  ['charts', runCharts],
  ['fanout', runFanout],
  ['draft', runDraft],
  ['data desk', runDataDesk],
  ['footprint', runFootprint],
  ['ledger', runLedger],
  ['cluster', runClusterFanout],
];

/** False when the row failed: a wrong result, over its budget or past its ratio. Undefined when it has none of these. */
function passed(r: BenchRow): boolean | undefined {
  if (r.failure !== undefined) return false;
  if (r.ratio !== undefined && r.ratio.value > r.ratio.goal) return false;
  const time = r.p99Ms ?? r.ms;
  if (r.budgetMs !== undefined && time !== undefined) return time <= r.budgetMs;
  return r.ratio === undefined ? undefined : true;
}

/** Sub-millisecond figures need more digits to tell cases apart. */
function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(3) : ms.toFixed(1);
}

function table(rows: readonly BenchRow[]): string {
  const cells = [
    ['section', 'case', 'median ms', 'p99 ms', 'calls/s', 'budget ms', 'ratio (goal)', 'ok', 'note'],
    ...rows.map((r) => {
      const ok = passed(r);
      return [
        r.section,
        r.name,
        r.ms === undefined ? '' : formatMs(r.ms),
        r.p99Ms === undefined ? '' : formatMs(r.p99Ms),
        r.perSecond === undefined ? '' : r.perSecond.toFixed(0),
        r.budgetMs === undefined ? '' : String(r.budgetMs),
        r.ratio === undefined ? '' : `${r.ratio.value.toFixed(2)} (≤ ${r.ratio.goal})`,
        ok === undefined ? '' : ok ? 'yes' : 'NO',
        r.failure === undefined ? (r.note ?? '') : `FAILED: ${r.failure}${r.note === undefined ? '' : `; ${r.note}`}`,
      ];
    }),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `npm run bench -- footprint commands` runs only the sections named; no names run them all. */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SECTIONS.some(([known]) => known === name));
  if (unknown.length > 0) throw new Error(`no bench section named ${unknown.join(', ')}; sections: ${SECTIONS.map(([n]) => n).join(', ')}`);
  const rows: BenchRow[] = [];
  for (const [name, section] of SECTIONS.filter(([known]) => wanted.length === 0 || wanted.includes(known))) {
    process.stderr.write(`running ${name}...\n`);
    rows.push(...(await section()));
  }
  process.stdout.write(`${table(rows)}\n`);
  if (rows.some((r) => passed(r) === false)) process.exitCode = 1;
}

await main();
