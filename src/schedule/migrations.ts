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
 *
 * Snapshot versions are never changed or deleted: publishing, a changed
 * `DATA_DIR` folder or a rollback only moves which version of a date is in
 * `snapshots_in_service`, and a date with no row there is out of service.
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
  {
    name: 'published snapshot versions, data drafts and the data audit',
    sql: `
      CREATE TABLE snapshot_versions (
        as_of           TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        version         INTEGER NOT NULL CHECK (version >= 1),
        figures         TEXT NOT NULL,
        narrative       TEXT,
        content_hash    TEXT NOT NULL CHECK (length(content_hash) = 64),
        figure_count    INTEGER NOT NULL CHECK (figure_count >= 0),
        source_count    INTEGER NOT NULL CHECK (source_count >= 0),
        narrative_count INTEGER NOT NULL CHECK (narrative_count >= 0),
        origin          TEXT NOT NULL CHECK (origin IN ('import', 'data-dir')),
        created_by      TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        PRIMARY KEY (as_of, version)
      ) STRICT;

      CREATE TABLE snapshots_in_service (
        as_of      TEXT PRIMARY KEY,
        version    INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        changed_at INTEGER NOT NULL,
        FOREIGN KEY (as_of, version) REFERENCES snapshot_versions (as_of, version)
      ) STRICT;

      CREATE TABLE data_dir_imports (
        as_of        TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
        imported_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE data_drafts (
        id                TEXT PRIMARY KEY,
        owner             TEXT NOT NULL,
        created_at        INTEGER NOT NULL,
        expires_at        INTEGER NOT NULL CHECK (expires_at > created_at),
        kind              TEXT NOT NULL CHECK (kind IN ('article', 'figures')),
        file_name         TEXT NOT NULL,
        as_of             TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        figures           TEXT NOT NULL,
        narrative         TEXT,
        content_hash      TEXT NOT NULL CHECK (length(content_hash) = 64),
        review            TEXT NOT NULL CHECK (json_valid(review)),
        status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'published', 'discarded')),
        closed_by         TEXT,
        closed_at         INTEGER,
        published_version INTEGER,
        CHECK ((status = 'open') = (closed_by IS NULL AND closed_at IS NULL)),
        CHECK ((status = 'published') = (published_version IS NOT NULL))
      ) STRICT;

      CREATE INDEX data_drafts_by_expiry ON data_drafts (expires_at);

      CREATE TABLE data_audit (
        id           INTEGER PRIMARY KEY,
        at           INTEGER NOT NULL,
        actor        TEXT NOT NULL,
        action       TEXT NOT NULL CHECK (action IN ('import', 'publish', 'rollback', 'remove', 'reload', 'discard')),
        as_of        TEXT,
        version      INTEGER,
        content_hash TEXT,
        counts       TEXT CHECK (counts IS NULL OR json_valid(counts)),
        outcome      TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
        detail       TEXT
      ) STRICT;

      CREATE INDEX data_audit_by_date ON data_audit (as_of, id);
      CREATE INDEX data_audit_by_action ON data_audit (action, id);
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
