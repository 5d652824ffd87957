import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';
import type { ApplicationCommandBody } from './commandSchema';
import type { SnowflakeFactory } from './snowflakes';

/**
 * Registered application commands, global and per guild. Like Discord, a bulk
 * overwrite keeps the id of a command whose name and type survive, and every
 * change bumps the command's version.
 */
export class CommandStore {
  readonly #applicationId: string;
  readonly #snowflakes: SnowflakeFactory;
  /** Keyed by guild id, or "" for global commands. */
  readonly #scopes = new Map<string, APIApplicationCommand[]>();

  constructor(applicationId: string, snowflakes: SnowflakeFactory) {
    this.#applicationId = applicationId;
    this.#snowflakes = snowflakes;
  }

  /** The global commands (no guild id) or one guild's. */
  list(guildId: string | null): APIApplicationCommand[] {
    return [...(this.#scopes.get(guildId ?? '') ?? [])];
  }

  get(guildId: string | null, id: string): APIApplicationCommand | undefined {
    return this.list(guildId).find((c) => c.id === id);
  }

  /** Replaces the whole scope with `bodies`, keeping ids of commands that stay. */
  overwrite(guildId: string | null, bodies: readonly ApplicationCommandBody[]): APIApplicationCommand[] {
    const previous = this.list(guildId);
    const next = bodies.map((body) => {
      const kept = previous.find((c) => c.id === body.id || (c.name === body.name && c.type === typeOf(body)));
      return this.#toCommand(guildId, body, kept?.id);
    });
    this.#scopes.set(guildId ?? '', next);
    return [...next];
  }

  /** Creates a command, or replaces the one with the same name and type (Discord's POST is an upsert). */
  upsert(guildId: string | null, body: ApplicationCommandBody): { command: APIApplicationCommand; created: boolean } {
    const list = this.list(guildId);
    const index = list.findIndex((c) => c.name === body.name && c.type === typeOf(body));
    const command = this.#toCommand(guildId, body, index === -1 ? undefined : list[index]?.id);
    if (index === -1) list.push(command);
    else list[index] = command;
    this.#scopes.set(guildId ?? '', list);
    return { command, created: index === -1 };
  }

  /** Replaces one command by id; undefined when there is none. */
  replace(guildId: string | null, id: string, body: ApplicationCommandBody): APIApplicationCommand | undefined {
    const list = this.list(guildId);
    const index = list.findIndex((c) => c.id === id);
    if (index === -1) return undefined;
    const command = this.#toCommand(guildId, body, id);
    list[index] = command;
    this.#scopes.set(guildId ?? '', list);
    return command;
  }

  delete(guildId: string | null, id: string): boolean {
    const list = this.list(guildId);
    const remaining = list.filter((c) => c.id !== id);
    this.#scopes.set(guildId ?? '', remaining);
    return remaining.length !== list.length;
  }

  /** The command a member sees under this name in a guild: the guild's own first, then the global one. */
  find(guildId: string, name: string, type: ApplicationCommandType): APIApplicationCommand | undefined {
    const match = (c: APIApplicationCommand) => c.name === name && c.type === type;
    return this.list(guildId).find(match) ?? this.list(null).find(match);
  }

  #toCommand(guildId: string | null, body: ApplicationCommandBody, id: string | undefined): APIApplicationCommand {
    return {
      id: id ?? this.#snowflakes.next(),
      application_id: this.#applicationId,
      version: this.#snowflakes.next(),
      type: typeOf(body),
      name: body.name,
      name_localizations: body.name_localizations ?? null,
      description: body.description ?? '',
      description_localizations: body.description_localizations ?? null,
      // The schema refuses autocomplete together with choices: the one rule
      // discord-api-types encodes in its option types that zod's inferred type cannot.
      ...(body.options === undefined ? {} : { options: body.options as APIApplicationCommandOption[] }),
      default_member_permissions: body.default_member_permissions ?? null,
      dm_permission: body.dm_permission ?? true,
      nsfw: body.nsfw ?? false,
      contexts: body.contexts ?? null,
      integration_types: body.integration_types ?? [ApplicationIntegrationType.GuildInstall],
      ...(guildId === null ? {} : { guild_id: guildId }),
    };
  }
}

function typeOf(body: ApplicationCommandBody): ApplicationCommandType {
  return body.type ?? ApplicationCommandType.ChatInput;
}
