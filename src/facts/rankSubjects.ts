import { normalizeName, subjectNameIndex, type NormalizedName } from './subjectName';
import type { Snapshot, Subject } from './snapshot';

const EXACT = 0;
const PREFIX = 1;
const WORD_PREFIX = 2;
const SUBSTRING = 3;

/** How well one name matches, lower is better; undefined for no match. */
function nameScore(name: NormalizedName, wanted: string): number | undefined {
  if (name.normal === wanted) return EXACT;
  if (name.normal.startsWith(wanted)) return PREFIX;
  if (name.words.some((word) => word.startsWith(wanted))) return WORD_PREFIX;
  if (name.normal.includes(wanted)) return SUBSTRING;
  return undefined;
}

function figureCounts(snapshot: Snapshot): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of snapshot.figures) counts.set(f.subject, (counts.get(f.subject) ?? 0) + 1);
  return counts;
}

/**
 * Subjects for autocomplete, best first: an exact name or alias, then names
 * starting with `text`, then names with a word starting with it, then names
 * containing it; ties go to the subject with more figures, then by name.
 * Empty `text` lists the subjects that have figures, most figures first.
 */
export function rankSubjects(snapshot: Snapshot, text: string, limit: number): Subject[] {
  const wanted = normalizeName(text);
  const counts = figureCounts(snapshot);
  const ranked = subjectNameIndex(snapshot).subjects.flatMap(({ subject, names }) => {
    const figures = counts.get(subject.id) ?? 0;
    if (wanted === '') return figures > 0 ? [{ subject, score: 0, figures }] : [];
    const scores = names.flatMap((name) => nameScore(name, wanted) ?? []);
    return scores.length > 0 ? [{ subject, score: Math.min(...scores), figures }] : [];
  });
  ranked.sort((a, b) => a.score - b.score || b.figures - a.figures || a.subject.name.localeCompare(b.subject.name, 'en'));
  return ranked.slice(0, Math.max(0, limit)).map((r) => r.subject);
}
