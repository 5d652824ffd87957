import type { NarrativeEntry, NarrativeTopic, Snapshot } from './snapshot';

/** The narrative entries of a topic in file order, or only the one with `key` when given. */
export function narrativeEntries(snapshot: Snapshot, topic: NarrativeTopic, key?: string): readonly NarrativeEntry[] {
  return snapshot.narrative.filter((e) => e.topic === topic && (key === undefined || e.key === key));
}
