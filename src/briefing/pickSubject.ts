import { problemReply } from '../command';
import { resolveSubject } from '../facts/resolveSubject';
import type { Figure, Snapshot, Subject } from '../facts/snapshot';
import type { Picked } from './pickSnapshot';
import { escapeDataText } from '../render/discordText';

/**
 * What one command can show: the figures it draws on, and when one of them
 * answers for a subject. Choosing a subject, listing the known ones and
 * autocomplete all read this one description, so none of them offers an index
 * the answer would then refuse.
 */
export interface Answerable {
  readonly figures: readonly Figure[];
  readonly concerns: (figure: Figure, subjectId: string) => boolean;
}

/** The subjects a member can ask this command about, in the data's order. */
export function subjectsWithFigures(snapshot: Snapshot, answerable: Answerable): Subject[] {
  return snapshot.subjects.filter((s) => answerable.figures.some((f) => answerable.concerns(f, s.id)));
}

/**
 * Resolves what a member typed (a name or an alias such as rut, spx, ndx) to a
 * subject the command has figures for; otherwise an ephemeral answer listing
 * what is known (names and what was typed escaped, as they are shown in Discord).
 */
export function pickSubject(snapshot: Snapshot, text: string, answerable: Answerable, topicLabel: string): Picked<Subject> {
  const subject = resolveSubject(snapshot, text);
  if (subject !== undefined && answerable.figures.some((f) => answerable.concerns(f, subject.id))) return { ok: true, value: subject };
  // Only a refusal lists the subjects: escaping every name on each answer cost more than the answer itself.
  const list = subjectsWithFigures(snapshot, answerable)
    .map((s) => escapeDataText(s.aliases.length > 0 ? `${s.name} (${s.aliases.slice(0, 3).join(', ')})` : s.name))
    .join('; ');
  if (subject === undefined) {
    return {
      ok: false,
      reply: problemReply(`I don't know an index called "${escapeDataText(text)}". ${topicLabel} is available for: ${list}.`),
    };
  }
  return {
    ok: false,
    reply: problemReply(
      `The ${snapshot.asOf} data has no ${topicLabel.toLowerCase()} figures for ${escapeDataText(subject.name)}. It has them for: ${list}.`,
    ),
  };
}
