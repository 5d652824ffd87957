import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { openStateStore, type StateStore } from '../../src/state/stateStore';
import { freshDatabase } from './postgresDatabase';

/** What only the PostgreSQL engine has to show: opening a shared database, and leases on the database's clock. */

let database: Awaited<ReturnType<typeof freshDatabase>>;
const opened: StateStore[] = [];

async function open(url = database.url): Promise<StateStore> {
  const store = await openStateStore({ engine: 'postgres', url });
  opened.push(store);
  return store;
}

async function query(text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as unknown[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await freshDatabase();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(opened.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await database.drop();
});

describe('GIVEN a PostgreSQL database', () => {
  test('GIVEN three processes starting on one empty database at once THEN all open, and the schema is made once', async () => {
    await Promise.all([open(), open(), open()]);
    expect(await query('SELECT version FROM state_schema')).toEqual([{ version: 1 }]);
  });

  test('GIVEN a database written by a newer version THEN opening refuses in one line and changes nothing', async () => {
    await open();
    await query('UPDATE state_schema SET version = 99');
    try {
      await expect(open()).rejects.toThrow(
        'was written by a newer version (schema 99, this build knows 1); refusing to start',
      );
      expect(await query('SELECT version FROM state_schema')).toEqual([{ version: 99 }]);
    } finally {
      await query('UPDATE state_schema SET version = 1');
    }
  });

  test('GIVEN a wrong password THEN opening fails with the server’s reason', async () => {
    const url = new URL(database.url);
    url.password = 'not-the-password';
    await expect(open(url.toString())).rejects.toThrow('refused: password authentication failed for user "postgres"');
  });

  test('GIVEN no server at the address THEN opening fails with the network error, not a hang', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    await expect(open(`postgres://postgres:x@127.0.0.1:${port}/nothing`)).rejects.toThrow('cannot connect (ECONNREFUSED)');
  });

  test('GIVEN a host whose clock runs an hour ahead THEN its claim still waits for another host’s lease, and the lease is dated by the database', async () => {
    const store = await open();
    const key = { guildId: '111111111111111111', channelId: '222222222222222222', period: '2026-03-07' };
    const before = Date.now();
    expect(await store.ledger.claim(key, { owner: 'host-a', leaseMs: 60_000 })).toBeDefined();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(before + 3_600_000);
    expect(await store.ledger.claim(key, { owner: 'host-b', leaseMs: 60_000 })).toBeUndefined();
    vi.useRealTimers();
    const claimedAt = (await store.ledger.get(key))?.claimedAt?.getTime() ?? 0;
    expect(Math.abs(claimedAt - before)).toBeLessThan(5_000);
  });
});
