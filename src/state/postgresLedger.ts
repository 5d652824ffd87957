import { z } from 'zod';
import {
  DEFAULT_MAX_ATTEMPTS,
  interruptedOnEveryAttempt,
  isClaimable,
  ledgerRow,
  resumedClaim,
  type RecapClaim,
  type RecapKey,
} from '../schedule/recapLedger';
import { isReadableSubscription, readSubscriptionRow, type RecapSubscription, type UnreadableSubscription } from '../schedule/subscriptionStore';
import { DB_NOW_MS, type Sql } from './postgresSql';
import type { RecapLedger } from './recapLedger';
import type { Subscriptions } from './subscriptions';

/** The recap ledger and the subscriptions on PostgreSQL, with the same rules as the SQLite code in src/schedule. */

const KEY = 'guild_id = $1 AND channel_id = $2 AND period = $3';
/** With the claim's values at $1–$5: key, owner, attempt. */
const CLAIM_IS_CURRENT = `${KEY} AND status = 'claimed' AND claim_owner = $4 AND attempts = $5`;
const UNFINISHED = `(status = 'claimed' OR (status = 'failed' AND retry_at IS NOT NULL))`;
/** The row's error with `reason` (the parameter named) appended, or `reason` alone. */
function appendReason(reason: string): string {
  return `CASE WHEN error IS NULL THEN ${reason} ELSE error || ' (' || ${reason} || ')' END`;
}

function keyValues(key: RecapKey): unknown[] {
  return [key.guildId, key.channelId, key.period];
}

function claimValues(claim: RecapClaim): unknown[] {
  return [...keyValues(claim.key), claim.owner, claim.attempt];
}

/** The database's clock, read in the claim's own statement. */
const dbNow = z.object({ db_now: z.number().int() });

