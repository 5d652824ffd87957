import { z } from 'zod';
import { GatewayDispatchEvents, MessageFlags, MessageType, PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { composeMessage, editMessage, isEmptyMessage } from '../composeMessage';
import { emptyMessage, invalidFormBody, missingAccess, missingPermissions, unknownMessage } from '../discordErrors';
import { composeContext, messageFiles, noteMentions, type FakeState } from '../fakeState';
import { formErrors } from '../formErrors';
import { findChannel, type Lookup } from '../lookups';
import { messageCreateSchema, messageEditSchema } from '../messageSchemas';
import { snowflakeSchema } from '../textSchemas';
import type { RecordedMessage } from '../messageStore';
import { hasPermission } from '../permissions';
import { noContent, ok, type RestReply } from '../restReply';
import type { Route, RouteRequest } from '../route';
import type { ChannelState } from '../world';

const SETTABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications;

/** Channel messages: create (with nonce deduplication), fetch, list, edit, delete. */
export function messageRoutes(state: FakeState): Route[] {
  const route = (method: Route['method'], path: string, handle: Route['handle']): Route => ({
    method,
    path,
    auth: true,
    globalLimit: true,
    handle,
  });
  return [
    route('POST', '/channels/:channelId/messages', (request) => createMessage(state, request)),
    route('GET', '/channels/:channelId/messages', (request) => listMessages(state, request)),
    route('GET', '/channels/:channelId/messages/:messageId', (request) => withMessage(state, request, (message) => ok(message.message))),
    route('PATCH', '/channels/:channelId/messages/:messageId', (request) => editChannelMessage(state, request)),
    route('DELETE', '/channels/:channelId/messages/:messageId', (request) =>
      withMessage(state, request, (message, channel) => {
        state.messages.delete(message.id);
        state.gateway.toGuild(channel.guildId, GatewayDispatchEvents.MessageDelete, {
          id: message.id,
          channel_id: channel.id,
          guild_id: channel.guildId,
        });
        return noContent();
      }),
    ),
  ];
}

/** Checks Discord makes before a channel write: the channel exists, the bot sees it and may send. */
function writableChannel(
  state: FakeState,
  channelId: string | undefined,
): Lookup<{ readonly channel: ChannelState; readonly permissions: bigint }> {
  const lookup = findChannel(state.world, channelId);
  if ('reply' in lookup) return lookup;
  const channel = lookup.found;
  const permissions = state.world.permissionsIn(channel, state.world.botUser.id);
  if (!hasPermission(permissions, PermissionFlagsBits.ViewChannel)) return { reply: missingAccess() };
  if (!hasPermission(permissions, PermissionFlagsBits.SendMessages)) return { reply: missingPermissions() };
  return { found: { channel, permissions } };
}

function createMessage(state: FakeState, request: RouteRequest): RestReply {
  noteMentions(state, request, 'message', request.json);
  const target = writableChannel(state, request.params.channelId);
  if ('reply' in target) return target.reply;
  const { channel, permissions } = target.found;
  const parsed = messageCreateSchema.safeParse(request.json ?? {}, { reportInput: true });
  if (!parsed.success) return invalidFormBody(formErrors(parsed.error.issues));
  const body = parsed.data;
  const nonce = body.nonce ?? undefined;
  if (body.enforce_nonce === true && nonce !== undefined) {
    const earlier = state.messages.recentNonce(channel.id, nonce, request.at, state.options.nonceWindowMs);
    if (earlier && !earlier.deleted) return ok(earlier.message);
  }
  if (request.files.length > 0 && !hasPermission(permissions, PermissionFlagsBits.AttachFiles)) return missingPermissions();
  const attachments = messageFiles(state, request, channel.id, body.attachments, []);
  if ('reply' in attachments) return attachments.reply;
  const message = composeMessage(
    {
      id: state.snowflakes.next(request.at),
      channelId: channel.id,
      author: state.world.botUser,
      at: request.at,
      type: body.message_reference?.message_id ? MessageType.Reply : MessageType.Default,
      forcedFlags: 0,
      settableFlags: SETTABLE_FLAGS,
      nonce,
    },
    body,
    attachments.found,
    composeContext(state),
  );
  if (isEmptyMessage(message)) return emptyMessage();
  if (message.embeds.length > 0 && !hasPermission(permissions, PermissionFlagsBits.EmbedLinks)) {
    return missingPermissions();
  }
  state.messages.add({
    channelId: channel.id,
    guildId: channel.guildId,
    origin: 'channel',
    interactionId: null,
    ephemeral: false,
    write: { at: request.at, message, allowedMentions: allowedMentionsOf(request.json) },
  });
  if (nonce !== undefined) state.messages.rememberNonce(channel.id, nonce, message.id, request.at);
  announceCreate(state, channel.guildId, message);
  return ok(message);
}

/**
 * `GET /channels/:id/messages`: newest first; with `after`, the oldest `limit`
 * messages after that id, as Discord pages forward. Without Read Message
 * History the list is empty, and a nonce is never included: Discord only
 * echoes it in the create response and the gateway event.
 */
function listMessages(state: FakeState, request: RouteRequest): RestReply {
  const lookup = findChannel(state.world, request.params.channelId);
  if ('reply' in lookup) return lookup.reply;
  const permissions = state.world.permissionsIn(lookup.found, state.world.botUser.id);
  if (!hasPermission(permissions, PermissionFlagsBits.ViewChannel)) return missingAccess();
  if (!hasPermission(permissions, PermissionFlagsBits.ReadMessageHistory)) return ok([]);
  const limit = Math.min(100, Math.max(1, Number(request.query.get('limit') ?? 50) || 50));
  const query = z.object({ after: snowflakeSchema.nullable() }).safeParse({ after: request.query.get('after') }, { reportInput: true });
  if (!query.success) return invalidFormBody(formErrors(query.error.issues));
  const { after } = query.data;
  const oldestFirst = state.messages
    .inChannel(lookup.found.id)
    .filter((m) => !m.ephemeral)
    .map(({ message }) => {
      const { nonce: _nonce, ...listed } = message;
      return listed;
    });
  const page = after === null ? oldestFirst.slice(-limit) : oldestFirst.filter((m) => BigInt(m.id) > BigInt(after)).slice(0, limit);
  return ok(page.reverse());
}

function editChannelMessage(state: FakeState, request: RouteRequest): RestReply {
  noteMentions(state, request, 'edit', request.json);
  return withMessage(state, request, (stored, channel) => {
    const parsed = messageEditSchema.safeParse(request.json ?? {}, { reportInput: true });
    if (!parsed.success) return invalidFormBody(formErrors(parsed.error.issues));
    const permissions = state.world.permissionsIn(channel, state.world.botUser.id);
    if (request.files.length > 0 && !hasPermission(permissions, PermissionFlagsBits.AttachFiles)) return missingPermissions();
    const attachments = messageFiles(state, request, channel.id, parsed.data.attachments, stored.message.attachments);
    if ('reply' in attachments) return attachments.reply;
    const message = editMessage(stored.message, parsed.data, attachments.found, request.at, composeContext(state));
    if (isEmptyMessage(message)) return emptyMessage();
    state.messages.edit(stored.id, { at: request.at, message, allowedMentions: allowedMentionsOf(request.json) });
    state.gateway.toGuild(channel.guildId, GatewayDispatchEvents.MessageUpdate, { ...message, guild_id: channel.guildId });
    return ok(message);
  });
}

function withMessage(
  state: FakeState,
  request: RouteRequest,
  then: (message: RecordedMessage, channel: ChannelState) => RestReply,
): RestReply {
  const lookup = findChannel(state.world, request.params.channelId);
  if ('reply' in lookup) return lookup.reply;
  const message = state.messages.get(request.params.messageId ?? '');
  if (!message || message.deleted || message.ephemeral || message.channelId !== lookup.found.id) return unknownMessage();
  return then(message, lookup.found);
}

/** Tells sessions with the Guild Messages intent about a message the bot posted, as Discord does. */
export function announceCreate(state: FakeState, guildId: string, message: APIMessage): void {
  state.gateway.toGuild(guildId, GatewayDispatchEvents.MessageCreate, { ...message, guild_id: guildId, mentions: message.mentions });
}

/** The raw `allowed_mentions` a request carried, for the record. */
export function allowedMentionsOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'allowed_mentions' in body ? body.allowed_mentions : undefined;
}
