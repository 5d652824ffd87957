import {
  GatewayDispatchEvents,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import type { z } from 'zod';
import { composeMessage, editMessage, isEmptyMessage } from '../composeMessage';
import {
  alreadyAcknowledged,
  emptyMessage,
  invalidFormBody,
  invalidWebhookToken,
  unknownInteraction,
  unknownMessage,
  unknownWebhook,
} from '../discordErrors';
import { composeContext, isRecord, messageFiles, noteMentions, type FakeState } from '../fakeState';
import { formErrors } from '../formErrors';
import type { InteractionRecord } from '../interactionStore';
import type { Lookup } from '../lookups';
import type { RecordedMessage } from '../messageStore';
import { interactionCallbackSchema, messageEditSchema, webhookExecuteSchema, type MessageFieldsBody } from '../messageSchemas';
import { noContent, ok, type RestReply } from '../restReply';
import type { Route, RouteRequest } from '../route';
import { allowedMentionsOf, announceCreate } from './messageRoutes';

const RESPONSE_FLAGS = MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications;

/** Which callback types Discord accepts for which interaction type. */
const VALID_RESPONSES: Readonly<Record<number, readonly InteractionResponseType[]>> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

/** The interaction callback and the interaction webhook (follow-ups, @original). */
export function interactionRoutes(state: FakeState): Route[] {
  const route = (method: Route['method'], path: string, handle: Route['handle']): Route => ({
    method,
    path,
    auth: false,
    globalLimit: false,
    handle,
  });
  return [
    route('POST', '/interactions/:interactionId/:token/callback', (request) => {
      const record = state.interactions.byId(request.params.interactionId ?? '');
      const reply = callback(state, request, record);
      if (record && record.token === request.params.token) {
        record.attempts.push({ at: request.at, body: request.json, status: reply.status, response: reply.body });
      }
      return reply;
    }),
    route('POST', '/webhooks/:applicationId/:token', (request) => followUp(state, request)),
    route('GET', '/webhooks/:applicationId/:token/messages/:messageId', (request) =>
      withWebhookMessage(state, request, (_record, message) => ok(message.message)),
    ),
    route('PATCH', '/webhooks/:applicationId/:token/messages/:messageId', (request) => {
      noteMentions(state, request, 'edit', request.json);
      return withWebhookMessage(state, request, (record, stored) => {
        const parsed = messageEditSchema.safeParse(request.json ?? {}, { reportInput: true });
        if (!parsed.success) return invalidFormBody(formErrors(parsed.error.issues));
        return applyEdit(state, request, record, stored.id, parsed.data, allowedMentionsOf(request.json));
      });
    }),
    route('DELETE', '/webhooks/:applicationId/:token/messages/:messageId', (request) =>
      withWebhookMessage(state, request, (record, message) => {
        state.messages.delete(message.id);
        if (!message.ephemeral) {
          state.gateway.toGuild(record.guildId, GatewayDispatchEvents.MessageDelete, {
            id: message.id,
            channel_id: message.channelId,
            guild_id: record.guildId,
          });
        }
        return noContent();
      }),
    ),
  ];
}

/**
 * One interaction callback, checked in Discord's order: a second callback is
 * 40060 even when late, a late first one is 10062, then the body's limits.
 */
function callback(state: FakeState, request: RouteRequest, record: InteractionRecord | undefined): RestReply {
  if (!record || record.token !== request.params.token) return unknownInteraction();
  const raw = request.json;
  const carriesMessage =
    isRecord(raw) && (raw.type === InteractionResponseType.ChannelMessageWithSource || raw.type === InteractionResponseType.UpdateMessage);
  if (carriesMessage && raw.data !== undefined) noteMentions(state, request, 'callback', raw.data);
  if (record.accepted) return alreadyAcknowledged();
  if (request.at - record.createdAt > state.options.interactionWindowMs) return unknownInteraction();
  const parsed = interactionCallbackSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) return invalidFormBody(formErrors(parsed.error.issues));
  const body = parsed.data;
  const valid = VALID_RESPONSES[record.payload.type] ?? [];
  if (!valid.includes(body.type)) {
    return invalidFormBody({
      type: {
        _errors: [
          {
            code: 'INTERACTION_RESPONSE_TYPE_INVALID',
            message: `Interaction response type ${body.type} is not valid for interaction type ${record.payload.type}`,
          },
        ],
      },
    });
  }
  const acknowledged = acknowledge(state, request, record, body, isRecord(raw) ? raw.data : undefined);
  if ('reply' in acknowledged) return acknowledged.reply;
  const message = acknowledged.found;
  record.accepted = { at: request.at, type: body.type, data: 'data' in body ? body.data : undefined };
  if (request.query.get('with_response') !== 'true') return noContent();
  const result: RESTPostAPIInteractionCallbackWithResponseResult = {
    interaction: {
      id: record.id,
      type: record.payload.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
            response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
          }
        : {}),
    },
    ...(message ? { resource: { type: body.type, message } } : {}),
  };
  return ok(result);
}

