import type { PoolClient } from 'pg';
import type { Migration } from '../schedule/migrations';

/**
 * The PostgreSQL schema's history, applied in order; its position is its
 * version, kept in `state_schema`. Append only, as for SQLite: a released
 * step is never edited. The tables hold what the SQLite ones hold, column for
 * column (times are Unix milliseconds), so both engines read a row the same
 * way. Text that is ordered is compared with COLLATE "C" in the queries, as
 * SQLite compares bytes.
 */
export const postgresMigrations: readonly Migration[] = [
  {
    name: 'subscriptions, the recap ledger, published snapshot versions, data drafts and the data audit',
    sql: `
      CREATE TABLE subscriptions (
        guild_id   TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL,
        days       TEXT NOT NULL,
        time       TEXT NOT NULL,
        time_zone  TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        set_by     TEXT NOT NULL
      );

      CREATE TABLE recap_posts (
        guild_id     TEXT NOT NULL,
        channel_id   TEXT NOT NULL,
        period       TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'failed', 'skipped')),
        claimed_at   BIGINT,
        claim_owner  TEXT,
        attempts     INTEGER NOT NULL DEFAULT 0,
        parts_posted INTEGER NOT NULL DEFAULT 0,
        message_ids  TEXT NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(message_ids::jsonb) = 'array'),
        error        TEXT,
        retry_at     BIGINT,
        finished_at  BIGINT,
        content_key  TEXT,
        scheduled_at BIGINT,
        PRIMARY KEY (guild_id, channel_id, period)
      );

      CREATE INDEX recap_posts_by_guild_and_finish ON recap_posts (guild_id, status, finished_at);
      CREATE INDEX recap_posts_by_channel_and_finish ON recap_posts (guild_id, channel_id, status, finished_at);

      CREATE TABLE snapshot_versions (
        as_of           TEXT NOT NULL CHECK (as_of ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        version         INTEGER NOT NULL CHECK (version >= 1),
        figures         TEXT NOT NULL,
        narrative       TEXT,
        content_hash    TEXT NOT NULL CHECK (length(content_hash) = 64),
        figure_count    INTEGER NOT NULL CHECK (figure_count >= 0),
        source_count    INTEGER NOT NULL CHECK (source_count >= 0),
        narrative_count INTEGER NOT NULL CHECK (narrative_count >= 0),
        origin          TEXT NOT NULL CHECK (origin IN ('import', 'data-dir')),
        created_by      TEXT NOT NULL,
        created_at      BIGINT NOT NULL,
        PRIMARY KEY (as_of, version)
      );

      CREATE TABLE snapshots_in_service (
        as_of      TEXT PRIMARY KEY,
        version    INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        changed_at BIGINT NOT NULL,
        FOREIGN KEY (as_of, version) REFERENCES snapshot_versions (as_of, version)
      );

      CREATE TABLE data_dir_imports (
        as_of        TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
        imported_at  BIGINT NOT NULL
      );

      CREATE TABLE data_drafts (
        id                TEXT PRIMARY KEY,
        owner             TEXT NOT NULL,
        created_at        BIGINT NOT NULL,
        expires_at        BIGINT NOT NULL CHECK (expires_at > created_at),
        kind              TEXT NOT NULL CHECK (kind IN ('article', 'figures')),
        file_name         TEXT NOT NULL,
        as_of             TEXT NOT NULL CHECK (as_of ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        figures           TEXT NOT NULL,
        narrative         TEXT,
        content_hash      TEXT NOT NULL CHECK (length(content_hash) = 64),
        review            TEXT NOT NULL CHECK (jsonb_typeof(review::jsonb) = 'object'),
        status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'published', 'discarded')),
        closed_by         TEXT,
        closed_at         BIGINT,
        published_version INTEGER,
        CHECK ((status = 'open') = (closed_by IS NULL AND closed_at IS NULL)),
        CHECK ((status = 'published') = (published_version IS NOT NULL))
      );

      CREATE INDEX data_drafts_by_expiry ON data_drafts (expires_at);

      CREATE TABLE data_audit (
        id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at           BIGINT NOT NULL,
        actor        TEXT NOT NULL,
        action       TEXT NOT NULL CHECK (action IN ('import', 'publish', 'rollback', 'remove', 'reload', 'discard')),
        as_of        TEXT,
        version      INTEGER,
        content_hash TEXT,
        counts       TEXT CHECK (counts IS NULL OR jsonb_typeof(counts::jsonb) = 'object'),
        outcome      TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
        detail       TEXT
      );

      CREATE INDEX data_audit_by_date ON data_audit (as_of, id);
      CREATE INDEX data_audit_by_action ON data_audit (action, id);
    `,
  },
];

/** Every process migrating one database takes this lock first, so the second to start waits and then finds nothing to do. */
const MIGRATION_LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))';

/** The database's schema version is newer than this build knows. */
export class NewerSchemaError extends Error {
  override readonly name = 'NewerSchemaError';
}

/**
 * Brings the database up to the latest schema in one transaction, under an
 * advisory lock; running it again is a no-op. A database of a newer schema
 * is refused before anything is written to it.
 */
export async function migratePostgres(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(MIGRATION_LOCK, ['briefing-desk state schema']);
    await client.query('CREATE TABLE IF NOT EXISTS state_schema (version INTEGER NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM state_schema');
    const version = found.rows[0]?.version ?? 0;
    if (version > postgresMigrations.length) {
      throw new NewerSchemaError(
        `was written by a newer version (schema ${version}, this build knows ${postgresMigrations.length}); refusing to start`,
      );
    }
    for (const migration of postgresMigrations.slice(version)) await client.query(migration.sql);
    if (found.rows.length === 0) await client.query('INSERT INTO state_schema (version) VALUES ($1)', [postgresMigrations.length]);
    else await client.query('UPDATE state_schema SET version = $1', [postgresMigrations.length]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
