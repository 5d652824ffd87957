import type { Parameters } from 'fast-check';

/**
 * The one place fuzz and property runs get their seed and their bounds.
 *
 * CI runs a fixed seed so a red run can be replayed exactly; `FUZZ_SEED=<n>`
 * replays or explores another draw (`FUZZ_SEED=random` draws a fresh one and
 * prints it with any failure, as fast-check always reports the seed).
 * `FUZZ_RUNS` scales the number of runs for a longer local soak.
 */
const DEFAULT_SEED = 20261129;

function seedFromEnv(): number | undefined {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  if (raw === 'random') return undefined;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be a whole number or "random", got "${raw}"`);
  return seed;
}

function runsScale(): number {
  const raw = process.env.FUZZ_RUNS_SCALE;
  const scale = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!(scale > 0)) throw new Error(`FUZZ_RUNS_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

/**
 * fast-check parameters for one fuzz property: seeded, a bounded number of
 * runs, and a wall-clock budget after which the run stops and counts as
 * failed only if a counterexample was found (a slow machine runs fewer cases,
 * it does not fail).
 */
export function fuzzOptions<T>(numRuns: number, timeLimitMs = 10_000): Parameters<T> {
  const seed = seedFromEnv();
  return {
    ...(seed !== undefined && { seed }),
    numRuns: Math.max(1, Math.round(numRuns * runsScale())),
    interruptAfterTimeLimit: timeLimitMs,
    markInterruptAsFailure: false,
  };
}
