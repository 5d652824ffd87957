import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrateStateDb } from './migrations';

/** The bot's SQLite state: recap subscriptions and the recap ledger. */
export type StateDb = Database;

/** How long a write waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the bot's state database and brings its schema up
 * to date. WAL and a busy timeout let several processes share one file: readers
 * never block the writer, and a writer waits its turn instead of failing.
 * `:memory:` gives a private database for tests.
 */
export function openStateDb(path: string): StateDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable in WAL mode except for the last commits before a power cut; the ledger's nonces cover that.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrateStateDb(db);
  return db;
}
