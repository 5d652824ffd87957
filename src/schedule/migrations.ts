import type { Database } from 'better-sqlite3';

/** One step of the state database's schema; its position in {@link migrations} is its version. */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}

/**
 * The state database's schema history, applied in order. Append only: a
 * released step is never edited, because databases already past it would
 * never see the change.
 *
 * Timestamps are Unix milliseconds. One subscription per guild: a server picks
 * one recap channel, and choosing another moves the recap there. The ledger is
 * keyed by (guild, channel, period) and keeps no foreign key to
 * subscriptions, so its history survives `/recaps off` and the bot leaving.
 */
export const migrations: readonly Migration[] = [
  {
    name: 'subscriptions and the recap ledger',
    sql: `
      CREATE TABLE subscriptions (
        guild_id   TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL,
        days       TEXT NOT NULL,
        time       TEXT NOT NULL,
        time_zone  TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        set_by     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE recap_posts (
        guild_id     TEXT NOT NULL,
        channel_id   TEXT NOT NULL,
        period       TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'failed', 'skipped')),
        claimed_at   INTEGER,
        claim_owner  TEXT,
        attempts     INTEGER NOT NULL DEFAULT 0,
        parts_posted INTEGER NOT NULL DEFAULT 0,
        message_ids  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(message_ids)),
        error        TEXT,
        retry_at     INTEGER,
        finished_at  INTEGER,
        PRIMARY KEY (guild_id, channel_id, period)
      ) STRICT;

      CREATE INDEX recap_posts_by_guild_and_finish ON recap_posts (guild_id, status, finished_at);
    `,
  },
  {
    name: 'what each posted recap said',
    sql: `
      ALTER TABLE recap_posts ADD COLUMN content_key TEXT;
      CREATE INDEX recap_posts_by_channel_and_finish ON recap_posts (guild_id, channel_id, status, finished_at);
    `,
  },
  {
    name: 'when each period was due',
    sql: `
      ALTER TABLE recap_posts ADD COLUMN scheduled_at INTEGER;
    `,
  },
];

/**
 * Brings the database up to the latest schema, tracked in `PRAGMA
 * user_version`. The check and the steps run in one IMMEDIATE transaction, so
 * when two processes start on one file the second waits and then finds
 * nothing to do; running it again is a no-op.
 */
export function migrateStateDb(db: Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true });
    if (typeof version !== 'number' || version > migrations.length) {
      throw new Error(
        `state database is at schema version ${String(version)}, newer than this build knows (${migrations.length}); refusing to touch it`,
      );
    }
    for (const migration of migrations.slice(version)) db.exec(migration.sql);
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
