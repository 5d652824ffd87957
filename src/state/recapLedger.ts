import type { RecapClaim, RecapKey, RecapPostRecord, RecapPostStatus } from '../schedule/recapLedger';

/** Who asks for a claim, and on what terms. */
export interface LeaseRequest {
  /** Names the runner, e.g. host and pid, so the ledger shows who holds a period. */
  readonly owner: string;
  /** How long the claim is honoured without progress before another runner may take it over. */
  readonly leaseMs: number;
  readonly maxAttempts?: number;
  /** When the period was due, recorded on its first claim so its retries can be found without its schedule. */
  readonly scheduledAt?: Date;
}

/**
 * The recap ledger: exactly one runner posts each period, whatever the
 * number of processes or hosts sharing the store.
 *
 * Lease times (when a claim was taken or renewed, whether its lease ran out,
 * whether a retry is due) are read from the store's own clock, never the
 * caller's: with PostgreSQL that is the database server's `now()`, so two
 * hosts whose clocks disagree still agree on every lease. The `now` the other
 * calls take is only recorded (when a period finished), never compared.
 */
export interface RecapLedger {
  /** The period's row, if it was ever claimed or skipped. */
  get(key: RecapKey): Promise<RecapPostRecord | undefined>;
  /**
   * Takes the right to post a period, or undefined when nobody may now: a new
   * period, a claim whose lease ran out, or a failure whose retry is due, with
   * attempts left. A crashed claim that used every attempt becomes a failure.
   * Of any number of concurrent callers, exactly one gets each claim.
   */
  claim(key: RecapKey, request: LeaseRequest): Promise<RecapClaim | undefined>;
  /** Renews the lease before a message goes out; false once the claim is no longer this runner's. */
  renew(claim: RecapClaim): Promise<boolean>;
  /** Records part `partIndex` as in the channel and renews the lease; false when the claim is no longer current. */
  recordPart(claim: RecapClaim, partIndex: number, messageId: string): Promise<boolean>;
  /** Closes the period as posted, with what it said; false when the claim is no longer current. */
  markPosted(claim: RecapClaim, now: Date, contentKey?: string): Promise<boolean>;
  /** Closes a claimed period without posting; false when the claim is no longer current. */
  skipClaim(claim: RecapClaim, now: Date, reason: string): Promise<boolean>;
  /** Records a failed attempt; with `retryAt` it may be claimed again from then on. False when the claim is no longer current. */
  markFailed(claim: RecapClaim, now: Date, error: string, retryAt?: Date): Promise<boolean>;
  /** Records that a period nobody claimed will not be posted; returns whether it was skipped. */
  markSkipped(key: RecapKey, now: Date, reason: string): Promise<boolean>;
  /** Makes a pending retry, or a claim whose lease ran out, a final failure; returns whether there was one. */
  markExpired(key: RecapKey, now: Date, leaseMs: number, reason: string): Promise<boolean>;
  /** What the channel's most recent posted recap said, if recorded. */
  lastPostedContentKey(guildId: string, channelId: string): Promise<string | undefined>;
  /** The channel's scheduled periods still waiting to be finished (claimed, or failed with a retry pending), by due time. */
  unfinished(guildId: string, channelId: string): Promise<RecapPostRecord[]>;
  /** Ends the guild's unfinished periods outside `keepChannelId` (all when undefined) as failed; returns how many. */
  closeUnfinished(guildId: string, keepChannelId: string | undefined, now: Date, reason: string): Promise<number>;
  /** Every message id the ledger holds for the channel. */
  recordedMessageIds(guildId: string, channelId: string): Promise<ReadonlySet<string>>;
  /** The guild's most recently finished period with this status, in any channel. */
  latest(guildId: string, status: Exclude<RecapPostStatus, 'claimed'>): Promise<RecapPostRecord | undefined>;
}
