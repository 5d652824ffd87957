import pg, { type Pool, type PoolClient } from 'pg';
import { StateDbOpenError } from '../schedule/openStateDb';
import { migratePostgres, NewerSchemaError } from './postgresMigrations';
import { postgresLedger, postgresSubscriptions } from './postgresLedger';
import { postgresAudit, postgresDrafts, postgresVersions, SERVICE_CHANNEL } from './postgresPublishing';
import { watchConnection, type ConnectionHealth, type StateLog } from './connectionHealth';
import type { Sql } from './postgresSql';
import type { StateAccess, StateStore } from './stateStore';

/** A host that does not answer within this is reported, rather than start-up hanging on it. */
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * A statement unanswered this long is taken for a lost connection (a host
 * gone from the network sends no error, so nothing else would notice): every
 * statement of the bot takes milliseconds, and a row lock it waits for is
 * held for as long as one transaction of another process.
 */
const QUERY_TIMEOUT_MS = 10_000;
/** Enough for the bot's few concurrent statements; PostgreSQL's default allows 100 connections in all. */
const POOL_SIZE = 5;

const INT8_OID = 20;

/** BIGINT columns hold Unix milliseconds and counts, all far inside a double's exact range; pg would hand them over as text. */
function readInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`a BIGINT beyond JavaScript's exact integers: ${text}`);
  return value;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? readInt8 : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresStateOptions {
  /** Where a lost connection, each attempt to reach the database again, and its return are logged. */
  readonly log?: StateLog;
  /** The pauses between those attempts (tests shorten them). */
  readonly reconnectPausesMs?: readonly number[];
  /** How long a statement may go unanswered (tests shorten it). */
  readonly queryTimeoutMs?: number;
}

/** SQLSTATE classes of a connection that is gone: 08 (connection exception) and 57P0x (the server shut down or is starting). */
const LOST_CONNECTION_SQLSTATE = /^(08|57P0)/;
/** What pg says, without a code, when a connection died under it or could not be made in time. */
const LOST_CONNECTION_MESSAGE =
  /connection terminated|connection error|not queryable|timeout exceeded when trying to connect|connection ended|query read timeout/i;

/** Whether `error` means the database could not be reached, rather than that it refused a statement. */
function isConnectionLoss(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return LOST_CONNECTION_SQLSTATE.test(error.code ?? '');
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true;
  return error instanceof Error && LOST_CONNECTION_MESSAGE.test(error.message);
}

/** Runs `work` in a transaction on `client`, rolling back when it throws; a connection that fails to roll back is not reused. */
async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  await client.query('COMMIT');
  return result;
}

async function withClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await work(client);
    client.release();
    return result;
  } catch (error) {
    // A failed statement leaves the connection usable after ROLLBACK; a lost one must not go back to the pool.
    client.release(error instanceof pg.DatabaseError ? undefined : (error as Error));
    throw error;
  }
}

/** Statements on one connection that is already in a transaction: `atomic` just runs inside it. */
function sqlInTransaction(client: PoolClient): Sql {
  const sql: Sql = {
    rows: async (text, values = []) => (await client.query(text, [...values])).rows as unknown[],
    count: async (text, values = []) => (await client.query(text, [...values])).rowCount ?? 0,
    atomic: (work) => work(sql),
  };
  return sql;
}

function sqlOverPool(pool: Pool, health: ConnectionHealth): Sql {
  return {
    rows: (text, values = []) => health.guard(async () => (await pool.query(text, [...values])).rows as unknown[]),
    count: (text, values = []) => health.guard(async () => (await pool.query(text, [...values])).rowCount ?? 0),
    atomic: (work) =>
      health.guard(() =>
        withClient(pool, (client) => {
          const tx = sqlInTransaction(client);
          return inTransaction(client, () => work(tx));
        }),
      ),
  };
}

function accessOver(sql: Sql): StateAccess {
  return {
    subscriptions: postgresSubscriptions(sql),
    ledger: postgresLedger(sql),
    drafts: postgresDrafts(sql),
    versions: postgresVersions(sql),
    audit: postgresAudit(sql),
  };
}

