import { z } from 'zod';
import type { StateDb } from './openStateDb';

/** What the ledger is keyed by: one recap per guild, channel and local date. */
export interface RecapKey {
  readonly guildId: string;
  readonly channelId: string;
  /** The occurrence's local date, `YYYY-MM-DD` in the subscription's zone. */
  readonly period: string;
}

/**
 * A period's state in the ledger: being posted, done, given up on, or never
 * attempted because it was found too late.
 */
export const RECAP_POST_STATUSES = ['claimed', 'posted', 'failed', 'skipped'] as const;
/** One of {@link RECAP_POST_STATUSES}. */
export type RecapPostStatus = (typeof RECAP_POST_STATUSES)[number];

/** One ledger row as the rest of the code sees it. */
export interface RecapPostRecord {
  readonly key: RecapKey;
  readonly status: RecapPostStatus;
  readonly claimedAt?: Date;
  readonly claimOwner?: string;
  readonly attempts: number;
  /** How many of the recap's messages are in the channel, counting from the first. */
  readonly partsPosted: number;
  readonly messageIds: readonly string[];
  readonly error?: string;
  /** For a failure that will be tried again: not before this. */
  readonly retryAt?: Date;
  readonly finishedAt?: Date;
  /** When the period was due; absent on rows written before the ledger recorded it. */
  readonly scheduledAt?: Date;
}

/**
 * The right to post one period, held by one owner for one attempt. The
 * record functions below only act while the claim is still the current one,
 * so a runner whose lease was taken over cannot overwrite its successor.
 */
export interface RecapClaim {
  readonly key: RecapKey;
  readonly owner: string;
  /** 1 for the first try; each re-claim after a crash or a failure adds one. */
  readonly attempt: number;
  /** Parts already in the channel from earlier attempts: resume after them. */
  readonly partsPosted: number;
  readonly messageIds: readonly string[];
  /**
   * For a re-claim: an earlier attempt may have sent part `partsPosted`
   * without living to record it, and if so the message came after the last
   * recorded part and after the period was due.
   */
  readonly unrecordedSendAfter?: UnrecordedSendWindow;
}

/** Where in a channel's history an unrecorded send of the next part could be. */
export interface UnrecordedSendWindow {
  /** The last part recorded, when one was. */
  readonly messageId?: string;
  /** When the period was due (on rows from before that was kept: when the last attempt began). */
  readonly time: Date;
}

/** How many times a period is tried before it stays failed. */
export const DEFAULT_MAX_ATTEMPTS = 3;

const optionalTime = z
  .number()
  .int()
  .nullable()
  .transform((ms) => (ms === null ? undefined : new Date(ms)));
const optionalText = z
  .string()
  .nullable()
  .transform((text) => text ?? undefined);

export const ledgerRow = z
  .object({
    guild_id: z.string(),
    channel_id: z.string(),
    period: z.string(),
    status: z.enum(RECAP_POST_STATUSES),
    claimed_at: optionalTime,
    claim_owner: optionalText,
    attempts: z.number().int().nonnegative(),
    parts_posted: z.number().int().nonnegative(),
    message_ids: z.string().transform((json, ctx): string[] => {
      const ids = z.array(z.string()).safeParse(JSON.parse(json));
      if (ids.success) return ids.data;
      ctx.addIssue({ code: 'custom', message: `message_ids is not a list of ids: ${json}` });
      return z.NEVER;
    }),
    error: optionalText,
    retry_at: optionalTime,
    finished_at: optionalTime,
    scheduled_at: optionalTime,
  })
  .transform((row): RecapPostRecord => ({
    key: { guildId: row.guild_id, channelId: row.channel_id, period: row.period },
    status: row.status,
    claimedAt: row.claimed_at,
    claimOwner: row.claim_owner,
    attempts: row.attempts,
    partsPosted: row.parts_posted,
    messageIds: row.message_ids,
    error: row.error,
    retryAt: row.retry_at,
    finishedAt: row.finished_at,
    scheduledAt: row.scheduled_at,
  }));

const KEY_MATCHES = 'guild_id = @guildId AND channel_id = @channelId AND period = @period';
const CLAIM_IS_CURRENT = `${KEY_MATCHES} AND status = 'claimed' AND claim_owner = @owner AND attempts = @attempt`;

function claimParams(claim: RecapClaim): Record<string, string | number> {
  return { ...claim.key, owner: claim.owner, attempt: claim.attempt };
}

