import { InteractionResponseType, MessageFlags, type APIInteraction } from 'discord-api-types/v10';
import type { WaitPredicate } from './changeSignal';
import type { AcceptedCallback, CallbackAttempt, InteractionRecord } from './interactionStore';
import type { RecordedMessage } from './messageStore';

/** What a handle needs from the fake. */
export interface InteractionHandleHost {
  readonly interactionWindowMs: number;
  waitFor<T>(predicate: WaitPredicate<T>, timeoutMs: number, description: string): Promise<T>;
  message(id: string): RecordedMessage | undefined;
}

/** In-flight callbacks are timestamped on arrival; give them this long to finish before calling it late. */
const IN_FLIGHT_GRACE_MS = 250;

/**
 * One interaction the fake sent to the bot, and what the bot did with it.
 * The waits fail with a message that says what Discord would have shown.
 */
export class InteractionHandle {
  readonly #record: InteractionRecord;
  readonly #host: InteractionHandleHost;

  constructor(record: InteractionRecord, host: InteractionHandleHost) {
    this.#record = record;
    this.#host = host;
  }

  get id(): string {
    return this.#record.id;
  }

  get token(): string {
    return this.#record.token;
  }

  /** The INTERACTION_CREATE payload exactly as dispatched. */
  get payload(): APIInteraction {
    return this.#record.payload;
  }

  /** Every callback the bot tried, accepted or not. */
  attempts(): readonly CallbackAttempt[] {
    return this.#record.attempts;
  }

  /**
   * The callback Discord accepted (type and data). Rejects once the window
   * has closed without one, listing the attempts that failed.
   */
  response(timeoutMs: number = this.#host.interactionWindowMs + 2000): Promise<AcceptedCallback> {
    const record = this.#record;
    return this.#host.waitFor(
      () => {
        if (record.accepted) return record.accepted;
        if (Date.now() - record.createdAt > this.#host.interactionWindowMs + IN_FLIGHT_GRACE_MS) {
          throw new Error(
            `${this.#describe()} was not acknowledged within ${this.#host.interactionWindowMs} ms ` +
              `(Discord shows "The application did not respond")${this.#attemptsText()}`,
          );
        }
        return undefined;
      },
      timeoutMs,
      `a callback to ${this.#describe()}`,
    );
  }

  /**
   * The message the member ends up seeing: the reply, or after a deferral
   * the first edit of the "thinking…" placeholder (or of the clicked message
   * after a deferred update).
   */
  async finalMessage(timeoutMs = 10_000): Promise<RecordedMessage> {
    const accepted = await this.response(timeoutMs);
    const record = this.#record;
    switch (accepted.type) {
      case InteractionResponseType.ChannelMessageWithSource:
      case InteractionResponseType.UpdateMessage:
        return this.#host.waitFor(() => this.original(), timeoutMs, `the response message of ${this.#describe()}`);
      case InteractionResponseType.DeferredChannelMessageWithSource:
        return this.#host.waitFor(
          () => {
            const original = this.original();
            return original && ((original.message.flags ?? 0) & MessageFlags.Loading) === 0 ? original : undefined;
          },
          timeoutMs,
          `the edit that replaces the "thinking…" message of ${this.#describe()}`,
        );
      case InteractionResponseType.DeferredMessageUpdate:
        return this.#host.waitFor(
          () => {
            const original = this.original();
            return original && original.writes.some((w) => w.at >= accepted.at) ? original : undefined;
          },
          timeoutMs,
          `the edit of the clicked message after the deferred update of ${this.#describe()}`,
        );
      default:
        throw new Error(
          `${this.#describe()} was answered with callback type ${accepted.type}, which has no message (interaction ${record.id})`,
        );
    }
  }

  /** The message `@original` refers to now, if any. */
  original(): RecordedMessage | undefined {
    const id = this.#record.originalMessageId;
    return id === null ? undefined : this.#host.message(id);
  }

  /** The follow-up messages sent so far, oldest first. */
  followups(): RecordedMessage[] {
    return this.#record.followupIds.flatMap((id) => {
      const message = this.#host.message(id);
      return message ? [message] : [];
    });
  }

  #describe(): string {
    return `${this.#record.label} (interaction ${this.#record.id})`;
  }

  #attemptsText(): string {
    const attempts = this.#record.attempts;
    if (attempts.length === 0) return '; the bot sent no callback';
    return `; callbacks tried: ${attempts
      .map((a) => `+${a.at - this.#record.createdAt} ms → ${a.status} ${JSON.stringify(a.response)}`)
      .join('; ')}`;
  }
}
