import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openStateStore, type StateStore } from '../../src/state/stateStore';
import { freshDatabase } from './postgresDatabase';

/** The state of one test on one engine: `open` gives a store on an empty state, `another` a second connection to the same state. */
export interface EngineFixture {
  open(): Promise<StateStore>;
  another(): Promise<StateStore>;
}

const TABLES = 'subscriptions, recap_posts, snapshot_versions, snapshots_in_service, data_dir_imports, data_drafts, data_audit';

/** Registers the hooks of one engine in the calling `describe`: every store opened is closed after its test. */
export function useEngine(engine: 'sqlite' | 'postgres'): EngineFixture {
  const opened: StateStore[] = [];
  let location: { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string } | undefined;
  let folder: string | undefined;
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let tests = 0;

  beforeAll(async () => {
    if (engine === 'sqlite') folder = mkdtempSync(path.join(tmpdir(), 'state-contract-'));
    else database = await freshDatabase();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    location = undefined;
  });
  afterAll(async () => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    await database?.drop();
  });

  async function another(): Promise<StateStore> {
    if (location === undefined) throw new Error('open() first');
    const store = await openStateStore(location);
    opened.push(store);
    return store;
  }

  return {
    another,
    async open() {
      tests += 1;
      if (engine === 'sqlite') location = { engine, path: path.join(folder!, `state-${tests}.sqlite`) };
      else location = { engine, url: database!.url };
      const store = await another();
      // One database per file, emptied for each test: cheaper than a database per test.
      if (engine === 'postgres') await truncate(database!.url);
      return store;
    },
  };
}

async function truncate(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`TRUNCATE ${TABLES} RESTART IDENTITY`);
  } finally {
    await client.end();
  }
}
