import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand, problemReply, type CommandContext } from '../src/command';
import { composeRecap } from '../src/recaps/composeRecap';
import type { RecapAdmin } from '../src/recaps/recapAdmin';
import type { Reply } from '../src/reply';
import { discordTimestamp } from '../src/render/discordTimestamp';
import { escapeDataText } from '../src/render/discordText';
import { nextOccurrence } from '../src/schedule/occurrences';
import { parseRecapSchedule, type RecapSchedule } from '../src/schedule/recapSchedule';
import { searchTimeZones } from '../src/schedule/searchTimeZones';

const NOT_IN_SERVER = 'Recaps are set per server: use /recaps in a server channel while the bot is connected to Discord.';
const NOT_A_MODERATOR = 'Only members with the Manage Server permission can change where and when recaps post.';

function describeSchedule(schedule: RecapSchedule): string {
  const days = schedule.days.map((d) => d[0]!.toUpperCase() + d.slice(1, 3)).join(', ');
  return `${days} at ${schedule.time} (${schedule.timeZone})`;
}

function channelMention(id: string): string {
  return `<#${id}>`;
}

async function statusReply(admin: RecapAdmin, guildId: string, now: Date): Promise<Reply> {
  const s = await admin.status(guildId, now);
  const lines = [
    s.subscription === undefined
      ? '**Schedule:** off (set one with /recaps set)'
      : `**Schedule:** ${describeSchedule(s.subscription.schedule)} in ${channelMention(s.subscription.channelId)}`,
    ...(s.nextPost !== undefined
      ? [`**Next post:** ${discordTimestamp(s.nextPost.at, 'F')} (${discordTimestamp(s.nextPost.at, 'R')})`]
      : []),
    s.lastPost !== undefined
      ? `**Last post:** ${discordTimestamp(s.lastPost.at, 'F')} in ${channelMention(s.lastPost.channelId)} (${s.lastPost.messageIds.length} message${s.lastPost.messageIds.length === 1 ? '' : 's'})`
      : '**Last post:** none yet',
    ...(s.lastFailure !== undefined
      ? [
          `**Last failure:** ${discordTimestamp(s.lastFailure.at, 'F')} in ${channelMention(s.lastFailure.channelId)}: ${s.lastFailure.reason}` +
            (s.lastFailure.retryAt !== undefined && s.lastFailure.retryAt > now
              ? ` (retrying ${discordTimestamp(s.lastFailure.retryAt, 'R')})`
              : ''),
        ]
      : []),
    ...(s.lastSkip !== undefined ? [`**Last skipped:** ${s.lastSkip.period}: ${s.lastSkip.reason}`] : []),
  ];
  return { ephemeral: true, embeds: [{ title: 'Weekly recap', description: lines.join('\n') }] };
}

async function setReply(admin: RecapAdmin, ctx: CommandContext, guildId: string, options: RecapsOptions): Promise<Reply> {
  if (options.channel === undefined) return problemReply('Choose the channel the recap should post in: /recaps set channel:#market-recap');
  const parsed = parseRecapSchedule({
    ...(options.days !== undefined && { days: options.days }),
    ...(options.time !== undefined && { time: options.time }),
    ...(options.timezone !== undefined && { timeZone: options.timezone }),
  });
  // The errors quote what was typed, which is shown as text, never as Markdown or a mention.
  if (!parsed.ok) return problemReply(parsed.errors.map(escapeDataText).join('\n'));
  const check = await admin.checkChannel(guildId, options.channel);
  if (!check.ok) return problemReply(`I can't post in ${channelMention(options.channel)}: ${check.reason}`);
  await admin.setSchedule({ guildId, channelId: options.channel, schedule: parsed.schedule, setBy: ctx.caller.userId }, ctx.now);
  const next = nextOccurrence(parsed.schedule, ctx.now);
  return {
    ephemeral: true,
    content:
      `Weekly recap set: ${describeSchedule(parsed.schedule)} in ${channelMention(options.channel)}. Next post ${discordTimestamp(next.at, 'F')} (${discordTimestamp(next.at, 'R')}).` +
      (check.advice !== undefined ? `\n${check.advice}` : ''),
  };
}

const recapsOptions = z.strictObject({
  channel: z
    .string()
    .regex(/^\d{17,20}$/, 'expected a channel')
    .optional(),
  days: z.string().trim().max(100).optional(),
  time: z.string().trim().max(20).optional(),
  timezone: z.string().trim().max(64).optional(),
});
type RecapsOptions = z.output<typeof recapsOptions>;

export const recaps = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('recaps')
    .setDescription('Moderators: where and when the weekly recap posts in this server')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('set')
        .setDescription('Post the weekly recap in a channel on a schedule')
        .addChannelOption((o) =>
          o
            .setName('channel')
            .setDescription('Where the recap posts')
            .setRequired(true)
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
        )
        .addStringOption((o) => o.setName('days').setDescription('Weekdays, e.g. "sat" or "mon, fri" or "weekdays" (default saturday)'))
        .addStringOption((o) => o.setName('time').setDescription('24-hour time HH:MM (default 09:00)'))
        .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone (default America/New_York)').setAutocomplete(true)),
    )
    .addSubcommand((s) => s.setName('off').setDescription('Stop posting recaps in this server'))
    .addSubcommand((s) => s.setName('status').setDescription('The schedule, next post, last post and last failure'))
    .addSubcommand((s) => s.setName('preview').setDescription('See the recap exactly as it would post now (only you see it)'))
    .addSubcommand((s) => s.setName('post-now').setDescription('Post the recap to the configured channel now')),
  options: recapsOptions,
  deferEphemeral: true,
  async handle(options, ctx, invocation) {
    const admin = ctx.services.recaps;
    const guildId = ctx.caller.guildId;
    if (admin === undefined || guildId === undefined) return problemReply(NOT_IN_SERVER);
    // Discord hides the command from members without Manage Server, but the client is not a security boundary.
    if ((ctx.caller.permissions & PermissionFlagsBits.ManageGuild) === 0n) return problemReply(NOT_A_MODERATOR);
    switch (invocation.subcommand) {
      case 'set':
        return setReply(admin, ctx, guildId, options);
      case 'off':
        return {
          ephemeral: true,
          content: (await admin.turnOff(guildId, ctx.now)) ? 'Weekly recaps are off for this server.' : 'Recaps were already off.',
        };
      case 'status':
        return statusReply(admin, guildId, ctx.now);
      case 'preview':
        return { ...composeRecap(ctx.store.latest(), ctx.now, ctx.staleAfterDays), ephemeral: true };
      case 'post-now': {
        const result = await admin.postNow(guildId, ctx.now);
        return result.ok
          ? {
              ephemeral: true,
              content: `Posted the recap in ${channelMention(result.channelId)} (${result.messageIds.length} message${result.messageIds.length === 1 ? '' : 's'}).`,
            }
          : problemReply(`The recap was not posted: ${result.reason}`);
      }
      default:
        return problemReply('Use /recaps set, off, status, preview or post-now.');
    }
  },
  autocomplete: (option) => searchTimeZones(option.value, 25).map((zone) => ({ name: zone, value: zone })),
});
