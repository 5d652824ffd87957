import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { topicBriefing } from '../src/briefing/topicBriefing';

export const technicals = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('technicals')
    .setDescription('Technical signals, overbought readings and the seasonality forecast'),
  options: z.strictObject({}),
  handle: (_options, ctx) => topicBriefing({ topic: 'technicals', label: 'Technicals', commentaryKey: 'technicals' }, ctx),
});
