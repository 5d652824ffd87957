import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { shortInterestChart, withChart } from '../src/charts/figureCharts';
import { indexChoices } from '../src/briefing/autocompleteChoices';
import { indexOption } from '../src/briefing/optionSchemas';
import { topicAnswerable, topicBriefing, topicComponent, type TopicBriefingRequest } from '../src/briefing/topicBriefing';

const REQUEST: TopicBriefingRequest = {
  command: 'short-interest',
  topic: 'short-interest',
  label: 'short interest',
  title: 'Short interest by index',
  lead: 'Short interest',
  headline: [{ metric: 'short-interest', words: 'short interest' }],
  commentaryKey: 'short-interest',
};

export const shortInterest = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('short-interest')
    .setDescription('Short interest by index: median short float, multi-year highs, with sources')
    .addStringOption((o) => o.setName('index').setDescription('Only this index: rut, spx, ndx… (default: all)').setAutocomplete(true)),
  options: z.strictObject({ index: indexOption.optional() }),
  handle: ({ index }, ctx) =>
    withChart(topicBriefing(REQUEST, ctx, index), index === undefined ? shortInterestChart(ctx.store.latest()) : undefined),
  autocomplete(option, _invocation, ctx) {
    const snapshot = ctx.store.latest();
    return indexChoices(snapshot, option.value, topicAnswerable(snapshot, 'short-interest'));
  },
  component: topicComponent(REQUEST),
});