export function postgresLedger(sql: Sql): RecapLedger {
  const get = async (key: RecapKey) => {
    const [row] = await sql.rows(`SELECT * FROM recap_posts WHERE ${KEY}`, keyValues(key));
    return row === undefined ? undefined : ledgerRow.parse(row);
  };
  const changedOne = async (text: string, values: unknown[]) => (await sql.count(text, values)) === 1;

  return {
    get,
    // The insert waits for a concurrent insert of the same key and then does nothing; an existing row is taken with
    // FOR UPDATE SKIP LOCKED, so of two runners competing for it the second gives up at once instead of queueing.
    claim: (key, request) =>
      sql.atomic(async (tx): Promise<RecapClaim | undefined> => {
        const { owner, leaseMs, maxAttempts = DEFAULT_MAX_ATTEMPTS } = request;
        const scheduledAt = request.scheduledAt?.getTime() ?? null;
        const inserted = await tx.count(
          `INSERT INTO recap_posts (guild_id, channel_id, period, status, claimed_at, claim_owner, attempts, scheduled_at)
           VALUES ($1, $2, $3, 'claimed', ${DB_NOW_MS}, $4, 1, $5) ON CONFLICT DO NOTHING`,
          [...keyValues(key), owner, scheduledAt],
        );
        if (inserted === 1) return { key, owner, attempt: 1, partsPosted: 0, messageIds: [] };
        const [row] = await tx.rows(`SELECT *, ${DB_NOW_MS} AS db_now FROM recap_posts WHERE ${KEY} FOR UPDATE SKIP LOCKED`, keyValues(key));
        if (row === undefined) return undefined;
        const existing = ledgerRow.parse(row);
        const now = new Date(dbNow.parse(row).db_now);
        if (!isClaimable(existing, now, leaseMs, maxAttempts)) return undefined;
        if (existing.attempts >= maxAttempts) {
          await tx.count(
            `UPDATE recap_posts SET status = 'failed', error = $4, retry_at = NULL, finished_at = ${DB_NOW_MS} WHERE ${KEY}`,
            [...keyValues(key), interruptedOnEveryAttempt(existing.attempts)],
          );
          return undefined;
        }
        const attempt = existing.attempts + 1;
        await tx.count(
          `UPDATE recap_posts SET status = 'claimed', claimed_at = ${DB_NOW_MS}, claim_owner = $4, attempts = $5,
             retry_at = NULL, finished_at = NULL, scheduled_at = COALESCE(scheduled_at, $6)
           WHERE ${KEY}`,
          [...keyValues(key), owner, attempt, scheduledAt],
        );
        return resumedClaim(existing, owner, attempt, request.scheduledAt, now);
      }),
    renew: (claim) => changedOne(`UPDATE recap_posts SET claimed_at = ${DB_NOW_MS} WHERE ${CLAIM_IS_CURRENT}`, claimValues(claim)),
    recordPart: (claim, partIndex, messageId) =>
      changedOne(
        `UPDATE recap_posts SET parts_posted = $6 + 1, message_ids = (message_ids::jsonb || jsonb_build_array($7::text))::text,
           claimed_at = ${DB_NOW_MS}
         WHERE ${CLAIM_IS_CURRENT} AND parts_posted = $6`,
        [...claimValues(claim), partIndex, messageId],
      ),
    markPosted: (claim, now, contentKey) =>
      changedOne(
        `UPDATE recap_posts SET status = 'posted', error = NULL, retry_at = NULL, finished_at = $6, content_key = $7
         WHERE ${CLAIM_IS_CURRENT}`,
        [...claimValues(claim), now.getTime(), contentKey ?? null],
      ),
    skipClaim: (claim, now, reason) =>
      changedOne(
        `UPDATE recap_posts SET status = 'skipped', error = $6, retry_at = NULL, finished_at = $7 WHERE ${CLAIM_IS_CURRENT}`,
        [...claimValues(claim), reason, now.getTime()],
      ),
    markFailed: (claim, now, error, retryAt) =>
      changedOne(
        `UPDATE recap_posts SET status = 'failed', error = $6, retry_at = $7, finished_at = $8 WHERE ${CLAIM_IS_CURRENT}`,
        [...claimValues(claim), error, retryAt?.getTime() ?? null, now.getTime()],
      ),
    markSkipped: (key, now, reason) =>
      changedOne(
        `INSERT INTO recap_posts (guild_id, channel_id, period, status, error, finished_at)
         VALUES ($1, $2, $3, 'skipped', $4, $5) ON CONFLICT DO NOTHING`,
        [...keyValues(key), reason, now.getTime()],
      ),
    markExpired: (key, now, leaseMs, reason) =>
      changedOne(
        `UPDATE recap_posts SET status = 'failed', retry_at = NULL, finished_at = $4, error = ${appendReason('$5')}
         WHERE ${KEY} AND ((status = 'failed' AND retry_at IS NOT NULL) OR (status = 'claimed' AND claimed_at + $6 <= ${DB_NOW_MS}))`,
        [...keyValues(key), now.getTime(), reason, leaseMs],
      ),
    lastPostedContentKey: async (guildId, channelId) => {
      const [row] = await sql.rows(
        `SELECT content_key FROM recap_posts WHERE guild_id = $1 AND channel_id = $2 AND status = 'posted'
         ORDER BY finished_at DESC NULLS LAST LIMIT 1`,
        [guildId, channelId],
      );
      return row === undefined ? undefined : (z.object({ content_key: z.string().nullable() }).parse(row).content_key ?? undefined);
    },
    unfinished: async (guildId, channelId) =>
      (
        await sql.rows(
          `SELECT * FROM recap_posts
           WHERE guild_id = $1 AND channel_id = $2 AND scheduled_at IS NOT NULL AND period ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
             AND ${UNFINISHED}
           ORDER BY scheduled_at`,
          [guildId, channelId],
        )
      ).map((row) => ledgerRow.parse(row)),
    closeUnfinished: (guildId, keepChannelId, now, reason) => closeUnfinished(sql, guildId, keepChannelId, now, reason),
    recordedMessageIds: async (guildId, channelId) => {
      const rows = await sql.rows(
        `SELECT jsonb_array_elements_text(message_ids::jsonb) AS id FROM recap_posts WHERE guild_id = $1 AND channel_id = $2`,
        [guildId, channelId],
      );
      return new Set(z.array(z.object({ id: z.string() })).parse(rows).map((row) => row.id));
    },
    latest: async (guildId, status) => {
      const [row] = await sql.rows(
        `SELECT * FROM recap_posts WHERE guild_id = $1 AND status = $2
         ORDER BY finished_at DESC NULLS LAST, period COLLATE "C" DESC LIMIT 1`,
        [guildId, status],
      );
      return row === undefined ? undefined : ledgerRow.parse(row);
    },
  };
}

