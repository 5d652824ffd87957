import {
  InteractionResponseType,
  MessageFlags,
  Routes,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageComponentInteraction,
} from 'discord.js';
import type { ChartRenderer } from '../charts/chartRenderer';
import { fetchOnce, problemReply, type Caller, type Command, type CommandContext, type Invocation } from '../command';
import { errorRef, type Logger } from '../logger';
import type { InteractionMetrics, InteractionOutcome } from '../operations/metrics';
import type { Reply } from '../reply';
import { fitReply } from '../render/fitReply';
import { truncate } from '../render/truncate';
import { StateDbBusyError } from '../schedule/openStateDb';
import { StateDbUnavailableError } from '../state/connectionHealth';
import { downloadAttachment } from './downloadAttachment';
import { attachmentRefs, callerFromInteraction, invocationFromInteraction, type AttachmentRef } from './invocationFromInteraction';
import { toInteractionMessage, type ChartImages, type InteractionMessage } from './toMessagePayload';

export interface RouterDeps {
  readonly commands: ReadonlyMap<string, Command>;
  readonly context: (caller: Caller) => CommandContext;
  readonly logger: Logger;
  /** How long a handler may run before the interaction is deferred; well inside Discord's 3 s. */
  readonly deferAfterMs?: number;
  readonly metrics?: InteractionMetrics;
  /** Draws the charts answers carry; without it, answers go without their charts. */
  readonly charts?: ChartRenderer;
}

const AUTOCOMPLETE_LIMIT = 25;
const CHOICE_TEXT_LIMIT = 100;

type Repliable = ChatInputCommandInteraction | MessageComponentInteraction;

/**
 * The answer to one interaction, posted as finished bodies through the
 * client's REST queue: discord.js's reply, editReply and followUp would wrap
 * each in a MessagePayload to resolve and snake-case, and build a Message from
 * every edit and follow-up, none of which the router reads. It knows for
 * itself whether it has deferred and whether the member has an answer yet.
 */
class Answer {
  deferred = false;
  #answered = false;

  constructor(private readonly interaction: Repliable) {}

  async defer(privately: boolean): Promise<void> {
    const { client, id, token } = this.interaction;
    await client.rest.post(Routes.interactionCallback(id, token), {
      body: { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: privately ? MessageFlags.Ephemeral : 0 } },
      auth: false,
    });
    this.deferred = true;
  }

  /** The first message answers the interaction (or fills in its deferral); any after it follow up. */
  async send({ body, files }: InteractionMessage): Promise<void> {
    const { client, id, token, applicationId } = this.interaction;
    const upload = { auth: false, ...(files !== undefined && { files }) };
    if (this.#answered) {
      await client.rest.post(Routes.webhook(applicationId, token), { body, ...upload });
    } else if (this.deferred) {
      // Visibility was fixed when the interaction was deferred; an edit cannot change it.
      const { flags: _fixedAtDeferral, ...edit } = body;
      await client.rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { body: edit, ...upload });
    } else {
      await client.rest.post(Routes.interactionCallback(id, token), {
        body: { type: InteractionResponseType.ChannelMessageWithSource, data: body },
        ...upload,
      });
    }
    this.#answered = true;
  }
}

/** The answer to a failure on our side: a lock held elsewhere on the state database, or anything unexpected. */
function failureText(error: unknown, ref: string): string {
  if (error instanceof StateDbBusyError) {
    return `The state database is busy: another process is holding it (ref ${ref}). Try again in a few seconds; /recaps status shows what was saved.`;
  }
  if (error instanceof StateDbUnavailableError) {
    return `The state database cannot be reached right now (ref ${ref}); the bot is reconnecting. Try again in a minute; /recaps status shows what was saved.`;
  }
  return `Something went wrong on our side (ref ${ref}). Nothing was changed; please try again, and quote the ref if you report it.`;
}

/**
 * Waits for the handler, deferring first if it is still running when the
 * interaction nears the end of Discord's window. The window is counted from the
 * interaction's creation (its snowflake), so gateway or event-loop lag before
 * the handler started is not forgotten.
 */
async function runWithDeadline<T>(
  interaction: Repliable,
  answer: Answer,
  work: Promise<T>,
  deferAfterMs: number,
  privately = false,
): Promise<T> {
  if (answer.deferred) return work;
  const age = Math.max(0, Date.now() - interaction.createdTimestamp);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, deferAfterMs - age));
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  if (first !== 'late') return first;
  await answer.defer(privately);
  return work;
}

interface Drawn {
  readonly reply: Reply;
  readonly images: ChartImages;
}

const NO_IMAGES: ChartImages = new Map();

