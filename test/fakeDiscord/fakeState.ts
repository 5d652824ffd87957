import type { APIAttachment } from 'discord-api-types/v10';
import { contentTypeFor, type FakeCdn } from './cdn';
import type { ComposeContext } from './composeMessage';
import type { CommandStore } from './commandStore';
import type { ResolvedOptions } from './fakeDiscordOptions';
import type { FakeGateway } from './gateway';
import type { InteractionStore } from './interactionStore';
import type { Lookup } from './lookups';
import { mentionViolation } from './mentionViolation';
import { messageAttachments } from './messageFiles';
import type { MessageFieldsBody } from './messageSchemas';
import type { MessageStore } from './messageStore';
import type { RouteRequest } from './route';
import type { SnowflakeFactory } from './snowflakes';
import type { FakeWorld } from './world';

/** A message-bearing request that could have pinged someone. */
export interface MentionViolation {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly kind: 'message' | 'edit' | 'callback' | 'followup';
  /** What the request carried, exactly as sent. */
  readonly allowedMentions: unknown;
  readonly reason: string;
}

/** Everything the REST routes read and change. */
export interface FakeState {
  readonly options: ResolvedOptions;
  readonly world: FakeWorld;
  readonly messages: MessageStore;
  readonly interactions: InteractionStore;
  readonly commands: CommandStore;
  readonly snowflakes: SnowflakeFactory;
  readonly gateway: FakeGateway;
  readonly cdn: FakeCdn;
  readonly violations: MentionViolation[];
  /** The WebSocket URL `GET /gateway/bot` hands out. */
  readonly gatewayUrl: string;
}

/** Records a violation when a message-bearing body does not carry `allowed_mentions: { parse: [] }`. */
export function noteMentions(state: FakeState, request: RouteRequest, kind: MentionViolation['kind'], body: unknown): void {
  const allowedMentions = isRecord(body) ? body.allowed_mentions : undefined;
  const reason = mentionViolation(allowedMentions);
  if (reason === null) return;
  state.violations.push({ at: request.at, method: request.method, path: request.path, kind, allowedMentions, reason });
}

/** The context `composeMessage` needs, drawn from the state. */
export function composeContext(state: FakeState): ComposeContext {
  return { user: (id) => state.world.user(id) };
}

/** Message attachment URLs last a day, like the ones Discord hands out; tests read them well within that. */
const MESSAGE_FILE_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * The attachments a message in `channelId` ends up with after this request
 * (`previous`: what it had before an edit), new files kept on the fake CDN;
 * or Discord's error for the request's files.
 */
export function messageFiles(
  state: FakeState,
  request: RouteRequest,
  channelId: string,
  listed: MessageFieldsBody['attachments'],
  previous: readonly APIAttachment[],
): Lookup<APIAttachment[]> {
  return messageAttachments(listed, request.files, previous, {
    uploadLimitBytes: state.options.uploadLimitBytes,
    keep: (file, filename, description) => ({
      ...state.cdn.keep({
        id: state.snowflakes.next(request.at),
        folder: `attachments/${channelId}`,
        filename,
        bytes: file.bytes,
        contentType: contentTypeFor(filename) ?? (file.contentType || undefined),
        at: request.at,
        lifetimeMs: MESSAGE_FILE_LIFETIME_MS,
      }),
      ...(description === undefined ? {} : { description }),
    }),
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