function closeUnfinished(sql: Sql, guildId: string, keepChannelId: string | undefined, now: Date, reason: string): Promise<number> {
  return sql.count(
    `UPDATE recap_posts SET status = 'failed', retry_at = NULL, finished_at = $3, error = ${appendReason('$4')}
     WHERE guild_id = $1 AND ($2::text IS NULL OR channel_id <> $2) AND ${UNFINISHED}`,
    [guildId, keepChannelId ?? null, now.getTime(), reason],
  );
}

function readSubscription(row: unknown, what: string): RecapSubscription {
  const read = readSubscriptionRow(row);
  if (!isReadableSubscription(read)) throw new Error(`${what}: ${read.problem}`);
  return read;
}

export function postgresSubscriptions(sql: Sql): Subscriptions {
  return {
    save: (choice, now) =>
      sql.atomic(async (tx) => {
        await closeUnfinished(tx, choice.guildId, choice.channelId, now, 'the recap moved to another channel');
        const [row] = await tx.rows(
          `INSERT INTO subscriptions AS s (guild_id, channel_id, days, time, time_zone, created_at, updated_at, set_by)
           VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
           ON CONFLICT (guild_id) DO UPDATE SET
             updated_at = CASE
               WHEN (s.channel_id, s.days, s.time, s.time_zone) = (excluded.channel_id, excluded.days, excluded.time, excluded.time_zone)
               THEN s.updated_at ELSE excluded.updated_at END,
             channel_id = excluded.channel_id,
             days = excluded.days,
             time = excluded.time,
             time_zone = excluded.time_zone,
             set_by = excluded.set_by
           RETURNING *`,
          [
            choice.guildId,
            choice.channelId,
            choice.schedule.days.join(','),
            choice.schedule.time,
            choice.schedule.timeZone,
            now.getTime(),
            choice.setBy,
          ],
        );
        return readSubscription(row, `subscription for guild ${choice.guildId} did not read back`);
      }),
    get: async (guildId) => {
      const [row] = await sql.rows('SELECT * FROM subscriptions WHERE guild_id = $1', [guildId]);
      return row === undefined ? undefined : readSubscription(row, `stored subscription for guild ${guildId} is unreadable`);
    },
    any: async () => (await sql.rows('SELECT 1 FROM subscriptions LIMIT 1')).length > 0,
    list: async () => {
      const reads = (await sql.rows('SELECT * FROM subscriptions ORDER BY guild_id COLLATE "C"')).map(readSubscriptionRow);
      return {
        subscriptions: reads.filter(isReadableSubscription),
        unreadable: reads.filter((read): read is UnreadableSubscription => !isReadableSubscription(read)),
      };
    },
    removeGuild: (guildId, now, reason) =>
      sql.atomic(async (tx) => {
        await closeUnfinished(tx, guildId, undefined, now, reason);
        return (await tx.count('DELETE FROM subscriptions WHERE guild_id = $1', [guildId])) > 0;
      }),
  };
}
