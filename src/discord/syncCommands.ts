import { Routes, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { commandsDiffer } from './commandsDiffer';

export interface SyncResult {
  readonly scope: 'global' | `guild ${string}`;
  readonly changed: boolean;
  readonly count: number;
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
  if (!commandsDiffer(definitions, registered)) return { scope, changed: false, count: definitions.length };
  await rest.put(route, { body: definitions });
  return { scope, changed: true, count: definitions.length };
}
