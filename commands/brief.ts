import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { weekMovesChart, withChart } from '../src/charts/figureCharts';
import { DEFAULT_SUBJECT_ID } from '../src/briefing/defaultSubject';
import { cites, citedBy, detailLines, isNumeric, spread } from '../src/briefing/figureLines';
import { answerComponent, answerReply, cachedView, headlineLine, type AnswerView } from '../src/briefing/memberAnswer';
import { mostRecentFigure } from '../src/briefing/mostRecentFigure';
import type { MetricId } from '../src/facts/metrics';
import { narrativeEntries } from '../src/facts/narrativeEntries';
import type { Figure, Snapshot } from '../src/facts/snapshot';
import { escapeDataText } from '../src/render/discordText';
import { formatValue } from '../src/render/formatValue';
import type { ReplyField } from '../src/reply';

/** The card's numbers after the headline, in the order a trader scans them; a family of estimates is shown as its spread. */
const CARD: readonly { readonly name: string; readonly subject: string; readonly metric: MetricId; readonly spread?: boolean }[] = [
  { name: 'This week', subject: DEFAULT_SUBJECT_ID, metric: 'change-1w' },
  { name: 'Year to date', subject: DEFAULT_SUBJECT_ID, metric: 'ytd-return' },
  { name: 'Short interest', subject: DEFAULT_SUBJECT_ID, metric: 'short-interest' },
  { name: 'Small-cap discount', subject: '*', metric: 'valuation-discount', spread: true },
  { name: 'Fed cut odds', subject: 'fed', metric: 'rate-cut-probability' },
  { name: 'Core PCE, year on year', subject: 'us-economy', metric: 'core-pce-yoy' },
];

/** The first two sentences: the card's summary, whatever the length of the data's. */
function twoSentences(text: string): string {
  return text
    .split(/(?<=[.!?])\s+/)
    .slice(0, 2)
    .join(' ');
}

/** `**20–30%** · 4 estimates`: a family of estimates as its spread. */
function spreadValue(figures: readonly Figure[]): string {
  const numeric = figures.filter(isNumeric);
  if (numeric.length === 0) return `**${formatValue(figures[0]!)}**`;
  return `**${spread(numeric)}** · ${numeric.length} estimate${numeric.length === 1 ? '' : 's'}`;
}

/**
 * The week in one card: the Russell 2000's close and day in the headline,
 * the numbers members quote as inline fields, a two-sentence summary, the
 * scenarios one line each; the week's story, the catalysts and the
 * takeaways behind Read more. Kept per snapshot.
 */
function briefView(snapshot: Snapshot): AnswerView {
  return cachedView(snapshot, 'brief', '', () => {
    const of = (subject: string, metric: MetricId): Figure[] =>
      snapshot.figures.filter((f) => (subject === '*' || f.subject === subject) && f.metric === metric && f.conflictGroup === undefined);
    const close = mostRecentFigure(of(DEFAULT_SUBJECT_ID, 'close'));
    const day = mostRecentFigure(of(DEFAULT_SUBJECT_ID, 'change-1d'));
    const headlined = [close, day].filter((f): f is Figure => f !== undefined);
    const shown: Figure[] = [...headlined];
    const fields: ReplyField[] = [];
    for (const card of CARD) {
      const figures = card.spread === true ? of(card.subject, card.metric) : [mostRecentFigure(of(card.subject, card.metric))];
      const present = figures.filter((f): f is Figure => f !== undefined);
      if (present.length === 0) continue;
      shown.push(...present);
      const sources = [...new Set(present.flatMap((f) => f.sources))].sort((a, b) => a - b);
      const value = card.spread === true ? spreadValue(present) : `**${formatValue(present[0]!)}**`;
      fields.push({ name: card.name, value: `${value} ${cites(sources)}`, inline: true });
    }
    const scenarios = narrativeEntries(snapshot, 'scenarios');
    const story = [
      ...narrativeEntries(snapshot, 'week'),
      ...narrativeEntries(snapshot, 'commentary', 'catalysts'),
      ...narrativeEntries(snapshot, 'takeaways'),
    ];
    const asOf = headlined.length > 0 ? headlined.map((f) => f.period.end).reduce((a, b) => (b > a ? b : a)) : snapshot.asOf;
    const name = escapeDataText(snapshot.subjects.find((s) => s.id === DEFAULT_SUBJECT_ID)?.name ?? DEFAULT_SUBJECT_ID);
    return {
      title: `Briefing: ${snapshot.title}`,
      headline: headlineLine(
        close !== undefined ? `${name} ${formatValue(close)}` : name,
        day !== undefined ? [`${formatValue(day)} day`] : [],
        asOf,
        headlined.flatMap((f) => f.sources),
      ),
      // The numbers come first, then the summary and the scenarios: Discord draws fields after the description.
      fields: [
        ...fields,
        ...(snapshot.summary !== undefined ? [{ name: 'The week', value: escapeDataText(twoSentences(snapshot.summary)) }] : []),
        ...(scenarios.length > 0
          ? [{ name: 'Scenarios', value: scenarios.map((s) => `• ${escapeDataText(s.title)} ${cites(s.sources)}`).join('\n') }]
          : []),
      ],
      sources: [...new Set([...citedBy(snapshot, shown), ...scenarios.flatMap((s) => s.sources)])],
      details: { lines: detailLines(snapshot, shown), sources: citedBy(snapshot, shown) },
      ...(story.length > 0 && {
        more: {
          narrative: story.map((e) => `## ${e.title}\n\n${e.markdown}`),
          sources: story.flatMap((e) => e.sources),
        },
      }),
      ...(scenarios.length > 0 && { seeAlso: [{ command: 'outlook', text: 'each scenario in full' }] }),
    };
  });
}

export const brief = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('brief')
    .setDescription('The week in one card: headline numbers, what drove them, the scenarios'),
  options: z.strictObject({}),
  handle(_options, ctx) {
    const snapshot = ctx.store.latest();
    return withChart(answerReply('brief', snapshot, '', briefView(snapshot), ctx), weekMovesChart(snapshot));
  },
  component: answerComponent('brief', (snapshot) => briefView(snapshot)),
});
