import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { topicBriefing, topicComponent, type TopicBriefingRequest } from '../src/briefing/topicBriefing';

const REQUEST: TopicBriefingRequest = {
  command: 'macro',
  topic: 'macro',
  label: 'macro',
  title: 'U.S. macro and the Fed',
  lead: 'Fed and inflation',
  headline: [
    { metric: 'rate-cut-probability', words: 'odds of a Fed cut' },
    { metric: 'rate-cut-size', words: 'expected cut' },
    { metric: 'core-pce-yoy', words: 'core PCE year on year' },
  ],
  commentaryKey: 'macro',
};

export const macro = defineCommand({
  definition: new SlashCommandBuilder().setName('macro').setDescription('Inflation, rate-cut odds and the Fed outlook behind the market'),
  options: z.strictObject({}),
  handle: (_options, ctx) => topicBriefing(REQUEST, ctx),
  component: topicComponent(REQUEST),
});
