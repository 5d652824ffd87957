import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { answerReply, headlineLine } from '../src/briefing/memberAnswer';
import { commandMention, escapeDataText } from '../src/render/discordText';

/** What a member can ask, in the order they meet it; moderators' and data moderators' commands follow. */
const MEMBER_COMMANDS = [
  'brief',
  'levels',
  'short-interest',
  'valuation',
  'earnings',
  'macro',
  'technicals',
  'outlook',
  'world',
  'recap',
  'history',
  'sources',
];

export const about = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('about')
    .setDescription('What Briefing Desk is, where its numbers come from and how old they are'),
  options: z.strictObject({}),
  handle(_options, ctx) {
    const snapshot = ctx.store.latest();
    const dates = ctx.store.dates();
    const mention = (name: string): string => commandMention(ctx.commandIds, name);
    // Built per answer, not kept: the mentions depend on the command ids Discord gave, and the answer is a few lines.
    return answerReply(
      'about',
      snapshot,
      '',
      {
        title: 'About Briefing Desk',
        headline: headlineLine(
          'Sourced market briefings',
          [`${snapshot.figures.length} figures from ${snapshot.sources.size} sources`],
          snapshot.asOf,
        ),
        body: [
          'Every figure comes from a published analysis, with the numbered source it came from and the date it describes; nothing is live market data, and none of it is a recommendation to buy or sell.',
          `**Loaded:** ${dates.length} snapshot${dates.length === 1 ? '' : 's'} (${dates.join(', ')}). The latest is "${escapeDataText(snapshot.title)}".`,
          `**Ask:** ${MEMBER_COMMANDS.map(mention).join(' · ')}. Moderators: ${mention('recaps')}. Data moderators: ${mention('data')}.`,
        ],
        sources: [],
      },
      ctx,
    );
  },
});
