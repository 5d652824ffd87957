/**
 * How the PostgreSQL engine's concepts reach the database: a pool outside a
 * transaction, one connection inside one.
 */
export interface Sql {
  /** The rows of one statement. */
  rows(text: string, values?: readonly unknown[]): Promise<unknown[]>;
  /** How many rows one statement changed. */
  count(text: string, values?: readonly unknown[]): Promise<number>;
  /** Runs `work` in one transaction: a new one outside a transaction, the current one inside. */
  atomic<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
}

/** The database server's clock in Unix milliseconds: the one clock every host shares, for leases. */
export const DB_NOW_MS = '(extract(epoch FROM now()) * 1000)::bigint';
