import type { ComposeContext } from './composeMessage';
import type { CommandStore } from './commandStore';
import type { ResolvedOptions } from './fakeDiscordOptions';
import type { FakeGateway } from './gateway';
import type { InteractionStore } from './interactionStore';
import { mentionViolation } from './mentionViolation';
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
  return { user: (id) => state.world.user(id), nextId: () => state.snowflakes.next() };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
