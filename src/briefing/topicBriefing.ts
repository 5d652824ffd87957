import type { CommandContext } from '../command';
import { findFigures } from '../facts/findFigures';
import type { Topic } from '../facts/figuresSchema';
import { narrativeEntries } from '../facts/narrativeEntries';
import type { Snapshot } from '../facts/snapshot';
import type { Reply } from '../reply';
import { briefingReply } from './briefingReply';
import { citedByFigures, figureFields } from './figureFields';
import { pickSubject, type Answerable } from './pickSubject';

export interface TopicBriefingRequest {
  readonly topic: Topic;
  /** How the topic is named to members, e.g. "Short interest". */
  readonly label: string;
  /** The commentary entry (narrative.md `# commentary`) that explains the figures. */
  readonly commentaryKey: string;
  /** What the member typed for `index`, if anything. */
  readonly index?: string;
}

/**
 * A topic's figures, each answering for the index it is about and for the one
 * it is measured against: asked about the Russell Top 200, /valuation shows
 * the Russell 2000's discount to it.
 */
export function topicAnswerable(snapshot: Snapshot, topic: Topic): Answerable {
  return { figures: findFigures(snapshot, { topic }), concerns: (f, id) => f.subject === id || f.comparedTo === id };
}

/**
 * A topic's figures (all of them, or those about one index and those measured
 * against it) with the commentary that explains them, from the latest snapshot.
 */
export function topicBriefing(request: TopicBriefingRequest, ctx: CommandContext): Reply {
  const snapshot = ctx.store.latest();
  const answerable = topicAnswerable(snapshot, request.topic);
  let figures = answerable.figures;
  let title = request.label;
  if (request.index !== undefined) {
    const subject = pickSubject(snapshot, request.index, answerable, request.label);
    if (!subject.ok) return subject.reply;
    const id = subject.value.id;
    figures = figures.filter((f) => answerable.concerns(f, id));
    title = `${request.label}: ${subject.value.name}`;
  }
  const commentary = request.index === undefined ? narrativeEntries(snapshot, 'commentary', request.commentaryKey) : [];
  return briefingReply({
    snapshot,
    now: ctx.now,
    staleAfterDays: ctx.staleAfterDays,
    title,
    fields: figureFields(snapshot, figures),
    narrative: commentary.map((e) => e.markdown),
    sources: [...citedByFigures(snapshot, figures), ...commentary.flatMap((e) => e.sources)],
  });
}
