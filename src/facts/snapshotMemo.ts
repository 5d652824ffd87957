import type { Snapshot } from './snapshot';

/**
 * Values worked out from a snapshot, each built once and kept while the
 * snapshot lives: a snapshot never changes, and a reload's new one starts
 * afresh. Keys must come from the data or the code (a subject id, a chart
 * name, a narrative text), never from text a member typed, so a map stays small.
 */
export class SnapshotMemo<T> {
  readonly #bySnapshot = new WeakMap<Snapshot, Map<string, T>>();

  get(snapshot: Snapshot, key: string, build: () => T): T {
    let kept = this.#bySnapshot.get(snapshot);
    if (kept === undefined) {
      kept = new Map();
      this.#bySnapshot.set(snapshot, kept);
    }
    // `has`, not `undefined`: "nothing to show" (no chart) is kept too.
    if (!kept.has(key)) kept.set(key, build());
    return kept.get(key) as T;
  }
}
