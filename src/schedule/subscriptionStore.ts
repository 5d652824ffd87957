import { z } from 'zod';
import type { StateDb } from './openStateDb';
import { closeUnfinishedRecaps } from './recapLedger';
import { recapScheduleSchema, type RecapSchedule } from './recapSchedule';

/**
 * A server's choice of where and when its weekly recap posts. One per guild:
 * a server picks one recap channel, and setting another moves the recap.
 */
export interface RecapSubscription {
  readonly guildId: string;
  readonly channelId: string;
  readonly schedule: RecapSchedule;
  readonly createdAt: Date;
  /** When the channel or schedule last changed; only occurrences after it are claimed anew (older unfinished ones are still finished). */
  readonly updatedAt: Date;
  /** The user id of the moderator who last set it. */
  readonly setBy: string;
}

/** What a moderator chooses with `/recaps set`. */
export type SubscriptionChoice = Pick<RecapSubscription, 'guildId' | 'channelId' | 'schedule' | 'setBy'>;

/** A stored row that no longer reads as a subscription (hand-edited, or a zone the runtime dropped). */
export interface UnreadableSubscription {
  readonly guildId: string;
  readonly problem: string;
}

const subscriptionRow = z
  .object({
    guild_id: z.string().min(1),
    channel_id: z.string().min(1),
    days: z.string(),
    time: z.string(),
    time_zone: z.string(),
    created_at: z.number().int(),
    updated_at: z.number().int(),
    set_by: z.string(),
  })
  .transform((row, ctx): RecapSubscription => {
    const schedule = recapScheduleSchema.safeParse({
      days: row.days.split(','),
      time: row.time,
      timeZone: row.time_zone,
    });
    if (!schedule.success) {
      ctx.addIssue({ code: 'custom', message: z.prettifyError(schedule.error) });
      return z.NEVER;
    }
    return {
      guildId: row.guild_id,
      channelId: row.channel_id,
      schedule: schedule.data,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      setBy: row.set_by,
    };
  });

/** A stored row as a subscription, or why it does not read as one; both engines store the same columns. */
export function readSubscriptionRow(row: unknown): RecapSubscription | UnreadableSubscription {
  const parsed = subscriptionRow.safeParse(row);
  if (parsed.success) return parsed.data;
  const guildId = z.object({ guild_id: z.string() }).safeParse(row);
  return {
    guildId: guildId.success ? guildId.data.guild_id : '?',
    problem: z.prettifyError(parsed.error),
  };
}

export function isReadableSubscription(read: RecapSubscription | UnreadableSubscription): read is RecapSubscription {
  return 'schedule' in read;
}

/**
 * Sets a guild's recap channel and schedule, replacing any earlier choice.
 * Setting exactly what is already stored keeps `updatedAt`, so re-running
 * `/recaps set` after a missed post does not hide that post from catch-up.
 * Moving to another channel ends what the old channel was still owed.
 */
export function saveSubscription(db: StateDb, choice: SubscriptionChoice, now: Date): RecapSubscription {
  return db.transaction(() => {
    closeUnfinishedRecaps(db, choice.guildId, choice.channelId, now, 'the recap moved to another channel');
    return upsertSubscription(db, choice, now);
  })();
}

function upsertSubscription(db: StateDb, choice: SubscriptionChoice, now: Date): RecapSubscription {
  const row = db
    .prepare(
      `INSERT INTO subscriptions (guild_id, channel_id, days, time, time_zone, created_at, updated_at, set_by)
       VALUES (@guildId, @channelId, @days, @time, @timeZone, @now, @now, @setBy)
       ON CONFLICT (guild_id) DO UPDATE SET
         updated_at = CASE
           WHEN (channel_id, days, time, time_zone) = (excluded.channel_id, excluded.days, excluded.time, excluded.time_zone)
           THEN updated_at ELSE excluded.updated_at END,
         channel_id = excluded.channel_id,
         days = excluded.days,
         time = excluded.time,
         time_zone = excluded.time_zone,
         set_by = excluded.set_by
       RETURNING *`,
    )
    .get({
      guildId: choice.guildId,
      channelId: choice.channelId,
      days: choice.schedule.days.join(','),
      time: choice.schedule.time,
      timeZone: choice.schedule.timeZone,
      now: now.getTime(),
      setBy: choice.setBy,
    });
  const read = readSubscriptionRow(row);
  if (!isReadableSubscription(read)) throw new Error(`subscription for guild ${choice.guildId} did not read back: ${read.problem}`);
  return read;
}

/** The guild's subscription, undefined when recaps are off; throws if the stored row is unreadable. */
export function getSubscription(db: StateDb, guildId: string): RecapSubscription | undefined {
  const row = db.prepare('SELECT * FROM subscriptions WHERE guild_id = ?').get(guildId);
  if (row === undefined) return undefined;
  const read = readSubscriptionRow(row);
  if (!isReadableSubscription(read)) throw new Error(`stored subscription for guild ${guildId} is unreadable: ${read.problem}`);
  return read;
}

/** Whether any server has recaps scheduled, readable or not. */
export function hasSubscriptions(db: StateDb): boolean {
  return db.prepare('SELECT 1 FROM subscriptions LIMIT 1').get() !== undefined;
}

/** Every subscription, with unreadable rows set apart so one bad row cannot stop the others. */
export function listSubscriptions(db: StateDb): {
  readonly subscriptions: readonly RecapSubscription[];
  readonly unreadable: readonly UnreadableSubscription[];
} {
  const reads = db.prepare('SELECT * FROM subscriptions ORDER BY guild_id').all().map(readSubscriptionRow);
  return {
    subscriptions: reads.filter(isReadableSubscription),
    unreadable: reads.filter((read): read is UnreadableSubscription => !isReadableSubscription(read)),
  };
}

/**
 * Forgets a guild's subscription, for `/recaps off` and when the bot is
 * removed from the server, and ends its unfinished periods with `reason`. The
 * ledger keeps its history, so a guild that comes back is never re-sent a
 * period it already had. Returns whether there was a subscription.
 */
export function removeGuild(db: StateDb, guildId: string, now: Date, reason: string): boolean {
  return db.transaction(() => {
    closeUnfinishedRecaps(db, guildId, undefined, now, reason);
    return db.prepare('DELETE FROM subscriptions WHERE guild_id = ?').run(guildId).changes > 0;
  })();
}
