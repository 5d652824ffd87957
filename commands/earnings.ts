import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { topicBriefing, topicComponent, type TopicBriefingRequest } from '../src/briefing/topicBriefing';

const REQUEST: TopicBriefingRequest = {
  command: 'earnings',
  topic: 'earnings',
  label: 'earnings',
  title: 'Earnings',
  lead: 'Earnings',
  headline: [
    { metric: 'earnings-growth', words: 'earnings growth' },
    { metric: 'eps-beat-rate', words: 'beat EPS estimates' },
    { metric: 'revenue-growth', words: 'revenue growth' },
  ],
  commentaryKey: 'fundamentals',
};

export const earnings = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('earnings')
    .setDescription('Latest earnings season for Russell 2000 companies: growth, beat rate, revenue'),
  options: z.strictObject({}),
  handle: (_options, ctx) => topicBriefing(REQUEST, ctx),
  component: topicComponent(REQUEST),
});
