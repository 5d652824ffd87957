import { datedLead, sectionEmbed } from '../briefing/briefingReply';
import { DEFAULT_SUBJECT_ID } from '../briefing/defaultSubject';
import { citedByFigures, figureFields } from '../briefing/figureFields';
import { mostRecentFigure } from '../briefing/mostRecentFigure';
import { findFigures } from '../facts/findFigures';
import { narrativeEntries } from '../facts/narrativeEntries';
import type { Snapshot } from '../facts/snapshot';
import { formatCalendarDate } from '../render/formatCalendarDate';
import { moveColor } from '../render/moveColor';
import type { Reply, ReplyEmbed } from '../reply';

/**
 * The weekly recap, composed from one snapshot: the week's level and move, what
 * drove each day, positioning, valuation, the technical and seasonal watch, next
 * week's catalysts and the scenarios. Each section cites its own sources; the
 * Discord shell splits it into several messages when it exceeds one message.
 */
export function composeRecap(snapshot: Snapshot, now: Date, staleAfterDays: number): Reply {
  const embeds: ReplyEmbed[] = [];
  const dating = { now, staleAfterDays };
  const week = narrativeEntries(snapshot, 'week');
  const levels = findFigures(snapshot, { topic: 'levels', subject: DEFAULT_SUBJECT_ID });
  embeds.push(
    sectionEmbed(
      snapshot,
      {
        title: `Weekly recap: ${week[0]?.title ?? snapshot.title}`,
        narrative: week.map((e) => e.markdown),
        fields: figureFields(snapshot, levels),
        sources: [...citedByFigures(snapshot, levels), ...week.flatMap((e) => e.sources)],
        color: moveColor(mostRecentFigure(levels.filter((f) => f.metric === 'change-1w'))?.value),
      },
      dating,
      datedLead(snapshot, now, staleAfterDays),
    ),
  );

  const days = narrativeEntries(snapshot, 'recaps');
  if (days.length > 0) {
    embeds.push(
      sectionEmbed(
        snapshot,
        {
          title: 'What drove each day',
          narrative: days.map((d) => `**${formatCalendarDate(d.key)}: ${d.title}**\n\n${d.markdown}`),
          sources: days.flatMap((d) => d.sources),
        },
        dating,
      ),
    );
  }

  for (const [topic, title] of [
    ['short-interest', 'Positioning: short interest'],
    ['valuation', 'Valuation'],
    ['technicals', 'Technical and seasonal watch'],
  ] as const) {
    const figures = findFigures(snapshot, { topic });
    if (figures.length > 0) {
      embeds.push(
        sectionEmbed(snapshot, { title, fields: figureFields(snapshot, figures), sources: citedByFigures(snapshot, figures) }, dating),
      );
    }
  }

  const catalysts = narrativeEntries(snapshot, 'commentary', 'catalysts');
  const scenarios = narrativeEntries(snapshot, 'scenarios');
  if (catalysts.length > 0 || scenarios.length > 0) {
    embeds.push(
      sectionEmbed(
        snapshot,
        {
          title: 'Next week and beyond',
          narrative: [...catalysts.map((e) => e.markdown), ...scenarios.map((s) => `**${s.title}**\n\n${s.markdown}`)],
          sources: [...catalysts, ...scenarios].flatMap((e) => e.sources),
        },
        dating,
      ),
    );
  }
  return { embeds };
}
