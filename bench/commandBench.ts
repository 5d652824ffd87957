import type { CommandContext, Invocation } from '../src/command';
import { fitReply } from '../src/render/fitReply';
import { command, MEMBER_COMMANDS, memberContext } from '../test/commands/fixtures/commandContext';
import { loadShippedStore } from '../test/commands/fixtures/shippedStore';
import type { BenchRow } from './run';

/** Enough calls that the 99th percentile is the 20th slowest, not one unlucky GC pause. */
const CALLS = 2000;
/** Unmeasured calls first, so the handlers run optimised as in a bot that has been up a while. */
const WARMUP = 300;
const P99_BUDGET_MS = 2;

/** One member command with one option set, as a member would type it. */
interface CommandCase {
  readonly name: (typeof MEMBER_COMMANDS)[number];
  readonly options: Invocation['options'];
}

/** Every member command bare, plus the option sets that take another path through its handler. */
const CASES: readonly CommandCase[] = [
  { name: 'levels', options: {} },
  { name: 'levels', options: { index: 'spx' } },
  { name: 'levels', options: { index: 'r2k', date: '2025-12-07' } },
  { name: 'short-interest', options: {} },
  { name: 'short-interest', options: { index: 'rut' } },
  { name: 'valuation', options: {} },
  { name: 'valuation', options: { index: 'spx' } },
  { name: 'earnings', options: {} },
  { name: 'macro', options: {} },
  { name: 'technicals', options: {} },
  { name: 'outlook', options: {} },
  { name: 'outlook', options: { scenario: 'bear' } },
  { name: 'world', options: {} },
  { name: 'recap', options: {} },
  { name: 'recap', options: { date: '2025-12-05' } },
  { name: 'brief', options: {} },
  { name: 'sources', options: {} },
  { name: 'sources', options: { number: 3 } },
  { name: 'about', options: {} },
];

function label(c: CommandCase): string {
  return [`/${c.name}`, ...Object.entries(c.options).map(([key, value]) => `${key}:${String(value)}`)].join(' ');
}

/** The value below which `share` of the sorted `times` fall (nearest rank). */
function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

/** What one member-visible answer costs: the handler, then fitting its reply into Discord messages. */
async function answer(c: CommandCase, ctx: CommandContext): Promise<number> {
  return fitReply(await command(c.name).run({ options: c.options }, ctx)).length;
}

async function measure(c: CommandCase, ctx: CommandContext): Promise<BenchRow> {
  const first = await command(c.name).run({ options: c.options }, ctx);
  // A refused option would time the error path, which is not what members wait for.
  if (first.ephemeral === true) throw new Error(`${label(c)} was refused: ${first.content ?? '(no text)'}`);
  for (let i = 0; i < WARMUP; i++) await answer(c, ctx);
  const times = new Array<number>(CALLS);
  let messages = 0;
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    messages = await answer(c, ctx);
    times[i] = performance.now() - start;
  }
  const elapsedS = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    section: 'commands',
    name: label(c),
    ms: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
    perSecond: CALLS / elapsedS,
    budgetMs: P99_BUDGET_MS,
    note: `${CALLS} calls; ${messages} message${messages === 1 ? '' : 's'}; max ${times.at(-1)!.toFixed(2)} ms`,
  };
}

/**
 * Handler latency of every member command on the shipped data, each call
 * running the command and fitting its reply to Discord's limits. Budget: the
 * 99th percentile under 2 ms for every case.
 */
export async function run(): Promise<readonly BenchRow[]> {
  const untimed = MEMBER_COMMANDS.filter((name) => !CASES.some((c) => c.name === name));
  if (untimed.length > 0) throw new Error(`no benchmark case for ${untimed.map((n) => `/${n}`).join(', ')}`);
  const ctx = memberContext(await loadShippedStore());
  const rows: BenchRow[] = [];
  for (const c of CASES) rows.push(await measure(c, ctx));
  return rows;
}
