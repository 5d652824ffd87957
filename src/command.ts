import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { z } from 'zod';
import type { FactStore } from './facts/factStore';
import type { Reply } from './reply';
import type { Services } from './services';

/**
 * An attachment option, fetched by the shell while the interaction is open
 * (Discord's CDN links expire): its bytes, or why they could not be had.
 */
export type AttachedFile =
  | { readonly ok: true; readonly name: string; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly name: string; readonly problem: string };

/**
 * An attachment option's file, fetched when the handler asks (after its own
 * permission check, so a caller without the right costs no download) and at
 * most once.
 */
export type AttachmentFetch = () => Promise<AttachedFile>;

/** The options of one invocation, as Discord or the console parsed them. */
export interface Invocation {
  readonly subcommand?: string;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  /** Attachment options by name; in the console, local files named by path. */
  readonly attachments?: Readonly<Record<string, AttachmentFetch>>;
}

/** `fetch` run once, however often its result is asked for. */
export function fetchOnce(fetch: () => Promise<AttachedFile>): AttachmentFetch {
  let fetched: Promise<AttachedFile> | undefined;
  return () => (fetched ??= fetch());
}

/** Who is asking, as the shell knows it from Discord's own payload. */
export interface Caller {
  readonly userId: string;
  readonly guildId?: string;
  readonly channelId?: string;
  readonly roleIds: readonly string[];
  /** The member's permissions in the channel, computed by Discord. 0n outside a server. */
  readonly permissions: bigint;
}

export interface CommandContext {
  readonly store: FactStore;
  readonly now: Date;
  readonly staleAfterDays: number;
  readonly caller: Caller;
  /** Effects for moderator commands; member commands never need them. */
  readonly services: Services;
  /** Registered command ids by name, once Discord has them, so answers can name commands as clickable mentions. */
  readonly commandIds?: ReadonlyMap<string, string>;
}

export interface AutocompleteChoice {
  readonly name: string;
  /** A number for integer options: Discord rejects choices whose type differs from the option's. */
  readonly value: string | number;
}

/** The contract every module in `commands/` satisfies. */
export interface Command {
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Answered privately and possibly slowly (file reads, Discord calls): acknowledge at once. */
  readonly deferEphemeral?: boolean;
  run(invocation: Invocation, ctx: CommandContext): Promise<Reply>;
  autocomplete?(
    option: { readonly name: string; readonly value: string },
    invocation: Invocation,
    ctx: CommandContext,
  ): readonly AutocompleteChoice[];
  /** Handles a button or select this command put on a message (custom id `<command>:…`). */
  component?(customId: string, values: readonly string[], ctx: CommandContext): Promise<Reply>;
}

/** An ephemeral answer to a member's mistake: says what went wrong and what is accepted. */
export function problemReply(message: string): Reply {
  return { ephemeral: true, content: message };
}

/**
 * Builds a Command whose options are checked once with zod before the handler runs,
 * so handlers receive typed, valid options and a bad option always gets an
 * ephemeral answer naming the option. `options` may be built per invocation
 * from the context, when what is valid, and what the answer should say is
 * valid, depends on the data (the range of source numbers).
 */
export function defineCommand<S extends z.ZodType<object>>(spec: {
  readonly definition: { toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  readonly options: S | ((ctx: CommandContext) => S);
  readonly deferEphemeral?: boolean;
  readonly handle: (options: z.output<S>, ctx: CommandContext, invocation: Invocation) => Reply | Promise<Reply>;
  readonly autocomplete?: Command['autocomplete'];
  readonly component?: Command['component'];
}): Command {
  return {
    definition: spec.definition.toJSON(),
    ...(spec.deferEphemeral && { deferEphemeral: true }),
    async run(invocation, ctx) {
      const schema = typeof spec.options === 'function' ? spec.options(ctx) : spec.options;
      const parsed = schema.safeParse(invocation.options);
      if (!parsed.success) {
        return problemReply(
          parsed.error.issues.map((i) => (i.path.length > 0 ? `\`${i.path.join('.')}\`: ${i.message}` : i.message)).join('\n'),
        );
      }
      return spec.handle(parsed.data, ctx, invocation);
    },
    ...(spec.autocomplete && { autocomplete: spec.autocomplete }),
    ...(spec.component && { component: spec.component }),
  };
}
