import type { Subject } from './snapshot';

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