/**
 * Carries out an accepted callback type: creates the reply or the
 * "thinking…" placeholder, or updates the clicked message. Returns the
 * message the callback produced, if any.
 */
function acknowledge(
  state: FakeState,
  request: RouteRequest,
  record: InteractionRecord,
  body: z.infer<typeof interactionCallbackSchema>,
  rawData: unknown,
): Lookup<APIMessage | null> {
  switch (body.type) {
    case InteractionResponseType.ChannelMessageWithSource:
      return respondWithMessage(state, request, record, body.data, 0, allowedMentionsOf(rawData));
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const flags = MessageFlags.Loading | ((body.data?.flags ?? 0) & MessageFlags.Ephemeral);
      return respondWithMessage(state, request, record, {}, flags, undefined);
    }
    case InteractionResponseType.DeferredMessageUpdate:
      record.originalMessageId = componentMessageId(record);
      return { found: null };
    case InteractionResponseType.UpdateMessage: {
      const target = componentMessageId(record);
      if (target !== null && body.data) {
        const edited = applyEdit(state, request, record, target, body.data, allowedMentionsOf(rawData));
        if (edited.status !== 200) return { reply: edited };
      }
      record.originalMessageId = target;
      return { found: target === null ? null : (state.messages.get(target)?.message ?? null) };
    }
    default:
      return { found: null };
  }
}

/** Creates the interaction's response message (a reply, or the "thinking…" placeholder of a deferral). */
function respondWithMessage(
  state: FakeState,
  request: RouteRequest,
  record: InteractionRecord,
  data: MessageFieldsBody,
  forcedFlags: number,
  allowedMentions: unknown,
): Lookup<APIMessage> {
  // A deferral's placeholder carries no files, whatever rode along with it.
  const loading = (forcedFlags & MessageFlags.Loading) !== 0;
  const attachments = loading ? { found: [] } : messageFiles(state, request, record.channelId, data.attachments, []);
  if ('reply' in attachments) return attachments;
  const message = composeMessage(
    {
      id: state.snowflakes.next(request.at),
      channelId: record.channelId,
      author: state.world.botUser,
      at: request.at,
      type: record.payload.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
      forcedFlags,
      settableFlags: RESPONSE_FLAGS,
      webhookId: state.options.applicationId,
      applicationId: state.options.applicationId,
      interactionMetadata: interactionMetadata(record),
    },
    data,
    attachments.found,
    composeContext(state),
  );
  if (!loading && isEmptyMessage(message)) return { reply: emptyMessage() };
  const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  state.messages.add({
    channelId: record.channelId,
    guildId: record.guildId,
    origin: 'interaction',
    interactionId: record.id,
    ephemeral,
    write: { at: request.at, message, allowedMentions },
  });
  record.originalMessageId = message.id;
  if (!ephemeral) announceCreate(state, record.guildId, message);
  return { found: message };
}

