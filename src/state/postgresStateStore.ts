import pg, { type Pool, type PoolClient } from 'pg';
import { StateDbOpenError } from '../schedule/openStateDb';
import { migratePostgres, NewerSchemaError } from './postgresMigrations';
import { postgresLedger, postgresSubscriptions } from './postgresLedger';
import { postgresAudit, postgresDrafts, postgresVersions } from './postgresPublishing';
import type { Sql } from './postgresSql';
import type { StateAccess, StateStore } from './stateStore';

/** A host that does not answer within this is reported, rather than start-up hanging on it. */
const CONNECT_TIMEOUT_MS = 10_000;
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
  /** An idle pooled connection failed (the server restarted, the network dropped); the pool replaces it on the next call. */
  readonly onConnectionError?: (error: Error) => void;
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

function sqlOverPool(pool: Pool): Sql {
  return {
    rows: async (text, values = []) => (await pool.query(text, [...values])).rows as unknown[],
    count: async (text, values = []) => (await pool.query(text, [...values])).rowCount ?? 0,
    atomic: (work) =>
      withClient(pool, (client) => {
        const tx = sqlInTransaction(client);
        return inTransaction(client, () => work(tx));
      }),
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
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, types });
  pool.on('error', (error) => options.onConnectionError?.(error));
  try {
    await withClient(pool, migratePostgres);
  } catch (error) {
    await pool.end();
    throw openError(error);
  }
  const sql = sqlOverPool(pool);
  return {
    engine: 'postgres',
    ...accessOver(sql),
    transaction: (work) => sql.atomic((tx) => work(accessOver(tx))),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
