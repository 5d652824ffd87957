import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { briefingReply } from '../src/briefing/briefingReply';
import { escapeDataText } from '../src/render/discordText';

export const about = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('about')
    .setDescription('What Briefing Desk is, where its numbers come from and how old they are'),
  options: z.strictObject({}),
  handle(_options, ctx) {
    const snapshot = ctx.store.latest();
    const dates = ctx.store.dates();
    return briefingReply({
      snapshot,
      now: ctx.now,
      staleAfterDays: ctx.staleAfterDays,
      title: 'About Briefing Desk',
      narrative: [
        'Briefing Desk answers with sourced market briefings. Every figure comes from a published analysis, carries the numbered source it came from and the date it describes; nothing is live market data.',
        {
          discord: `**Loaded:** ${dates.length} snapshot${dates.length === 1 ? '' : 's'} (${dates.join(', ')}). The latest, "${escapeDataText(snapshot.title)}", holds ${snapshot.figures.length} figures from ${snapshot.sources.size} sources.`,
        },
        '**Ask:** /brief · /levels · /short-interest · /valuation · /earnings · /macro · /technicals · /outlook · /world · /recap · /sources. Moderators: /recaps. Data moderators: /data.',
        'This is information, not investment advice or a recommendation to buy or sell anything.',
      ],
      sources: [],
    });
  },
});
