import type { Snapshot, Subject } from './snapshot';

/**
 * The form in which two names of a subject count as the same: case, outer
 * spaces, inner spaces, hyphens and underscores do not matter, so "S&P 500",
 * "s&p500" and "S&P-500" meet. The schema rejects two subjects whose names meet
 * here, so a name always resolves to one subject.
 */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_\u2010-\u2015]+/gu, '');
}

/** Every name a member may type for a subject: id, display name, aliases. */
export function namesOf(subject: Pick<Subject, 'id' | 'name' | 'aliases'>): readonly string[] {
  return [subject.id, subject.name, ...subject.aliases];
}

/** One name of a subject as matching needs it: normalised whole, and each of its words normalised. */
export interface NormalizedName {
  readonly normal: string;
  readonly words: readonly string[];
}

export interface SubjectNames {
  readonly subject: Subject;
  readonly names: readonly NormalizedName[];
}

/** The names of a snapshot's subjects, normalised, and each normalised name's subject. */
export interface SubjectNameIndex {
  readonly subjects: readonly SubjectNames[];
  readonly byName: ReadonlyMap<string, Subject>;
}

/**
 * Normalised once per snapshot (snapshots never change): at the limits, 1,000
 * subjects with 50 aliases of 200 characters, normalising every name again on
 * each autocomplete keystroke took most of a second of blocked event loop.
 */
const indexes = new WeakMap<Snapshot, SubjectNameIndex>();

export function subjectNameIndex(snapshot: Snapshot): SubjectNameIndex {
  let index = indexes.get(snapshot);
  if (index === undefined) {
    const byName = new Map<string, Subject>();
    const subjects = snapshot.subjects.map((subject) => ({
      subject,
      names: namesOf(subject).map((name) => {
        const normal = normalizeName(name);
        if (!byName.has(normal)) byName.set(normal, subject);
        // Split after normalising, on what normalising removes and on slashes: one pass per name, not one per word.
        return {
          normal,
          words: name
            .normalize('NFKC')
            .toLowerCase()
            .split(/[\s\-_/\u2010-\u2015]+/u),
        };
      }),
    }));
    index = { subjects, byName };
    indexes.set(snapshot, index);
  }
  return index;
}
