import type { FigureEntry, SubjectEntry } from '../facts/figuresSchema';
import type { Snapshot } from '../facts/snapshot';

/** What a draft builds on: the subjects whose names it recognises and the figures whose ids it keeps. */
export interface KnownData {
  readonly subjects: SubjectEntry[];
  readonly figures: FigureEntry[];
}

/**
 * The subjects of every snapshot (the newest definition of each) and the
 * newest snapshot's figures, as figures.json entries: the drafter's
 * `knownSubjects` and `previousFigures`. Pure, for the CLI and the importer.
 */
export function knownData(snapshots: readonly Snapshot[]): KnownData {
  const newestFirst = [...snapshots].sort((a, b) => b.asOf.localeCompare(a.asOf));
  const subjects = new Map<string, SubjectEntry>();
  for (const s of newestFirst.flatMap((snapshot) => snapshot.subjects))
    if (!subjects.has(s.id)) subjects.set(s.id, { ...s, aliases: [...s.aliases] });
  const figures = (newestFirst[0]?.figures ?? []).map((f) => ({ ...f, period: f.period.text, sources: [...f.sources] }) as FigureEntry);
  return { subjects: [...subjects.values()], figures };
}
