import type { APIInteraction, APIUser, InteractionResponseType } from 'discord-api-types/v10';

/** One `POST /interactions/:id/:token/callback`, whatever its outcome. */
export interface CallbackAttempt {
  readonly at: number;
  readonly body: unknown;
  readonly status: number;
  readonly response: unknown;
}

/** The callback Discord accepted: the one that acknowledged the interaction. */
export interface AcceptedCallback {
  readonly at: number;
  readonly type: InteractionResponseType;
  /** The callback's validated `data`, if it had any. */
  readonly data: unknown;
}

/** An interaction the fake dispatched and everything the bot did with it. */
export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly payload: APIInteraction;
  readonly guildId: string;
  readonly channelId: string;
  /** The member who acted. */
  readonly user: APIUser;
  /** "/levels", "autocomplete /levels" or "component recaps:confirm", for error messages. */
  readonly label: string;
  readonly createdAt: number;
  readonly attempts: CallbackAttempt[];
  accepted: AcceptedCallback | null;
  /** The message `@original` refers to: the response, or for component updates the clicked message. */
  originalMessageId: string | null;
  readonly followupIds: string[];
}

/** Interactions by id and by token (webhook routes know only the token). */
export class InteractionStore {
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();

  add(record: InteractionRecord): void {
    this.#byId.set(record.id, record);
    this.#byToken.set(record.token, record);
  }

  byId(id: string): InteractionRecord | undefined {
    return this.#byId.get(id);
  }

  byToken(token: string): InteractionRecord | undefined {
    return this.#byToken.get(token);
  }
}