/** The ledger row for one period, if the period was ever claimed or skipped. */
export function getRecapPost(db: StateDb, key: RecapKey): RecapPostRecord | undefined {
  const row = db.prepare(`SELECT * FROM recap_posts WHERE ${KEY_MATCHES}`).get(key);
  return row === undefined ? undefined : ledgerRow.parse(row);
}

/** Who asks for a claim, and on what terms. */
export interface ClaimRequest {
  readonly now: Date;
  /** Names the runner, e.g. host and pid, so the ledger shows who holds a period. */
  readonly owner: string;
  /** How long the claim is honoured without progress before another runner may take it over. */
  readonly leaseMs: number;
  readonly maxAttempts?: number;
  /** When the period was due, recorded on its first claim so its retries can be found without its schedule. */
  readonly scheduledAt?: Date;
}

/**
 * Takes the right to post a period, or returns undefined when someone must
 * not post it now. Granted when the period is new; when an earlier claim's
 * lease ran out (its runner crashed between claiming and finishing); or when
 * it failed with a retry due and attempts left. Never for a posted or skipped
 * period. A crashed claim that has used every attempt is turned into a
 * failure here, so status shows it instead of a claim that never ends.
 *
 * The check and the write share one IMMEDIATE transaction: with several
 * processes on one file, exactly one of them gets each claim.
 */
export function claimRecapPeriod(db: StateDb, key: RecapKey, request: ClaimRequest): RecapClaim | undefined {
  const { now, owner, leaseMs, maxAttempts = DEFAULT_MAX_ATTEMPTS } = request;
  return db
    .transaction((): RecapClaim | undefined => {
      const existing = getRecapPost(db, key);
      if (existing === undefined) {
        db.prepare(
          `INSERT INTO recap_posts (guild_id, channel_id, period, status, claimed_at, claim_owner, attempts, scheduled_at)
           VALUES (@guildId, @channelId, @period, 'claimed', @now, @owner, 1, @scheduledAt)`,
        ).run({ ...key, now: now.getTime(), owner, scheduledAt: request.scheduledAt?.getTime() ?? null });
        return { key, owner, attempt: 1, partsPosted: 0, messageIds: [] };
      }
      if (!isClaimable(existing, now, leaseMs, maxAttempts)) return undefined;
      if (existing.attempts >= maxAttempts) {
        db.prepare(
          `UPDATE recap_posts SET status = 'failed', error = @error, retry_at = NULL, finished_at = @now WHERE ${KEY_MATCHES}`,
        ).run({
          ...key,
          now: now.getTime(),
          error: interruptedOnEveryAttempt(existing.attempts),
        });
        return undefined;
      }
      const attempt = existing.attempts + 1;
      db.prepare(
        `UPDATE recap_posts SET status = 'claimed', claimed_at = @now, claim_owner = @owner, attempts = @attempt,
           retry_at = NULL, finished_at = NULL, scheduled_at = COALESCE(scheduled_at, @scheduledAt)
         WHERE ${KEY_MATCHES}`,
      ).run({ ...key, now: now.getTime(), owner, attempt, scheduledAt: request.scheduledAt?.getTime() ?? null });
      return resumedClaim(existing, owner, attempt, request.scheduledAt, now);
    })
    .immediate();
}

/** The error a period gets when the bot stopped mid-post on every attempt it had. */
export function interruptedOnEveryAttempt(attempts: number): string {
  return `interrupted mid-post on all ${attempts} attempts (the bot stopped before finishing each time)`;
}

/**
 * The claim on a period taken over from an earlier attempt: it goes on from
 * the parts already recorded, and a part sent after the last recorded one (or
 * after the period was due) may have landed unrecorded, so the poster looks
 * for it before sending again.
 */
export function resumedClaim(
  existing: RecapPostRecord,
  owner: string,
  attempt: number,
  scheduledAt: Date | undefined,
  now: Date,
): RecapClaim {
  const lastRecorded = existing.messageIds[existing.partsPosted - 1];
  return {
    key: existing.key,
    owner,
    attempt,
    partsPosted: existing.partsPosted,
    messageIds: existing.messageIds,
    unrecordedSendAfter: {
      ...(lastRecorded !== undefined && { messageId: lastRecorded }),
      time: existing.scheduledAt ?? scheduledAt ?? existing.claimedAt ?? now,
    },
  };
}

