import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { topicBriefing } from '../src/briefing/topicBriefing';

export const earnings = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('earnings')
    .setDescription('Latest earnings season for Russell 2000 companies: growth, beat rate, revenue'),
  options: z.strictObject({}),
  handle: (_options, ctx) => topicBriefing({ topic: 'earnings', label: 'Earnings', commentaryKey: 'fundamentals' }, ctx),
});
