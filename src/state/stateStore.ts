import type { StateLog } from './connectionHealth';
import type { DataAudit } from './dataAudit';
import type { DataDrafts } from './dataDrafts';
import type { RecapLedger } from './recapLedger';
import type { SnapshotVersions } from './snapshotVersions';
import type { Subscriptions } from './subscriptions';

/** Every operation on the bot's state, one group per concept. */
export interface StateAccess {
  readonly subscriptions: Subscriptions;
  readonly ledger: RecapLedger;
  readonly drafts: DataDrafts;
  readonly versions: SnapshotVersions;
  readonly audit: DataAudit;
}

/** Which engine keeps the state: a SQLite file (the default, `STATE_PATH`) or a PostgreSQL database (`STATE_URL`). */
export type StateLocation = { readonly engine: 'sqlite'; readonly path: string } | { readonly engine: 'postgres'; readonly url: string };

/**
 * The bot's state behind one contract, whichever engine keeps it. Every call
 * stands alone (one statement or one transaction of its own) unless made on
 * the `tx` that {@link StateStore.transaction} hands its work.
 */
export interface StateStore extends StateAccess {
  readonly engine: StateLocation['engine'];
  /**
   * Runs `work` as one transaction: everything it wrote through `tx` is
   * committed together, or, when it throws, none of it is. `work` should make
   * only state calls: the transaction holds the write lock while it runs (on
   * SQLite the whole file's, so other calls of this process wait for it).
   */
  transaction<T>(work: (tx: StateAccess) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` when what is in service may have changed, in this
   * process or another: on PostgreSQL as each change commits (LISTEN/NOTIFY),
   * and once each time the listening connection starts (first, and after a
   * lost connection is back), since changes before it were announced to
   * nobody; on SQLite never, so a caller that must follow other processes
   * also checks now and then. Returns the unsubscribe.
   */
  onServiceChange(listener: () => void): () => void;
  /** The cheapest round trip to the engine (`SELECT 1`), for readiness: resolves when the state answers. */
  ping(): Promise<void>;
  /**
   * Closes the connection(s). On SQLite at once: calls still waiting for
   * their turn or another process's lock fail, and a transaction left open
   * is rolled back, as if the process had stopped there. On PostgreSQL a
   * statement in flight finishes first.
   */
  close(): Promise<void>;
}

/**
 * Opens the state store at `location`, creating and migrating its schema.
 * The PostgreSQL engine is imported only when asked for, so a bot on SQLite
 * never loads its client. Throws `StateDbOpenError` with one line saying why.
 * A PostgreSQL store that later loses its connection reconnects by itself
 * (logged to `log`); meanwhile its calls fail at once with
 * `StateDbUnavailableError`.
 */
export async function openStateStore(location: StateLocation, options: { readonly log?: StateLog } = {}): Promise<StateStore> {
  if (location.engine === 'postgres') {
    const { openPostgresStateStore } = await import('./postgresStateStore');
    return openPostgresStateStore(location.url, options);
  }
  const { openSqliteStateStore } = await import('./sqliteStateStore');
  return openSqliteStateStore(location.path);
}
