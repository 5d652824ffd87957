import type { Figure, Snapshot } from '../../src/facts/snapshot';

/**
 * A later snapshot made from `base` for tests that need more than one: a new
 * as-of date and content hash, and the figures `change` returns.
 */
export function laterSnapshot(base: Snapshot, asOf: string, change: (figure: Figure) => Figure = (f) => f): Snapshot {
  return { ...base, asOf, contentHash: `${base.contentHash.slice(0, 8)}-${asOf}`, figures: base.figures.map(change) };
}