/** Whether a row is open to a new claim (or, with no attempts left, to being closed as failed). */
export function isClaimable(existing: RecapPostRecord, now: Date, leaseMs: number, maxAttempts: number): boolean {
  switch (existing.status) {
    case 'posted':
    case 'skipped':
      return false;
    case 'claimed':
      return (existing.claimedAt?.getTime() ?? 0) + leaseMs <= now.getTime();
    case 'failed':
      return existing.attempts < maxAttempts && existing.retryAt !== undefined && existing.retryAt.getTime() <= now.getTime();
  }
}

/**
 * Renews the lease just before a message goes out, and tells whether the
 * claim is still this runner's: false once another runner took it over or
 * the period was closed because recaps moved or were turned off.
 */
export function renewClaim(db: StateDb, claim: RecapClaim, now: Date): boolean {
  return (
    db.prepare(`UPDATE recap_posts SET claimed_at = @now WHERE ${CLAIM_IS_CURRENT}`).run({ ...claimParams(claim), now: now.getTime() })
      .changes === 1
  );
}

/**
 * Records that part `partIndex` of the recap is in the channel, and renews the
 * lease. Parts are recorded in order, so a run that crashes midway resumes at
 * the first part not recorded. Returns false when the claim is no longer
 * current (its lease was taken over): the caller must stop posting.
 */
export function recordPartPosted(db: StateDb, claim: RecapClaim, partIndex: number, messageId: string, now: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE recap_posts SET parts_posted = @partIndex + 1, message_ids = json_insert(message_ids, '$[#]', @messageId),
           claimed_at = @now
         WHERE ${CLAIM_IS_CURRENT} AND parts_posted = @partIndex`,
      )
      .run({ ...claimParams(claim), partIndex, messageId, now: now.getTime() }).changes === 1
  );
}

/**
 * Closes the period as posted, with what it said (`contentKey`, e.g. the data's
 * content hash) so a later period can tell it would only repeat it. Returns
 * false when the claim is no longer current.
 */
export function markPosted(db: StateDb, claim: RecapClaim, now: Date, contentKey?: string): boolean {
  return (
    db
      .prepare(
        `UPDATE recap_posts SET status = 'posted', error = NULL, retry_at = NULL, finished_at = @now, content_key = @contentKey
         WHERE ${CLAIM_IS_CURRENT}`,
      )
      .run({ ...claimParams(claim), now: now.getTime(), contentKey: contentKey ?? null }).changes === 1
  );
}

/** Closes a claimed period without posting, with the reason status shows. Returns false when the claim is no longer current. */
export function skipClaim(db: StateDb, claim: RecapClaim, now: Date, reason: string): boolean {
  return (
    db
      .prepare(`UPDATE recap_posts SET status = 'skipped', error = @reason, retry_at = NULL, finished_at = @now WHERE ${CLAIM_IS_CURRENT}`)
      .run({ ...claimParams(claim), reason, now: now.getTime() }).changes === 1
  );
}

/** What the channel's most recent posted recap said, if it was recorded. */
export function lastPostedContentKey(db: StateDb, guildId: string, channelId: string): string | undefined {
  const row = db
    .prepare(
      `SELECT content_key FROM recap_posts WHERE guild_id = ? AND channel_id = ? AND status = 'posted'
       ORDER BY finished_at DESC LIMIT 1`,
    )
    .get(guildId, channelId) as { content_key: string | null } | undefined;
  return row?.content_key ?? undefined;
}

/**
 * Records a failed attempt and why. With `retryAt` the period may be claimed
 * again from then on (within its attempts); without it the failure is final,
 * as for a deleted channel or a missing permission. Returns false when the
 * claim is no longer current.
 */
export function markFailed(db: StateDb, claim: RecapClaim, now: Date, error: string, retryAt?: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE recap_posts SET status = 'failed', error = @error, retry_at = @retryAt, finished_at = @now
         WHERE ${CLAIM_IS_CURRENT}`,
      )
      .run({ ...claimParams(claim), error, retryAt: retryAt?.getTime() ?? null, now: now.getTime() }).changes === 1
  );
}

/**
 * Records that a period will not be posted, with the reason status shows.
 * Only a period nobody claimed can be skipped; returns whether it was.
 */
