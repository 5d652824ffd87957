import { auditOf, recordAudit } from '../publishing/dataAudit';
import { deleteStaleDrafts, getDraft, markDiscarded, markPublished, saveDraft } from '../publishing/dataDrafts';
import {
  addVersion,
  hasVersions,
  inServiceFor,
  lastFolderImport,
  listInService,
  listVersions,
  putInService,
  recordFolderImport,
  takeOutOfService,
  versionText,
} from '../publishing/snapshotVersions';
import { openStateDb, whenUnlocked, type StateDb } from '../schedule/openStateDb';
import {
  claimRecapPeriod,
  closeUnfinishedRecaps,
  getRecapPost,
  lastPostedContentKey,
  latestRecapPost,
  markExpired,
  markFailed,
  markPosted,
  markSkipped,
  recordedMessageIds,
  recordPartPosted,
  renewClaim,
  skipClaim,
  unfinishedRecapPosts,
} from '../schedule/recapLedger';
import { getSubscription, hasSubscriptions, listSubscriptions, removeGuild, saveSubscription } from '../schedule/subscriptionStore';
import type { StateAccess, StateStore } from './stateStore';

/**
 * How long a call waits for another process's lock on the file before it
 * fails with `StateDbBusyError`: short enough that a command waiting on it
 * still answers within the 3 s Discord gives an interaction, saying the state
 * is busy. A recap fan-out that gives up there resumes after its lease.
 */
export const SQLITE_STATE_WAIT_MS = 2_000;

export interface SqliteStateOptions {
  /** The lease clock (see RecapLedger); the host's, since every process on one file shares the host. */
  readonly clock?: () => Date;
  readonly waitMs?: number;
}

/** Runs one synchronous piece of work on the database and hands back its result. */
type Run = <T>(work: (db: StateDb) => T) => Promise<T>;

function accessOver(run: Run, clock: () => Date): StateAccess {
  return {
    subscriptions: {
      save: (choice, now) => run((db) => saveSubscription(db, choice, now)),
      get: (guildId) => run((db) => getSubscription(db, guildId)),
      any: () => run((db) => hasSubscriptions(db)),
      list: () => run((db) => listSubscriptions(db)),
      removeGuild: (guildId, now, reason) => run((db) => removeGuild(db, guildId, now, reason)),
    },
    ledger: {
      get: (key) => run((db) => getRecapPost(db, key)),
      claim: (key, request) => run((db) => claimRecapPeriod(db, key, { ...request, now: clock() })),
      renew: (claim) => run((db) => renewClaim(db, claim, clock())),
      recordPart: (claim, partIndex, messageId) => run((db) => recordPartPosted(db, claim, partIndex, messageId, clock())),
      markPosted: (claim, now, contentKey) => run((db) => markPosted(db, claim, now, contentKey)),
      skipClaim: (claim, now, reason) => run((db) => skipClaim(db, claim, now, reason)),
      markFailed: (claim, now, error, retryAt) => run((db) => markFailed(db, claim, now, error, retryAt)),
      markSkipped: (key, now, reason) => run((db) => markSkipped(db, key, now, reason)),
      markExpired: (key, now, leaseMs, reason) => run((db) => markExpired(db, key, now, leaseMs, reason, clock())),
      lastPostedContentKey: (guildId, channelId) => run((db) => lastPostedContentKey(db, guildId, channelId)),
      unfinished: (guildId, channelId) => run((db) => unfinishedRecapPosts(db, guildId, channelId)),
      closeUnfinished: (guildId, keep, now, reason) => run((db) => closeUnfinishedRecaps(db, guildId, keep, now, reason)),
      recordedMessageIds: (guildId, channelId) => run((db) => recordedMessageIds(db, guildId, channelId)),
      latest: (guildId, status) => run((db) => latestRecapPost(db, guildId, status)),
    },
    drafts: {
      save: (draft, now) => run((db) => saveDraft(db, draft, now)),
      get: (id) => run((db) => getDraft(db, id)),
      markPublished: (id, actor, version, now) => run((db) => markPublished(db, id, actor, version, now)),
      markDiscarded: (id, actor, now) => run((db) => markDiscarded(db, id, actor, now)),
      deleteStale: (now) => run((db) => deleteStaleDrafts(db, now)),
    },
    versions: {
      any: () => run((db) => hasVersions(db)),
      listInService: () => run((db) => listInService(db)),
      inServiceFor: (asOf) => run((db) => inServiceFor(db, asOf)),
      list: (asOf) => run((db) => listVersions(db, asOf)),
      text: (asOf, version) => run((db) => versionText(db, asOf, version)),
      add: (next, now) => run((db) => addVersion(db, next, now)),
      putInService: (asOf, version, actor, now) => run((db) => putInService(db, asOf, version, actor, now)),
      takeOutOfService: (asOf) => run((db) => takeOutOfService(db, asOf)),
      lastFolderImport: (asOf) => run((db) => lastFolderImport(db, asOf)),
      recordFolderImport: (asOf, contentHash, now) => run((db) => recordFolderImport(db, asOf, contentHash, now)),
    },
    audit: {
      record: (entry) => run((db) => recordAudit(db, entry)),
      of: (asOf, limit) => run((db) => auditOf(db, asOf, limit)),
    },
  };
}

/**
 * The state in a SQLite file, over the synchronous better-sqlite3 code.
 * A transaction's work is asynchronous while the connection is one, so this
 * process's calls take turns: a call made while a transaction is open waits
 * for it rather than landing inside it. Another process's lock is waited for
 * asynchronously, up to `waitMs`.
 */
export function openSqliteStateStore(path: string, options: SqliteStateOptions = {}): StateStore {
  return sqliteStateStoreOver(openStateDb(path), options);
}

/** The contract over a connection already open and migrated (a test's `:memory:` database); closing the store closes it. */
export function sqliteStateStoreOver(db: StateDb, options: SqliteStateOptions = {}): StateStore {
  const clock = options.clock ?? (() => new Date());
  const waitMs = options.waitMs ?? SQLITE_STATE_WAIT_MS;
  let turn: Promise<unknown> = Promise.resolve();

  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  }

  const alone: Run = (work) => inTurn(() => whenUnlocked(() => work(db), waitMs));
  const inTransaction: Run = (work) => Promise.resolve().then(() => work(db));

  return {
    engine: 'sqlite',
    ...accessOver(alone, clock),
    transaction: (work) =>
      inTurn(async () => {
        await whenUnlocked(() => db.exec('BEGIN IMMEDIATE'), waitMs);
        try {
          const result = await work(accessOver(inTransaction, clock));
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    onServiceChange: () => () => undefined,
    ping: () => alone((db) => void db.prepare('SELECT 1').get()),
    // Not in turn: at shutdown a call may be waiting seconds for another process's lock, and the deadline does not wait for it.
    close: async () => {
      if (db.open) db.close();
    },
  };
}
