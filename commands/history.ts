import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand, problemReply, type CommandContext } from '../src/command';
import { metricChoices, historyIndexChoices } from '../src/briefing/autocompleteChoices';
import { DEFAULT_SUBJECT_ID } from '../src/briefing/defaultSubject';
import { indexOption } from '../src/briefing/optionSchemas';
import { answerReply, headlineLine } from '../src/briefing/memberAnswer';
import { pickSubject } from '../src/briefing/pickSubject';
import { historyChart, historyPoints, withChart } from '../src/charts/figureCharts';
import { findFigures } from '../src/facts/findFigures';
import { METRIC_IDS, METRICS, type MetricId } from '../src/facts/metrics';
import type { Snapshot } from '../src/facts/snapshot';
import { escapeDataText } from '../src/render/discordText';
import { formatCalendarDate } from '../src/render/formatCalendarDate';
import type { Reply, ReplyField } from '../src/reply';

/** A metric as typed: its id (`short-interest`) or its label (`Short interest`), in any case. */
function resolveMetric(text: string): MetricId | undefined {
  const typed = text.trim().toLowerCase();
  return METRIC_IDS.find((id) => id === typed || METRICS[id].label.toLowerCase() === typed);
}

/** The metrics some loaded snapshot has a figure for, in the catalogue's order. */
function loadedMetrics(snapshots: readonly Snapshot[]): MetricId[] {
  const present = new Set(snapshots.flatMap((s) => s.figures.map((f) => f.metric)));
  return METRIC_IDS.filter((id) => present.has(id));
}

/** The subject asked for, else the Russell 2000 when it has the metric, else the first subject that has it. */
function defaultSubject(snapshots: readonly Snapshot[], metric: MetricId): string | undefined {
  const figures = snapshots.flatMap((s) => findFigures(s, { metric }));
  if (figures.some((f) => f.subject === DEFAULT_SUBJECT_ID)) return DEFAULT_SUBJECT_ID;
  return figures.at(-1)?.subject;
}

/** `[16] apnews.com, [31] reuters.com`: numbers belong to each snapshot's own list, so every line names its publishers. */
function citedIn(snapshot: Snapshot, sources: readonly number[]): string {
  return sources.map((n) => `[${n}] ${escapeDataText(snapshot.sources.get(n)?.publisher ?? '?')}`).join(', ');
}

function history(metric: MetricId, index: string | undefined, ctx: CommandContext): Reply {
  const snapshots = ctx.store.all();
  const latest = ctx.store.latest();
  const answerable = {
    figures: snapshots.flatMap((s) => findFigures(s, { metric })),
    concerns: (f: { subject: string }, id: string) => f.subject === id,
  };
  const label = METRICS[metric].label;
  let subjectId = index === undefined ? defaultSubject(snapshots, metric) : undefined;
  if (index !== undefined) {
    const subject = pickSubject(latest, index, answerable, label);
    if (!subject.ok) return subject.reply;
    subjectId = subject.value.id;
  }
  if (subjectId === undefined) return problemReply(`No loaded snapshot has a figure for ${label.toLowerCase()}.`);
  const request = { metric, subject: subjectId };
  const points = historyPoints(snapshots, request);
  const name = latest.subjects.find((s) => s.id === subjectId)?.name ?? subjectId;
  const dates = [...new Set(points.map((p) => p.asOf))];
  const fields: ReplyField[] = dates.map((date) => {
    const snapshot = snapshots.find((s) => s.asOf === date) ?? latest;
    const lines = points.filter((p) => p.asOf === date).map((p) => `${escapeDataText(p.text)} · ${citedIn(snapshot, p.sources)}`);
    return { name: `Snapshot of ${formatCalendarDate(date)}`, value: lines.join('\n') };
  });
  const newest = dates.at(-1) ?? latest.asOf;
  const current = points.filter((p) => p.asOf === newest);
  const span =
    dates.length === 1
      ? 'one snapshot, no history yet'
      : `${dates.length} snapshots since ${formatCalendarDate(dates[0] ?? newest)}, each with its own sources below`;
  const view = {
    title: `History: ${name} · ${label}`,
    headline: headlineLine(
      escapeDataText(`${name} · ${label}`),
      [current.map((p) => escapeDataText(p.text)).join(' / '), span],
      newest,
      current.flatMap((p) => p.sources),
    ),
    // One snapshot's value is the headline already; several are listed, each with the publishers of its own snapshot's numbering.
    ...((dates.length > 1 || newest !== latest.asOf) && { fields }),
    sources: newest === latest.asOf ? current.flatMap((p) => p.sources) : [],
  };
  return withChart(answerReply('history', latest, '', view, ctx), historyChart(snapshots, request));
}

export const historyCommand = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('history')
    .setDescription('One figure across every loaded snapshot, as a line chart with its values and sources')
    .addStringOption((o) =>
      o.setName('metric').setDescription('What to follow: short interest, close, weekly move…').setRequired(true).setAutocomplete(true),
    )
    .addStringOption((o) => o.setName('index').setDescription('Which index: rut, spx, ndx… (default Russell 2000)').setAutocomplete(true)),
  options: (ctx: CommandContext) => {
    const known = loadedMetrics(ctx.store.all());
    return z.strictObject({
      // Index first: with both wrong, the refusal leads with the index and stays short, the list of metrics after it.
      index: indexOption.optional(),
      metric: z
        .string()
        .max(100, 'is longer than any metric name')
        .transform((text, check) => {
          const metric = resolveMetric(text);
          if (metric !== undefined && known.includes(metric)) return metric;
          check.addIssue({
            code: 'custom',
            message: `expected one of the metrics the data has: ${known.map((m) => METRICS[m].label).join(', ')}`,
          });
          return z.NEVER;
        }),
    });
  },
  handle: ({ metric, index }, ctx) => history(metric, index, ctx),
  autocomplete(option, invocation, ctx) {
    const snapshots = ctx.store.all();
    if (option.name === 'metric') return metricChoices(loadedMetrics(snapshots), option.value);
    const metric = resolveMetric(String(invocation.options['metric'] ?? ''));
    return historyIndexChoices(ctx.store.latest(), snapshots, metric, option.value);
  },
});