/**
 * One connection of its own, outside the pool, that LISTENs on the service
 * channel while anyone is subscribed. It is opened with the first listener;
 * lost, it is reported to `health` and opened again when the database is
 * back. Each time it starts listening every listener is called once, since
 * what changed before was announced to nobody here.
 */
function serviceListener(url: string, health: ConnectionHealth) {
  const listeners = new Set<() => void>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let stopped = false;
  const notify = () => {
    for (const listener of listeners) listener();
  };

  const connect = (): Promise<void> =>
    (connecting ??= (async () => {
      // Keep-alive, so a LISTEN connection to a host gone from the network is found dead rather than idle for ever.
      const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
      const lost = (error: unknown) => {
        if (client === next) client = undefined;
        void next.end().catch(() => undefined);
        if (!stopped) health.lost(error);
      };
      next.on('notification', (message) => {
        if (message.channel === SERVICE_CHANNEL) notify();
      });
      next.on('error', lost);
      next.on('end', () => lost(new Error('the LISTEN connection ended')));
      try {
        await next.connect();
        await next.query(`LISTEN ${SERVICE_CHANNEL}`);
        if (stopped) {
          await next.end();
          return;
        }
        client = next;
        // Whatever changed before this connection listened was announced to nobody here.
        notify();
      } catch (error) {
        lost(error);
      }
    })().finally(() => {
      connecting = undefined;
    }));

  health.onBack(() => {
    if (stopped || listeners.size === 0) return;
    if (client === undefined) void connect();
    else notify();
  });

  return {
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      if (client === undefined) void connect();
      return () => listeners.delete(listener);
    },
    async stop(): Promise<void> {
      stopped = true;
      await connecting;
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}

/** Why the database cannot be used, in the words of its error: a PostgreSQL refusal's message, or a network error's code. */
function openError(error: unknown): StateDbOpenError {
  if (error instanceof NewerSchemaError) return new StateDbOpenError(error.message);
  if (error instanceof pg.DatabaseError) return new StateDbOpenError(`refused: ${error.message}`);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return new StateDbOpenError(`cannot connect (${code})`);
  return new StateDbOpenError(`cannot connect (${error instanceof Error ? error.message : String(error)})`);
}

/**
 * Connects to the PostgreSQL database at `url` (`postgres://user:password@host:port/database`)
 * and brings its schema up to date. Throws `StateDbOpenError` with one line
 * when the server cannot be reached, refuses the login or holds a newer schema.
 */
export async function openPostgresStateStore(url: string, options: PostgresStateOptions = {}): Promise<StateStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: options.queryTimeoutMs ?? QUERY_TIMEOUT_MS,
    keepAlive: true,
    types,
  });
  const health = watchConnection({
    probe: async () => {
      await pool.query('SELECT 1');
    },
    isLoss: isConnectionLoss,
    ...(options.log !== undefined && { log: options.log }),
    ...(options.reconnectPausesMs !== undefined && { pausesMs: options.reconnectPausesMs }),
  });
  // An idle pooled connection failed (the server restarted, the network dropped): the pool drops it, and the loss is known at once.
  pool.on('error', (error) => health.lost(error));
  try {
    await withClient(pool, migratePostgres);
  } catch (error) {
    health.stop();
    await pool.end();
    throw openError(error);
  }
  const sql = sqlOverPool(pool, health);
  const service = serviceListener(url, health);
  let closing: Promise<void> | undefined;
  return {
    engine: 'postgres',
    ...accessOver(sql),
    transaction: (work) => sql.atomic((tx) => work(accessOver(tx))),
    onServiceChange: (listener) => service.subscribe(listener),
    ping: () =>
      health.guard(async () => {
        await pool.query('SELECT 1');
      }),
    // Once, whoever asks: pg refuses to end a pool twice.
    close: () =>
      (closing ??= (async () => {
        health.stop();
        await service.stop();
        await pool.end();
      })()),
  };
}
