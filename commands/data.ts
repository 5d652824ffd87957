import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { AttachedFile } from '../src/command';
import { defineCommand, problemReply, type CommandContext, type Invocation } from '../src/command';
import { dateChoices } from '../src/briefing/autocompleteChoices';
import { dateOption, wholeNumberOption } from '../src/briefing/optionSchemas';
import { discordTimestamp } from '../src/render/discordTimestamp';
import {
  changeOutcomeReply,
  draftRefusalReply,
  draftReviewReply,
  filesReply,
  historyReply,
  parseControlId,
  reloadReply,
  removeConfirmReply,
  rollbackConfirmReply,
  versionChangeReply,
} from '../src/render/moderationReplies';
import type { Reply } from '../src/reply';
import type { UploadedFile } from '../src/publishing/dataModeration';

const REFUSED =
  'Only data moderators can use /data: it changes what every server using this bot is told. Ask the bot operator to add your user or role id.';

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
          { name: 'Last change', value: lastLine, inline: true },
        ],
      },
    ],
  };
}

/** An attachment option the shell could not fetch, or that was not given, answered before anything is drafted. */
function uploaded(file: AttachedFile | undefined, option: string): UploadedFile | string | undefined {
  if (file === undefined) return undefined;
  if (!file.ok) return `\`${option}\`: ${file.problem}`;
  return { name: file.name, bytes: file.bytes };
}

async function importDraft(options: { 'as-of'?: string | undefined }, ctx: CommandContext, invocation: Invocation): Promise<Reply> {
  const file = uploaded(await invocation.attachments?.file?.(), 'file');
  const narrative = uploaded(await invocation.attachments?.narrative?.(), 'narrative');
  if (file === undefined) return problemReply('`file`: attach an article (.txt or .md) or a figures.json.');
  if (typeof file === 'string') return problemReply(file);
  if (typeof narrative === 'string') return problemReply(narrative);
  const outcome = await ctx.services.data.importDraft({
    actor: ctx.caller.userId,
    file,
    ...(narrative !== undefined && { narrative }),
    ...(options['as-of'] !== undefined && { asOf: options['as-of'] }),
  });
  if (!outcome.ok) return problemReply(`Nothing was imported: ${outcome.problem}`);
  return draftReviewReply(outcome.review);
}

async function exportSnapshot(date: string | undefined, ctx: CommandContext): Promise<Reply> {
  const outcome = await ctx.services.data.exportSnapshot(date);
  if (!outcome.ok) return problemReply(outcome.problem);
  return filesReply(
    `${outcome.asOf} v${outcome.version} (content hash \`${outcome.contentHash.slice(0, 12)}\`): edit these and bring them back with /data import file:figures.json narrative:narrative.md.`,
    outcome.files,
  );
}

async function history(date: string | undefined, ctx: CommandContext): Promise<Reply> {
  const outcome = await ctx.services.data.history(date);
  if (!outcome.ok) return problemReply(outcome.problem);
  return historyReply(outcome.asOf, outcome.versions, outcome.audit);
}

async function planRollback(date: string, version: number | undefined, ctx: CommandContext): Promise<Reply> {
  const plan = await ctx.services.data.planRollback(date, version);
  return plan.ok ? rollbackConfirmReply(plan) : problemReply(plan.problem);
}

async function planRemove(date: string, ctx: CommandContext): Promise<Reply> {
  const plan = await ctx.services.data.planRemove(date);
  return plan.ok ? removeConfirmReply(plan) : problemReply(plan.problem);
}

const versionOption = wholeNumberOption('expected a version number written in digits, such as 2; /data history lists them');