export function markSkipped(db: StateDb, key: RecapKey, now: Date, reason: string): boolean {
  return (
    db
      .prepare(
        `INSERT INTO recap_posts (guild_id, channel_id, period, status, error, finished_at)
         VALUES (@guildId, @channelId, @period, 'skipped', @reason, @now)
         ON CONFLICT DO NOTHING`,
      )
      .run({ ...key, reason, now: now.getTime() }).changes === 1
  );
}

/**
 * Gives up on a period whose grace window has passed while it still waited:
 * a failure with a retry pending, or a claim whose lease ran out. It becomes a
 * final failure, the reason appended to the last error, so status no longer
 * promises a retry. Returns whether there was such a period. `leaseNow` is
 * the clock the lease is judged by, when it is not the one `now` is read from.
 */
export function markExpired(db: StateDb, key: RecapKey, now: Date, leaseMs: number, reason: string, leaseNow = now): boolean {
  return (
    db
      .prepare(
        `UPDATE recap_posts SET status = 'failed', retry_at = NULL, finished_at = @now,
           error = CASE WHEN error IS NULL THEN @reason ELSE error || ' (' || @reason || ')' END
         WHERE ${KEY_MATCHES}
           AND ((status = 'failed' AND retry_at IS NOT NULL) OR (status = 'claimed' AND claimed_at + @leaseMs <= @leaseNow))`,
      )
      .run({ ...key, now: now.getTime(), leaseNow: leaseNow.getTime(), leaseMs, reason }).changes === 1
  );
}

/**
 * A channel's scheduled periods still waiting to be finished: a failure with
 * a retry pending, or a claim (live or abandoned). They are found by channel
 * rather than by schedule, so a moderator changing the days or the time does
 * not strand a half-posted recap. Manual posts (periods that are not a local
 * date) are left out: they get one attempt, and the moderator decides on more.
 */
export function unfinishedRecapPosts(db: StateDb, guildId: string, channelId: string): RecapPostRecord[] {
  return db
    .prepare(
      `SELECT * FROM recap_posts
       WHERE guild_id = ? AND channel_id = ? AND scheduled_at IS NOT NULL AND period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
         AND (status = 'claimed' OR (status = 'failed' AND retry_at IS NOT NULL))
       ORDER BY scheduled_at`,
    )
    .all(guildId, channelId)
    .map((row) => ledgerRow.parse(row));
}

/**
 * Ends every unfinished period of the guild outside `keepChannelId` (all of
 * them when it is undefined) as failed, with the reason status shows: the
 * recap moved away or was turned off, so a pending retry or a crashed post
 * must neither run later nor keep promising a retry. A runner still posting
 * one finds its claim gone and stops. Returns how many periods were closed.
 */
export function closeUnfinishedRecaps(db: StateDb, guildId: string, keepChannelId: string | undefined, now: Date, reason: string): number {
  return db
    .prepare(
      `UPDATE recap_posts SET status = 'failed', retry_at = NULL, finished_at = @now,
         error = CASE WHEN error IS NULL THEN @reason ELSE error || ' (' || @reason || ')' END
       WHERE guild_id = @guildId AND (@keep IS NULL OR channel_id != @keep)
         AND (status = 'claimed' OR (status = 'failed' AND retry_at IS NOT NULL))`,
    )
    .run({ guildId, keep: keepChannelId ?? null, now: now.getTime(), reason }).changes;
}

/** Every message id the ledger holds for the channel, so a history search never claims another period's message. */
export function recordedMessageIds(db: StateDb, guildId: string, channelId: string): ReadonlySet<string> {
  const rows = db
    .prepare(
      `SELECT ids.value AS id FROM recap_posts, json_each(recap_posts.message_ids) AS ids
       WHERE recap_posts.guild_id = ? AND recap_posts.channel_id = ?`,
    )
    .all(guildId, channelId) as { id: string }[];
  return new Set(rows.map((row) => row.id));
}

/** The guild's most recently finished period with this status, in any channel it has used. */
export function latestRecapPost(db: StateDb, guildId: string, status: Exclude<RecapPostStatus, 'claimed'>): RecapPostRecord | undefined {
  const row = db
    .prepare(
      `SELECT * FROM recap_posts WHERE guild_id = ? AND status = ?
       ORDER BY finished_at DESC, period DESC LIMIT 1`,
    )
    .get(guildId, status);
  return row === undefined ? undefined : ledgerRow.parse(row);
}
