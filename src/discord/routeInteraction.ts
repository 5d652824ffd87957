import { MessageFlags, type ChatInputCommandInteraction, type Interaction, type MessageComponentInteraction } from 'discord.js';
import { fetchOnce, type Caller, type Command, type CommandContext, type Invocation } from '../command';
import { errorRef, type Logger } from '../logger';
import type { InteractionMetrics, InteractionOutcome } from '../operations/metrics';
import type { Reply } from '../reply';
import { fitReply } from '../render/fitReply';
import { truncate } from '../render/truncate';
import { StateDbBusyError } from '../schedule/openStateDb';
import { downloadAttachment } from './downloadAttachment';
import { attachmentRefs, callerFromInteraction, invocationFromInteraction, type AttachmentRef } from './invocationFromInteraction';
import { NO_MENTIONS, toMessagePayload } from './toMessagePayload';

export interface RouterDeps {
  readonly commands: ReadonlyMap<string, Command>;
  readonly context: (caller: Caller) => CommandContext;
  readonly logger: Logger;
  /** How long a handler may run before the interaction is deferred; well inside Discord's 3 s. */
  readonly deferAfterMs?: number;
  readonly metrics?: InteractionMetrics;
}

const AUTOCOMPLETE_LIMIT = 25;
const CHOICE_TEXT_LIMIT = 100;

type Repliable = ChatInputCommandInteraction | MessageComponentInteraction;

async function sendParts(interaction: Repliable, parts: readonly Reply[]): Promise<void> {
  const [first, ...rest] = parts;
  if (first === undefined) return;
  if (interaction.deferred) {
    // Visibility was fixed when the interaction was deferred; an edit cannot change it.
    const { flags: _fixedAtDeferral, ...payload } = toMessagePayload(first);
    await interaction.editReply(payload);
  } else {
    await interaction.reply(toMessagePayload(first));
  }
  for (const part of rest) await interaction.followUp(toMessagePayload(part));
}

/** The answer to a failure on our side: a lock held elsewhere on the state database, or anything unexpected. */
function failureText(error: unknown, ref: string): string {
  if (error instanceof StateDbBusyError) {
    return `The state database is busy: another process is holding it (ref ${ref}). Try again in a few seconds; /recaps status shows what was saved.`;
  }
  return `Something went wrong on our side (ref ${ref}). Nothing was changed; please try again, and quote the ref if you report it.`;
}

async function answerFailure(interaction: Repliable, content: string): Promise<void> {
  if (interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  else if (interaction.deferred) await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_MENTIONS });
  else await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

/**
 * Waits for the handler, deferring first if it is still running when the
 * interaction nears the end of Discord's window. The window is counted from the
 * interaction's creation (its snowflake), so gateway or event-loop lag before
 * the handler started is not forgotten.
 */
async function runWithDeadline(interaction: Repliable, work: Promise<Reply>, deferAfterMs: number, privately = false): Promise<Reply> {
  if (interaction.deferred) return work;
  const age = Math.max(0, Date.now() - interaction.createdTimestamp);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, deferAfterMs - age));
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  if (first !== 'late') return first;
  await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
  return work;
}

/** The invocation with each attachment option's download ready to run when the handler asks for it. */
function withAttachments(invocation: Invocation, refs: readonly AttachmentRef[]): Invocation {
  if (refs.length === 0) return invocation;
  return { ...invocation, attachments: Object.fromEntries(refs.map((ref) => [ref.option, fetchOnce(() => downloadAttachment(ref))])) };
}

/**
 * Every interaction gets exactly one answer inside Discord's window: the
 * command's reply, an ephemeral error naming what went wrong, or, for failures
 * on our side, an ephemeral message with a reference that is also logged.
 */