export const data = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('data')
    .setDescription('Data moderators: import, publish, inspect and roll back the briefing data')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((s) => s.setName('status').setDescription('Snapshots in service, counts, content hash and the last change'))
    .addSubcommand((s) =>
      s.setName('reload').setDescription('Re-read DATA_DIR: changed folders become new versions; bad files change nothing'),
    )
    .addSubcommand((s) =>
      s
        .setName('import')
        .setDescription('Draft a snapshot from an article or a figures.json, to review before publishing')
        .addAttachmentOption((o) => o.setName('file').setDescription('An article (.txt or .md) or a figures.json').setRequired(true))
        .addAttachmentOption((o) => o.setName('narrative').setDescription('The narrative.md that goes with a figures.json'))
        .addStringOption((o) => o.setName('as-of').setDescription('The as-of date, YYYY-MM-DD (default: from the file)').setMaxLength(10)),
    )
    .addSubcommand((s) =>
      s
        .setName('export')
        .setDescription("A snapshot's figures.json and narrative.md, to edit and import again")
        .addStringOption((o) =>
          o.setName('date').setDescription('As-of date (default: the latest)').setAutocomplete(true).setMaxLength(10),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('history')
        .setDescription('Every version of a snapshot: who published it, when, its content hash')
        .addStringOption((o) =>
          o.setName('date').setDescription('As-of date (default: the latest)').setAutocomplete(true).setMaxLength(10),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('rollback')
        .setDescription('Serve a kept version of a snapshot again (asks first)')
        .addStringOption((o) => o.setName('date').setDescription('As-of date').setRequired(true).setAutocomplete(true).setMaxLength(10))
        .addIntegerOption((o) => o.setName('version').setDescription('Version to serve (default: the one before)').setMinValue(1)),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Take a snapshot out of service; it stays in history (asks first)')
        .addStringOption((o) => o.setName('date').setDescription('As-of date').setRequired(true).setAutocomplete(true).setMaxLength(10)),
    ),
  options: z.strictObject({
    date: dateOption.optional(),
    version: versionOption.optional(),
    'as-of': dateOption.optional(),
  }),
  deferEphemeral: true,
  async handle(options, ctx, invocation) {
    // The client hides this command from most members, but that is not a security boundary.
    if (!(await ctx.services.data.isDataModerator(ctx.caller))) return problemReply(REFUSED);
    switch (invocation.subcommand) {
      case 'status':
        return status(ctx);
      case 'reload': {
        const outcome = await ctx.services.data.reload(ctx.caller.userId);
        return reloadReply(outcome, ctx.store.latest().asOf);
      }
      case 'import':
        return importDraft(options, ctx, invocation);
      case 'export':
        return exportSnapshot(options.date, ctx);
      case 'history':
        return history(options.date, ctx);
      case 'rollback':
        if (options.date === undefined) return problemReply('`date`: name the snapshot to roll back, e.g. date:2025-12-07.');
        return planRollback(options.date, options.version, ctx);
      case 'remove':
        if (options.date === undefined) return problemReply('`date`: name the snapshot to take out of service, e.g. date:2025-12-07.');
        return planRemove(options.date, ctx);
      default:
        return problemReply('Use /data status, reload, import, export, history, rollback or remove.');
    }
  },
  autocomplete(option, _invocation, ctx) {
    return dateChoices(ctx.store.dates(), option.value, (date) => date);
  },
  async component(customId, _values, ctx) {
    // Whoever presses a button is checked again: a moderator's message can be seen, and its buttons pressed, by others.
    if (!(await ctx.services.data.isDataModerator(ctx.caller))) return problemReply(REFUSED);
    const control = parseControlId(customId);
    const actor = ctx.caller.userId;
    switch (control?.action) {
      case 'publish': {
        const outcome = await ctx.services.data.publishDraft(control.draftId, actor);
        return outcome.ok ? versionChangeReply('Published', outcome) : draftRefusalReply(outcome);
      }
      case 'download': {
        const outcome = await ctx.services.data.draftFiles(control.draftId, actor);
        if (!outcome.ok) return draftRefusalReply(outcome);
        return filesReply(
          `The draft of ${outcome.asOf}: fix it, then /data import file:figures.json narrative:narrative.md.`,
          outcome.files,
        );
      }
      case 'discard': {
        const outcome = await ctx.services.data.discardDraft(control.draftId, actor);
        return outcome.ok
          ? { ephemeral: true, content: `Discarded the draft of ${outcome.asOf}. Nothing changed for members.` }
          : draftRefusalReply(outcome);
      }
      case 'rollback':
        return changeOutcomeReply(await ctx.services.data.rollback(control.asOf, control.version, control.expected, actor));
      case 'remove':
        return changeOutcomeReply(await ctx.services.data.remove(control.asOf, control.expected, actor));
      case 'cancel':
        return { ephemeral: true, content: 'Cancelled. Nothing changed.' };
      case undefined:
        return problemReply('This control has expired. Run the command again.');
    }
  },
});
