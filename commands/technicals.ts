import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { topicBriefing, topicComponent, type TopicBriefingRequest } from '../src/briefing/topicBriefing';

const REQUEST: TopicBriefingRequest = {
  command: 'technicals',
  topic: 'technicals',
  label: 'technicals',
  title: 'Technicals: the U.S. market and the Russell 2000',
  lead: 'Technicals',
  headline: [
    { metric: 'market-condition', words: 'market' },
    { metric: 'seasonal-forecast', words: 'seasonal forecast' },
    { metric: 'relative-strength', words: 'Russell 2000' },
  ],
  commentaryKey: 'technicals',
};

export const technicals = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('technicals')
    .setDescription('Technical signals, overbought readings and the seasonality forecast'),
  options: z.strictObject({}),
  handle: (_options, ctx) => topicBriefing(REQUEST, ctx),
  component: topicComponent(REQUEST),
});
