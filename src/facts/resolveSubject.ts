import { normalizeName, subjectNameIndex } from './subjectName';
import type { Snapshot, Subject } from './snapshot';

/**
 * The subject a member means by `text`: its id, name or an alias, ignoring
 * case, outer and inner spaces and hyphens ("S&P 500", "s&p500", "Russell-2000").
 * Undefined when nothing matches.
 */
export function resolveSubject(snapshot: Snapshot, text: string): Subject | undefined {
  const wanted = normalizeName(text);
  if (wanted === '') return undefined;
  return subjectNameIndex(snapshot).byName.get(wanted);
}
