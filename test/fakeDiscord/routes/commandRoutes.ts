import { applicationCommandSchema, bulkOverwriteSchema } from '../commandSchema';
import { invalidFormBody, missingAccess, unknownCommand } from '../discordErrors';
import { isRecord, type FakeState } from '../fakeState';
import { formErrors } from '../formErrors';
import { findGuild } from '../lookups';
import { created, noContent, ok, type RestReply } from '../restReply';
import type { Route, RouteRequest } from '../route';
import { snowflakeSchema } from '../textSchemas';

/** Global and guild application commands: list, bulk overwrite, create, fetch, edit, delete. */
export function commandRoutes(state: FakeState): Route[] {
  const routes: Route[] = [];
  for (const base of ['/applications/:applicationId/commands', '/applications/:applicationId/guilds/:guildId/commands']) {
    const route = (method: Route['method'], path: string, handle: (request: RouteRequest, guildId: string | null) => RestReply): Route => ({
      method,
      path,
      auth: true,
      globalLimit: true,
      handle: (request) => {
        const scope = commandScope(state, request);
        return 'reply' in scope ? scope.reply : handle(request, scope.guildId);
      },
    });
    routes.push(
      route('GET', base, (_request, guildId) => ok(state.commands.list(guildId))),
      route('PUT', base, (request, guildId) => {
        const parsed = bulkOverwriteSchema.safeParse(request.json, { reportInput: true });
        if (!parsed.success) return invalidFormBody(formErrors(parsed.error.issues));
        return ok(state.commands.overwrite(guildId, parsed.data));
      }),
      route('POST', base, (request, guildId) => {
        const parsed = applicationCommandSchema.safeParse(request.json ?? {}, { reportInput: true });
        if (!parsed.success) return invalidFormBody(formErrors(parsed.error.issues));
        const { command, created: isNew } = state.commands.upsert(guildId, parsed.data);
        return isNew ? created(command) : ok(command);
      }),
      route('GET', `${base}/:commandId`, (request, guildId) => {
        const command = state.commands.get(guildId, request.params.commandId ?? '');
        return command ? ok(command) : unknownCommand();
      }),
      route('PATCH', `${base}/:commandId`, (request, guildId) => {
        const existing = state.commands.get(guildId, request.params.commandId ?? '');
        if (!existing) return unknownCommand();
        // Discord validates the command as it will be after the edit, so merge first.
        const merged = { ...stripServerFields(existing), ...(isRecord(request.json) ? request.json : {}) };
        const parsed = applicationCommandSchema.safeParse(merged, { reportInput: true });
        if (!parsed.success) return invalidFormBody(formErrors(parsed.error.issues));
        const command = state.commands.replace(guildId, existing.id, parsed.data);
        return command ? ok(command) : unknownCommand();
      }),
      route('DELETE', `${base}/:commandId`, (request, guildId) =>
        state.commands.delete(guildId, request.params.commandId ?? '') ? noContent() : unknownCommand(),
      ),
    );
  }
  return routes;
}

/** The scope a command route addresses: this application's global commands, or a guild it is in. */
function commandScope(state: FakeState, request: RouteRequest): { readonly guildId: string | null } | { readonly reply: RestReply } {
  const applicationId = snowflakeSchema.safeParse(request.params.applicationId, { reportInput: true });
  if (!applicationId.success) {
    return { reply: invalidFormBody(formErrors(applicationId.error.issues.map((i) => ({ ...i, path: ['application_id'] })))) };
  }
  if (applicationId.data !== state.options.applicationId) return { reply: missingAccess() };
  if (request.params.guildId === undefined) return { guildId: null };
  const guild = findGuild(state.world, request.params.guildId);
  return 'reply' in guild ? guild : { guildId: guild.found.id };
}

/** Fields Discord sets itself, which a client never sends. */
const SERVER_FIELDS: ReadonlySet<string> = new Set(['id', 'application_id', 'version', 'guild_id']);

/** A stored command without the fields Discord sets itself, ready to merge an edit into. */
function stripServerFields(command: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(command).filter(([key]) => !SERVER_FIELDS.has(key)));
}