export async function routeInteraction(interaction: Interaction, deps: RouterDeps): Promise<void> {
  const deferAfterMs = deps.deferAfterMs ?? 2000;
  const log = deps.logger.child({ interaction: interaction.id, user: interaction.user.id, guild: interaction.guildId });
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;

  if (interaction.isAutocomplete()) {
    const command = deps.commands.get(interaction.commandName);
    try {
      const focused = interaction.options.getFocused(true);
      const ctx = deps.context(callerFromInteraction(interaction));
      const choices =
        command?.autocomplete?.({ name: focused.name, value: String(focused.value) }, invocationFromInteraction(interaction), ctx) ?? [];
      await interaction.respond(
        choices.slice(0, AUTOCOMPLETE_LIMIT).map((c) => ({
          // Cut between code points: slice could halve an emoji in a data name into a lone surrogate Discord cannot read.
          name: truncate(c.name, CHOICE_TEXT_LIMIT),
          value: typeof c.value === 'string' ? c.value.slice(0, CHOICE_TEXT_LIMIT) : c.value,
        })),
      );
    } catch (error) {
      log.error({ err: error, ref: errorRef(), command: interaction.commandName }, 'autocomplete failed');
      // An empty list beats Discord's "Loading options failed"; the member can still type a value.
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
    deps.metrics?.autocomplete(interaction.commandName, seconds());
    return;
  }

  if (!interaction.isChatInputCommand() && !interaction.isMessageComponent()) return;

  const ref = errorRef();
  // A control's custom id starts with the name of the command that owns it; the metrics keep only known names.
  const name = interaction.isChatInputCommand() ? interaction.commandName : (interaction.customId.split(':')[0] ?? '');
  let outcome: InteractionOutcome = 'answered';
  try {
    if (interaction.isChatInputCommand()) {
      const command = deps.commands.get(interaction.commandName);
      if (command === undefined) {
        log.warn({ command: interaction.commandName }, 'unknown command');
        outcome = 'refused';
        await interaction.reply({
          content: `I don't know /${interaction.commandName} (it may have been retired). Type / to see my commands, or try /about.`,
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
        return;
      }
      const refs = attachmentRefs(interaction);
      // A download can take seconds; a command with attachments is acknowledged first, privately unless it says otherwise.
      if (command.deferEphemeral) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      else if (refs.length > 0) await interaction.deferReply();
      const invocation = withAttachments(invocationFromInteraction(interaction), refs);
      const ctx = deps.context(callerFromInteraction(interaction));
      const reply = await runWithDeadline(interaction, command.run(invocation, ctx), deferAfterMs);
      await sendParts(interaction, fitReply(reply));
      return;
    }

    const owner = deps.commands.get(name);
    if (owner?.component === undefined) {
      outcome = 'refused';
      await interaction.reply({
        content: 'This control has expired. Run the command again.',
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    const values = interaction.isStringSelectMenu() ? interaction.values : [];
    const ctx = deps.context(callerFromInteraction(interaction));
    // A control's answer goes to whoever used it, so a deferral is private too.
    const reply = await runWithDeadline(interaction, owner.component(interaction.customId, values, ctx), deferAfterMs, true);
    await sendParts(interaction, fitReply({ ...reply, ephemeral: true }));
  } catch (error) {
    outcome = error instanceof StateDbBusyError ? 'refused' : 'failed';
    if (error instanceof StateDbBusyError) log.warn({ err: error, ref }, 'interaction refused: the state database is locked');
    else log.error({ err: error, ref }, 'interaction failed');
    try {
      await answerFailure(interaction, failureText(error, ref));
    } catch (answerError) {
      log.error({ err: answerError, ref }, 'could not tell the member about the failure');
    }
  } finally {
    const elapsed = seconds();
    deps.metrics?.interaction(name, outcome, elapsed, interaction.deferred);
    // The one line per interaction; debug, since info on this path would cost every answer a write.
    log.debug(
      { command: name, outcome, ms: Math.round(elapsed * 1000), deferred: interaction.deferred, ...(outcome === 'failed' && { ref }) },
      'interaction',
    );
  }
}
