import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { valuationChart, withChart } from '../src/charts/figureCharts';
import { indexChoices } from '../src/briefing/autocompleteChoices';
import { indexOption } from '../src/briefing/optionSchemas';
import { topicAnswerable, topicBriefing, topicComponent, type TopicBriefingRequest } from '../src/briefing/topicBriefing';

const REQUEST: TopicBriefingRequest = {
  command: 'valuation',
  topic: 'valuation',
  label: 'valuation',
  title: 'Valuation: small caps against large caps',
  lead: 'Small caps',
  headline: [
    { metric: 'valuation-discount', words: 'valuation discount', summary: true },
    { metric: 'forward-pe', words: 'forward P/E' },
  ],
  commentaryKey: 'valuation',
};

export const valuation = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('valuation')
    .setDescription('Valuation discounts and forward P/E, each with what it is measured against')
    .addStringOption((o) => o.setName('index').setDescription('Only this index: rut, spx, ndx… (default: all)').setAutocomplete(true)),
  options: z.strictObject({ index: indexOption.optional() }),
  handle: ({ index }, ctx) =>
    withChart(topicBriefing(REQUEST, ctx, index), index === undefined ? valuationChart(ctx.store.latest()) : undefined),
  autocomplete(option, _invocation, ctx) {
    const snapshot = ctx.store.latest();
    return indexChoices(snapshot, option.value, topicAnswerable(snapshot, 'valuation'));
  },
  component: topicComponent(REQUEST),
});
