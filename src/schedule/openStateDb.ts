import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrateStateDb, migrations } from './migrations';

/** The bot's SQLite state: recap subscriptions and the recap ledger. */
export type StateDb = Database;

/**
 * How long a statement waits for another process's lock, inside SQLite. The
 * wait is synchronous and blocks the whole event loop, so it stays a few
 * milliseconds; longer waits are asynchronous, in {@link whenUnlocked}.
 */
export const BUSY_TIMEOUT_MS = 5;

/** At start-up nothing else runs yet, so opening may wait in SQLite for another process's migration. */
const OPENING_BUSY_TIMEOUT_MS = 5_000;

/** Why the state file cannot be used, phrased to follow its path ("state/x.sqlite: is not a SQLite database"). */
export class StateDbOpenError extends Error {
  override readonly name = 'StateDbOpenError';
}

/** The state database stayed locked by another process for longer than the caller could wait. */
export class StateDbBusyError extends Error {
  override readonly name = 'StateDbBusyError';
  constructor(waitedMs: number) {
    super(`the state database stayed locked by another process for ${waitedMs} ms`);
  }
}

/** Whether SQLite refused because another connection holds a lock: trying again later can succeed. */
export function isBusyError(error: unknown): boolean {
  return error instanceof BetterSqlite3.SqliteError && (error.code === 'SQLITE_BUSY' || error.code.startsWith('SQLITE_BUSY_'));
}

/**
 * Opens (creating if needed) the bot's state database and brings its schema up
 * to date. WAL lets several processes share one file: readers never block the
 * writer. A database of a newer schema is refused before anything is written
 * to it, not even the switch to WAL. `:memory:` gives a private database for
 * tests. Throws {@link StateDbOpenError} for a file that cannot be used.
 */
export function openStateDb(path: string): StateDb {
  if (path !== ':memory:') checkStatePath(path);
  let db: StateDb;
  try {
    db = new BetterSqlite3(path);
  } catch (error) {
    throw openError(error);
  }
  try {
    db.pragma(`busy_timeout = ${OPENING_BUSY_TIMEOUT_MS}`);
    const version = db.pragma('user_version', { simple: true });
    if (typeof version === 'number' && version > migrations.length) {
      throw new StateDbOpenError(
        `was written by a newer version (schema ${version}, this build knows ${migrations.length}); refusing to start`,
      );
    }
    db.pragma('journal_mode = WAL');
    // NORMAL is durable in WAL mode except for the last commits before a power cut; the ledger's nonces cover that.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrateStateDb(db);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (error) {
    db.close();
    throw openError(error);
  }
}

/** Creates the folder and checks the file can be read and written, so the error names the cause (EACCES, ENOTDIR). */
function checkStatePath(path: string): void {
  try {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      // Node reports a file where a folder should be as EEXIST; the cause is ENOTDIR.
      throw (error as NodeJS.ErrnoException).code === 'EEXIST' ? new StateDbOpenError('cannot open (ENOTDIR)') : error;
    }
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) {
      accessSync(dirname(path), constants.W_OK);
      return;
    }
    if (!stats.isFile()) throw new StateDbOpenError(stats.isDirectory() ? 'is a directory, not a file' : 'is not a regular file');
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw openError(error);
  }
}

const SQLITE_PROBLEMS: Readonly<Record<string, string>> = {
  SQLITE_NOTADB: 'is not a SQLite database',
  SQLITE_CORRUPT: 'is corrupt',
  SQLITE_READONLY: 'is read-only',
  SQLITE_BUSY: `stayed locked by another process for ${OPENING_BUSY_TIMEOUT_MS / 1000} s`,
  SQLITE_FULL: 'cannot be written: the disk is full',
};

function openError(error: unknown): StateDbOpenError {
  if (error instanceof StateDbOpenError) return error;
  if (error instanceof BetterSqlite3.SqliteError) {
    const base = error.code.replace(/_[A-Z]+$/, '');
    return new StateDbOpenError(SQLITE_PROBLEMS[error.code] ?? SQLITE_PROBLEMS[base] ?? `cannot open (${error.code}: ${error.message})`);
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return new StateDbOpenError(`cannot open (${code})`);
  return new StateDbOpenError(`cannot open (${error instanceof Error ? error.message : String(error)})`);
}

/**
 * Resolves after `ms`. The timer keeps the process alive: a caller awaits the
 * call, and a process with nothing else to do (a script, a tick run alone)
 * would otherwise exit in the middle of it. The wait is bounded by its timeout.
 */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The first pause after a busy refusal; each next one doubles, up to {@link LONGEST_PAUSE_MS}. */
const FIRST_PAUSE_MS = 5;
const LONGEST_PAUSE_MS = 200;

/**
 * Runs `work` (one statement or one transaction on the state database) and,
 * while another process's lock refuses it, runs it again after a growing
 * pause, for up to `timeoutMs` in all. The waiting is asynchronous, so the
 * event loop keeps answering. Retrying is safe because a refused statement or
 * transaction changed nothing. Throws {@link StateDbBusyError} when the lock
 * outlasts the wait; any other error at once.
 */
export async function whenUnlocked<T>(work: () => T, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (let pauseMs = FIRST_PAUSE_MS; ; pauseMs = Math.min(pauseMs * 2, LONGEST_PAUSE_MS)) {
    try {
      return work();
    } catch (error) {
      if (!isBusyError(error)) throw error;
      const waited = Date.now() - started;
      if (waited >= timeoutMs) throw new StateDbBusyError(waited);
      await pause(Math.min(pauseMs, timeoutMs - waited));
    }
  }
}
