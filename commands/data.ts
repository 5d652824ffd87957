import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand, problemReply, type CommandContext } from '../src/command';
import { formatDataError } from '../src/facts/formatDataError';
import { formatDiff } from '../src/facts/formatDiff';
import type { Reply } from '../src/reply';
import { discordTimestamp } from '../src/render/discordTimestamp';
import { escapeDataText, inlineCode } from '../src/render/discordText';
import { listSummary } from '../src/render/listSummary';
import { truncate } from '../src/render/truncate';

const REFUSED =
  'Only data moderators can use /data: it changes what every server using this bot is told. Ask the bot operator to add your user or role id.';

/** Enough errors to start fixing, and one message whatever the count: the rest are in the log. */
const ERRORS_SHOWN = 10;
/** An error or a change can quote a long value; three hundred characters name the file, the place and the problem. */
const LINE_LENGTH = 300;
const CHANGES_SHOWN = 20;

function status(ctx: CommandContext): Reply {
  const all = ctx.store.all();
  const latest = ctx.store.latest();
  const dates = ctx.store.dates();
  const last = ctx.store.lastReload();
  const lastLine =
    last === undefined
      ? 'none since start-up'
      : `${last.ok ? 'succeeded' : `failed with ${last.errors.length} error${last.errors.length === 1 ? '' : 's'}`} ${discordTimestamp(last.at, 'R')}`;
  return {
    ephemeral: true,
    embeds: [
      {
        title: 'Data status',
        fields: [
          { name: 'Snapshots', value: `${all.length} (${dates[0]} → ${dates[dates.length - 1]})`, inline: true },
          {
            name: 'Latest',
            value: `${latest.asOf}: ${latest.figures.length} figures, ${latest.sources.size} sources, ${latest.narrative.length} narrative entries`,
            inline: true,
          },
          { name: 'All snapshots', value: `${all.reduce((n, s) => n + s.figures.length, 0)} figures`, inline: true },
          { name: 'Content hash (latest)', value: `\`${latest.contentHash.slice(0, 16)}\``, inline: true },
          { name: 'Last reload', value: lastLine, inline: true },
        ],
      },
    ],
  };
}

async function reload(ctx: CommandContext): Promise<Reply> {
  const outcome = await ctx.services.data.reload();
  if (!outcome.ok) {
    return {
      ephemeral: true,
      embeds: [
        {
          title: `Reload refused: ${outcome.errors.length.toLocaleString('en-US')} problem${outcome.errors.length === 1 ? '' : 's'}; still serving the previous data`,
          description: listSummary(
            outcome.errors.map((e) => `• ${inlineCode(truncate(formatDataError(e), LINE_LENGTH))}`),
            ERRORS_SHOWN,
            'the full list is in the log, and `npm run data:check` prints it',
          ).join('\n'),
          color: 0xed4245,
        },
      ],
    };
  }
  const changes = formatDiff(outcome.diff);
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Reloaded: now serving data as of ${ctx.store.latest().asOf}`,
        description:
          changes.length > 0
            ? listSummary(
                changes.map((c) => `• ${escapeDataText(truncate(c, LINE_LENGTH))}`),
                CHANGES_SHOWN,
                'the full list is in the log',
              ).join('\n')
            : 'No figure, source or narrative changed.',
        color: 0x57f287,
      },
    ],
  };
}

export const data = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('data')
    .setDescription('Data moderators: inspect and reload the briefing data')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((s) => s.setName('status').setDescription('Snapshots loaded, counts, content hash and the last reload'))
    .addSubcommand((s) => s.setName('reload').setDescription('Re-read the data files; keeps the current data if any file is bad')),
  options: z.strictObject({}),
  deferEphemeral: true,
  async handle(_options, ctx, invocation) {
    // The client hides this command from most members, but that is not a security boundary.
    if (!(await ctx.services.data.isDataModerator(ctx.caller))) return problemReply(REFUSED);
    if (invocation.subcommand === 'reload') return reload(ctx);
    if (invocation.subcommand === 'status') return status(ctx);
    return problemReply('Use /data status or /data reload.');
  },
});
