import { Routes, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { commandsDiffer } from './commandsDiffer';

export interface SyncResult {
  readonly scope: 'global' | `guild ${string}`;
  readonly changed: boolean;
  readonly count: number;
  /** Each command's id by name, as Discord registered it: answers name commands as mentions with these. */
  readonly ids: ReadonlyMap<string, string>;
}

function idsByName(registered: readonly unknown[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const command of registered) {
    const { id, name } = (command ?? {}) as { id?: unknown; name?: unknown };
    if (typeof id === 'string' && typeof name === 'string') ids.set(name, id);
  }
  return ids;
}

/**
 * Makes Discord's registered commands match ours: to one guild when a
 * development guild is set (instant), else globally. Reads first and writes only
 * on a difference.
 */
export async function syncCommands(
  rest: REST,
  applicationId: string,
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  guildId?: string,
): Promise<SyncResult> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const registered = (await rest.get(route)) as unknown[];
  const scope = guildId ? (`guild ${guildId}` as const) : ('global' as const);
  if (!commandsDiffer(definitions, registered)) return { scope, changed: false, count: definitions.length, ids: idsByName(registered) };
  const written = (await rest.put(route, { body: definitions })) as unknown;
  return { scope, changed: true, count: definitions.length, ids: idsByName(Array.isArray(written) ? written : []) };
}
