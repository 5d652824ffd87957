import type { APIMessage } from 'discord-api-types/v10';

/** How a message came to be: a channel post, an interaction's response, or a follow-up. */
export type MessageOrigin = 'channel' | 'interaction' | 'followup';

/** One write to a message: its creation or an edit, with what that request carried. */
export interface MessageWrite {
  readonly at: number;
  readonly message: APIMessage;
  /** The request's `allowed_mentions`, exactly as sent (undefined when absent). */
  readonly allowedMentions: unknown;
}

/** A message the bot created, as the fake recorded it. */
export interface RecordedMessage {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string | null;
  readonly origin: MessageOrigin;
  readonly interactionId: string | null;
  readonly ephemeral: boolean;
  /** Creation first, then each edit. */
  readonly writes: readonly MessageWrite[];
  readonly deleted: boolean;
  /** The message as it stands now. */
  readonly message: APIMessage;
  /**
   * The `allowed_mentions` of the latest write, i.e. the one that governed
   * the current text (for a deferred reply: the edit that replaced "thinking…").
   */
  readonly allowedMentions: unknown;
}

class StoredMessage implements RecordedMessage {
  readonly writes: MessageWrite[];
  #latest: MessageWrite;
  deleted = false;

  constructor(
    readonly id: string,
    readonly channelId: string,
    readonly guildId: string | null,
    readonly origin: MessageOrigin,
    readonly interactionId: string | null,
    readonly ephemeral: boolean,
    first: MessageWrite,
  ) {
    this.writes = [first];
    this.#latest = first;
  }

  get message(): APIMessage {
    return this.#latest.message;
  }

  get allowedMentions(): unknown {
    return this.#latest.allowedMentions;
  }

  push(write: MessageWrite): void {
    this.writes.push(write);
    this.#latest = write;
  }
}

/** What creating a message needs to know besides the message itself. */
export interface NewMessage {
  readonly channelId: string;
  readonly guildId: string | null;
  readonly origin: MessageOrigin;
  readonly interactionId: string | null;
  readonly ephemeral: boolean;
  readonly write: MessageWrite;
}

/**
 * Every message the bot created, per channel and by id, plus the nonces that
 * `enforce_nonce` deduplicates on.
 */
export class MessageStore {
  readonly #byId = new Map<string, StoredMessage>();
  readonly #byChannel = new Map<string, StoredMessage[]>();
  readonly #nonces = new Map<string, { readonly messageId: string; readonly at: number }>();

  add(init: NewMessage): RecordedMessage {
    const stored = new StoredMessage(
      init.write.message.id,
      init.channelId,
      init.guildId,
      init.origin,
      init.interactionId,
      init.ephemeral,
      init.write,
    );
    this.#byId.set(stored.id, stored);
    const list = this.#byChannel.get(init.channelId) ?? [];
    list.push(stored);
    this.#byChannel.set(init.channelId, list);
    return stored;
  }

  /** A message by id, deleted ones included. */
  get(id: string): RecordedMessage | undefined {
    return this.#byId.get(id);
  }

  /** Records an edit; the caller has already built the edited message. */
  edit(id: string, write: MessageWrite): void {
    this.#byId.get(id)?.push(write);
  }

  delete(id: string): void {
    const stored = this.#byId.get(id);
    if (stored) stored.deleted = true;
  }

  /** The channel's messages that still exist, oldest first. */
  inChannel(channelId: string): RecordedMessage[] {
    return (this.#byChannel.get(channelId) ?? []).filter((m) => !m.deleted);
  }

  /** Every message ever created, deleted ones included, oldest first. */
  all(): RecordedMessage[] {
    return [...this.#byId.values()];
  }

  rememberNonce(channelId: string, nonce: string | number, messageId: string, at: number): void {
    this.#nonces.set(`${channelId}:${String(nonce)}`, { messageId, at });
  }

  /** The message an earlier request with this nonce created in the channel within `windowMs`. */
  recentNonce(channelId: string, nonce: string | number, now: number, windowMs: number): RecordedMessage | undefined {
    const seen = this.#nonces.get(`${channelId}:${String(nonce)}`);
    if (!seen || now - seen.at > windowMs) return undefined;
    return this.#byId.get(seen.messageId);
  }
}
