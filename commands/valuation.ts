import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { valuationChart, withChart } from '../src/charts/figureCharts';
import { indexChoices } from '../src/briefing/autocompleteChoices';
import { indexOption } from '../src/briefing/optionSchemas';
import { topicAnswerable, topicBriefing } from '../src/briefing/topicBriefing';

export const valuation = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('valuation')
    .setDescription('Valuation discounts and forward P/E, each with what it is measured against')
    .addStringOption((o) => o.setName('index').setDescription('Only this index: rut, spx, ndx… (default: all)').setAutocomplete(true)),
  options: z.strictObject({ index: indexOption.optional() }),
  handle: ({ index }, ctx) =>
    withChart(
      topicBriefing({ topic: 'valuation', label: 'Valuation', commentaryKey: 'valuation', ...(index !== undefined && { index }) }, ctx),
      index === undefined ? valuationChart(ctx.store.latest()) : undefined,
    ),
  autocomplete(option, _invocation, ctx) {
    const snapshot = ctx.store.latest();
    return indexChoices(snapshot, option.value, topicAnswerable(snapshot, 'valuation'));
  },
});
