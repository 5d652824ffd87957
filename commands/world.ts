import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { weekMovesChart, withChart } from '../src/charts/figureCharts';
import { topicBriefing, topicComponent, type TopicBriefingRequest } from '../src/briefing/topicBriefing';

const REQUEST: TopicBriefingRequest = {
  command: 'world',
  topic: 'world',
  label: 'world context',
  title: 'Small caps and world indices',
  lead: 'World indices',
  headline: [
    { metric: 'change-1w', words: 'weekly move' },
    { metric: 'ytd-return', words: 'year to date', named: true },
  ],
  commentaryKey: 'world',
};

export const world = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('world')
    .setDescription('Small caps against world indices: Europe, Japan, global gauges, revenue mix'),
  options: z.strictObject({}),
  handle: (_options, ctx) => withChart(topicBriefing(REQUEST, ctx), weekMovesChart(ctx.store.latest())),
  component: topicComponent(REQUEST),
});
