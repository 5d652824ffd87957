import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { briefingReply } from '../src/briefing/briefingReply';
import { weekMovesChart, withChart } from '../src/charts/figureCharts';
import { DEFAULT_SUBJECT_ID } from '../src/briefing/defaultSubject';
import { citedByFigures, figureFields } from '../src/briefing/figureFields';
import type { MetricId } from '../src/facts/metrics';
import { narrativeEntries } from '../src/facts/narrativeEntries';
import type { Figure } from '../src/facts/snapshot';
import { escapeDataText } from '../src/render/discordText';
import { moveColor } from '../src/render/moveColor';
import { mostRecentFigure } from '../src/briefing/mostRecentFigure';

/** The headline numbers, in the order a trader scans them. */
const HEADLINE: readonly { subject: string; metric: MetricId }[] = [
  { subject: DEFAULT_SUBJECT_ID, metric: 'close' },
  { subject: DEFAULT_SUBJECT_ID, metric: 'change-1d' },
  { subject: DEFAULT_SUBJECT_ID, metric: 'change-1w' },
  { subject: DEFAULT_SUBJECT_ID, metric: 'ytd-return' },
  { subject: DEFAULT_SUBJECT_ID, metric: 'short-interest' },
  { subject: DEFAULT_SUBJECT_ID, metric: 'valuation-discount' },
  { subject: 'fed', metric: 'rate-cut-probability' },
];

export const brief = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('brief')
    .setDescription('The week in one card: headline numbers, what drove them, the scenarios'),
  options: z.strictObject({}),
  handle(_options, ctx) {
    const snapshot = ctx.store.latest();
    const figures = HEADLINE.map(({ subject, metric }) =>
      mostRecentFigure(snapshot.figures.filter((f) => f.subject === subject && f.metric === metric)),
    ).filter((f): f is Figure => f !== undefined);
    const week = narrativeEntries(snapshot, 'week');
    const scenarios = narrativeEntries(snapshot, 'scenarios');
    const scenarioList =
      scenarios.length > 0 ? [{ discord: `**Scenarios** (/outlook): ${scenarios.map((s) => escapeDataText(s.title)).join(' · ')}` }] : [];
    const takeaways = narrativeEntries(snapshot, 'takeaways');
    // Titles only, each with the references of its passage, to keep the card short.
    const takeawayList =
      takeaways.length > 0
        ? [
            {
              discord: `**Takeaways**\n${takeaways.map((t) => `- ${escapeDataText(t.title)} ${t.sources.map((n) => `[${n}]`).join('')}`).join('\n')}`,
            },
          ]
        : [];
    const card = briefingReply({
      snapshot,
      now: ctx.now,
      staleAfterDays: ctx.staleAfterDays,
      title: `Briefing: ${snapshot.title}`,
      fields: figureFields(snapshot, figures),
      narrative: [
        ...(snapshot.summary !== undefined ? [{ discord: escapeDataText(snapshot.summary) }] : []),
        ...week.map((e) => e.markdown),
        ...scenarioList,
        ...takeawayList,
      ],
      sources: [...citedByFigures(snapshot, figures), ...[...week, ...takeaways].flatMap((e) => e.sources)],
      color: moveColor(figures.find((f) => f.metric === 'change-1d')?.value),
    });
    return withChart(card, weekMovesChart(snapshot));
  },
});
