import { problemReply } from '../command';
import type { FactStore } from '../facts/factStore';
import type { Snapshot } from '../facts/snapshot';
import type { Reply } from '../reply';

export type Picked<T> = { ok: true; value: T } | { ok: false; reply: Reply };

function knownDates(store: FactStore): string {
  return store.dates().join(', ');
}

/** The latest snapshot, or the one with exactly the as-of date asked for. */
export function pickSnapshot(store: FactStore, date: string | undefined): Picked<Snapshot> {
  if (date === undefined) return { ok: true, value: store.latest() };
  const snapshot = store.dates().includes(date) ? store.asOf(date) : undefined;
  if (snapshot === undefined) {
    return { ok: false, reply: problemReply(`There is no data as of ${date}. Data is loaded for: ${knownDates(store)}.`) };
  }
  return { ok: true, value: snapshot };
}
