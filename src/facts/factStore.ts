import { diffSnapshots, type SnapshotDiff } from './diffSnapshots';
import { isCalendarDate } from './period';
import type { LoadResult } from './loadResult';
import type { DataError, Snapshot } from './snapshot';

/** Which as-of dates a reload brought, dropped or replaced with different content. */
export interface SnapshotDates {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** A reload that swapped in the new data (with what changed), or was refused (with every error) and changed nothing. */
export type ReloadOutcome =
  | { readonly ok: true; readonly diff: SnapshotDiff; readonly dates: SnapshotDates }
  | { readonly ok: false; readonly errors: readonly DataError[] };

/** The last reload, for `/data status`: when (ISO 8601), and what it changed or why it was refused. */
export type ReloadRecord = { readonly at: string } & ReloadOutcome;

/** The loaded set, replaced as one value so no query sees half of a reload. */
interface Loaded {
  /** Sorted by asOf, at least one. */
  readonly snapshots: readonly Snapshot[];
  readonly latest: Snapshot;
  readonly dates: readonly string[];
}

function loaded(snapshots: readonly Snapshot[]): Loaded {
  const sorted = Object.freeze([...snapshots].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0)));
  const latest = sorted.at(-1);
  if (latest === undefined) throw new RangeError('a FactStore needs at least one snapshot');
  return Object.freeze({ snapshots: sorted, latest, dates: Object.freeze(sorted.map((s) => s.asOf)) });
}

function compareDates(before: Loaded, after: Loaded): SnapshotDates {
  const old = new Map(before.snapshots.map((s) => [s.asOf, s.contentHash]));
  const now = new Map(after.snapshots.map((s) => [s.asOf, s.contentHash]));
  return {
    added: after.dates.filter((d) => !old.has(d)),
    removed: before.dates.filter((d) => !now.has(d)),
    changed: after.dates.filter((d) => old.has(d) && old.get(d) !== now.get(d)),
  };
}

/**
 * Every loaded snapshot, answered from memory. A reload builds the new set
 * completely before swapping a single reference, so a query sees either the
 * old data or the new, never a mix; a reload that fails changes nothing.
 */
export class FactStore {
  private current: Loaded;
  private record: ReloadRecord | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param snapshots at least one (throws RangeError otherwise), in any order.
   * @param now the clock stamping reload records.
   */
  constructor(
    snapshots: readonly Snapshot[],
    private readonly now: () => Date = () => new Date(),
  ) {
    this.current = loaded(snapshots);
  }

  /** The newest snapshot: what every answer uses unless a date is asked for. */
  latest(): Snapshot {
    return this.current.latest;
  }

  /**
   * The snapshot in force on `date` (YYYY-MM-DD): the one with exactly that
   * as-of date, else the newest one before it. Undefined when `date` precedes
   * every snapshot or is not a calendar date. To require an exact match, check
   * `dates()` first.
   */
  asOf(date: string): Snapshot | undefined {
    if (!isCalendarDate(date)) return undefined;
    return this.current.snapshots.findLast((s) => s.asOf <= date);
  }

  /** The as-of dates loaded, oldest first. */
  dates(): readonly string[] {
    return this.current.dates;
  }

  /** Every snapshot, oldest first. */
  all(): readonly Snapshot[] {
    return this.current.snapshots;
  }

  /** The outcome of the last `reload`, or undefined if there has been none. */
  lastReload(): ReloadRecord | undefined {
    return this.record;
  }

  /**
   * Loads a new set with `load` and swaps to it only if it loaded cleanly; on
   * failure the store keeps serving what it had and returns the errors. The
   * diff compares the previous latest snapshot with the new latest. Reloads
   * run one at a time, in the order they were asked for.
   */
  reload(load: () => Promise<LoadResult<readonly Snapshot[]>>): Promise<ReloadOutcome> {
    const run = this.queue.then(() => this.reloadNow(load));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reloadNow(load: () => Promise<LoadResult<readonly Snapshot[]>>): Promise<ReloadOutcome> {
    let result: LoadResult<readonly Snapshot[]>;
    try {
      result = await load();
    } catch (e) {
      // A loader should report problems as errors, but a bug in one must still leave the store serving.
      result = { ok: false, errors: [{ file: '(reload)', message: `the loader failed: ${e instanceof Error ? e.message : String(e)}` }] };
    }
    let outcome: ReloadOutcome;
    if (!result.ok) outcome = { ok: false, errors: result.errors };
    else if (result.value.length === 0) {
      outcome = { ok: false, errors: [{ file: '(reload)', message: 'the new data has no snapshots' }] };
    } else {
      const next = loaded(result.value);
      outcome = { ok: true, diff: diffSnapshots(this.current.latest, next.latest), dates: compareDates(this.current, next) };
      this.current = next;
    }
    this.record = Object.freeze({ at: this.now().toISOString(), ...outcome });
    return outcome;
  }
}
