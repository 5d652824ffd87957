import type { Figure, Snapshot } from './snapshot';

/**
 * Figures that disagree about one fact, by `conflictGroup`, in file order. A
 * group of one figure is no disagreement and is left out. Answers show each
 * group side by side with its sources rather than picking one.
 */
export function conflictingFigures(snapshot: Snapshot): ReadonlyMap<string, readonly Figure[]> {
  const groups = new Map<string, Figure[]>();
  for (const f of snapshot.figures) {
    if (f.conflictGroup !== undefined) groups.set(f.conflictGroup, [...(groups.get(f.conflictGroup) ?? []), f]);
  }
  return new Map([...groups].filter(([, figures]) => figures.length > 1));
}
