import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { weekMovesChart, withChart } from '../src/charts/figureCharts';
import { topicBriefing } from '../src/briefing/topicBriefing';

export const world = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('world')
    .setDescription('Small caps against world indices: Europe, Japan, global gauges, revenue mix'),
  options: z.strictObject({}),
  handle: (_options, ctx) =>
    withChart(topicBriefing({ topic: 'world', label: 'World context', commentaryKey: 'world' }, ctx), weekMovesChart(ctx.store.latest())),
});