/**
 * The reply with its charts drawn. Drawing counts against the same deadline
 * as the handler, so an answer defers only when a chart is not drawn yet and
 * the window is closing; a chart that cannot be drawn is logged and left out,
 * since the answer's text states every figure anyway.
 */
async function drawn(work: Promise<Reply>, charts: ChartRenderer | undefined, log: () => Logger): Promise<Drawn> {
  const reply = await work;
  if (reply.charts === undefined || reply.charts.length === 0 || charts === undefined) return { reply, images: NO_IMAGES };
  try {
    return { reply, images: await charts.pngs(reply.charts) };
  } catch (error) {
    log().warn({ err: error, charts: reply.charts.map((c) => c.name) }, 'chart not drawn; answered without it');
    return { reply, images: NO_IMAGES };
  }
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
  // Built only when a line is written: most interactions write none.
  let child: Logger | undefined;
  const log = () => (child ??= deps.logger.child({ interaction: interaction.id, user: interaction.user.id, guild: interaction.guildId }));
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
      log().error({ err: error, ref: errorRef(), command: interaction.commandName }, 'autocomplete failed');
      // An empty list beats Discord's "Loading options failed"; the member can still type a value.
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
    deps.metrics?.autocomplete(interaction.commandName, seconds());
    return;
  }

  if (!interaction.isChatInputCommand() && !interaction.isMessageComponent()) return;

  const answer = new Answer(interaction);
  let ref: string | undefined;
  // A control's custom id starts with the name of the command that owns it; the metrics keep only known names.
  const name = interaction.isChatInputCommand() ? interaction.commandName : (interaction.customId.split(':')[0] ?? '');
  let outcome: InteractionOutcome = 'answered';
  try {
    if (interaction.isChatInputCommand()) {
      const command = deps.commands.get(interaction.commandName);
      if (command === undefined) {
        log().warn({ command: interaction.commandName }, 'unknown command');
        outcome = 'refused';
        await answer.send(
          toInteractionMessage(
            problemReply(`I don't know /${interaction.commandName} (it may have been retired). Type / to see my commands, or try /about.`),
          ),
        );
        return;
      }
      const refs = attachmentRefs(interaction);
      // A download can take seconds; a command with attachments is acknowledged first, privately unless it says otherwise.
      if (command.deferEphemeral) await answer.defer(true);
      else if (refs.length > 0) await answer.defer(false);
      const invocation = withAttachments(invocationFromInteraction(interaction), refs);
      const ctx = deps.context(callerFromInteraction(interaction));
      // A reload or publish may have brought a snapshot whose charts are not drawn yet: start on them now.
      deps.charts?.warmSnapshot(ctx.store.latest());
      const { reply, images } = await runWithDeadline(
        interaction,
        answer,
        drawn(command.run(invocation, ctx), deps.charts, log),
        deferAfterMs,
      );
      for (const part of fitReply(reply)) await answer.send(toInteractionMessage(part, images));
      return;
    }

    const owner = deps.commands.get(name);
    if (owner?.component === undefined) {
      outcome = 'refused';
      await answer.send(toInteractionMessage(problemReply('This control has expired. Run the command again.')));
      return;
    }
    const values = interaction.isStringSelectMenu() ? interaction.values : [];
    const ctx = deps.context(callerFromInteraction(interaction));
    // A control's answer goes to whoever used it, so a deferral is private too.
    const work = drawn(owner.component(interaction.customId, values, ctx), deps.charts, log);
    const { reply, images } = await runWithDeadline(interaction, answer, work, deferAfterMs, true);
    for (const part of fitReply({ ...reply, ephemeral: true })) await answer.send(toInteractionMessage(part, images));
  } catch (error) {
    outcome = error instanceof StateDbBusyError ? 'refused' : 'failed';
    ref = errorRef();
    if (error instanceof StateDbBusyError) log().warn({ err: error, ref }, 'interaction refused: the state database is locked');
    else log().error({ err: error, ref }, 'interaction failed');
    try {
      // After a deferral the failure fills in the deferred message, replacing whatever it showed.
      await answer.send(toInteractionMessage({ ephemeral: true, content: failureText(error, ref) }));
    } catch (answerError) {
      log().error({ err: answerError, ref }, 'could not tell the member about the failure');
    }
  } finally {
    const elapsed = seconds();
    deps.metrics?.interaction(name, outcome, elapsed, answer.deferred);
    // The one line per interaction; debug, since info on this path would cost every answer a write.
    if (deps.logger.isLevelEnabled('debug')) {
      log().debug(
        { command: name, outcome, ms: Math.round(elapsed * 1000), deferred: answer.deferred, ...(outcome === 'failed' && { ref }) },
        'interaction',
      );
    }
  }
}
