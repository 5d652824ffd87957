import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { topicBriefing } from '../src/briefing/topicBriefing';

export const macro = defineCommand({
  definition: new SlashCommandBuilder().setName('macro').setDescription('Inflation, rate-cut odds and the Fed outlook behind the market'),
  options: z.strictObject({}),
  handle: (_options, ctx) => topicBriefing({ topic: 'macro', label: 'Macro and the Fed', commentaryKey: 'macro' }, ctx),
});