function followUp(state: FakeState, request: RouteRequest): RestReply {
  noteMentions(state, request, 'followup', request.json);
  const lookup = webhookInteraction(state, request);
  if ('reply' in lookup) return lookup.reply;
  const record = lookup.found;
  const parsed = webhookExecuteSchema.safeParse(request.json ?? {}, { reportInput: true });
  if (!parsed.success) return invalidFormBody(formErrors(parsed.error.issues));
  const original = record.originalMessageId === null ? undefined : state.messages.get(record.originalMessageId);
  const stillThinking = original && !original.deleted && ((original.message.flags ?? 0) & MessageFlags.Loading) !== 0;
  if (original && stillThinking) {
    // Discord turns the first follow-up after a deferral into the deferred message itself.
    return applyEdit(state, request, record, original.id, parsed.data, allowedMentionsOf(request.json));
  }
  const attachments = messageFiles(state, request, record.channelId, parsed.data.attachments, []);
  if ('reply' in attachments) return attachments.reply;
  const message = composeMessage(
    {
      id: state.snowflakes.next(request.at),
      channelId: record.channelId,
      author: state.world.botUser,
      at: request.at,
      type: MessageType.Default,
      forcedFlags: 0,
      settableFlags: RESPONSE_FLAGS,
      webhookId: state.options.applicationId,
      applicationId: state.options.applicationId,
      interactionMetadata: interactionMetadata(record),
    },
    parsed.data,
    attachments.found,
    composeContext(state),
  );
  if (isEmptyMessage(message)) return emptyMessage();
  const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  state.messages.add({
    channelId: record.channelId,
    guildId: record.guildId,
    origin: 'followup',
    interactionId: record.id,
    ephemeral,
    write: { at: request.at, message, allowedMentions: allowedMentionsOf(request.json) },
  });
  record.followupIds.push(message.id);
  if (!ephemeral) announceCreate(state, record.guildId, message);
  return ok(message);
}

function applyEdit(
  state: FakeState,
  request: RouteRequest,
  record: InteractionRecord,
  messageId: string,
  body: MessageFieldsBody,
  allowedMentions: unknown,
): RestReply {
  const stored = state.messages.get(messageId);
  if (!stored || stored.deleted) return unknownMessage();
  const attachments = messageFiles(state, request, stored.channelId, body.attachments, stored.message.attachments);
  if ('reply' in attachments) return attachments.reply;
  const message = editMessage(stored.message, body, attachments.found, request.at, composeContext(state));
  if (isEmptyMessage(message)) return emptyMessage();
  state.messages.edit(messageId, { at: request.at, message, allowedMentions });
  if (!stored.ephemeral) {
    state.gateway.toGuild(record.guildId, GatewayDispatchEvents.MessageUpdate, { ...message, guild_id: record.guildId });
  }
  return ok(message);
}

/**
 * The interaction behind a webhook URL. Discord answers "Unknown Webhook"
 * until the interaction is acknowledged and "Invalid Webhook Token" once the
 * token has expired.
 */
function webhookInteraction(state: FakeState, request: RouteRequest): Lookup<InteractionRecord> {
  if (request.params.applicationId !== state.options.applicationId) return { reply: unknownWebhook() };
  const record = state.interactions.byToken(request.params.token ?? '');
  if (!record) return { reply: unknownWebhook() };
  if (request.at - record.createdAt > state.options.followupWindowMs) return { reply: invalidWebhookToken() };
  if (!record.accepted) return { reply: unknownWebhook() };
  return { found: record };
}

function withWebhookMessage(
  state: FakeState,
  request: RouteRequest,
  then: (record: InteractionRecord, message: RecordedMessage) => RestReply,
): RestReply {
  const lookup = webhookInteraction(state, request);
  if ('reply' in lookup) return lookup.reply;
  const record = lookup.found;
  const requested = request.params.messageId ?? '';
  const id = requested === '@original' ? record.originalMessageId : requested;
  const belongs = id !== null && (id === record.originalMessageId || record.followupIds.includes(id));
  const message = belongs ? state.messages.get(id) : undefined;
  if (!message || message.deleted) return unknownMessage();
  return then(record, message);
}

function componentMessageId(record: InteractionRecord): string | null {
  return 'message' in record.payload && record.payload.message ? record.payload.message.id : null;
}

function interactionMetadata(record: InteractionRecord): APIMessageInteractionMetadata {
  const shared = {
    id: record.id,
    user: record.user,
    authorizing_integration_owners: record.payload.authorizing_integration_owners,
  };
  if (record.payload.type === InteractionType.MessageComponent) {
    return { ...shared, type: InteractionType.MessageComponent, interacted_message_id: componentMessageId(record) ?? '0' };
  }
  return { ...shared, type: InteractionType.ApplicationCommand };
}
