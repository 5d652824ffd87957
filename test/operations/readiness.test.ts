import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { FactStore } from '../../src/facts/factStore';
import { loadDataDir } from '../../src/facts/loadDataDir';
import type { ShardState } from '../../src/operations/metrics';
import { readinessProblem, type Watched } from '../../src/operations/readiness';

const READY: ShardState = { id: 0, ready: true, status: 'Ready', pingMs: 40 };

async function servingStore(): Promise<FactStore> {
  const loaded = await loadDataDir('data');
  if (!loaded.ok) throw new Error('shipped data must load');
  return new FactStore(loaded.value);
}

describe('GIVEN what readiness watches', () => {
  test('GIVEN every shard ready, a snapshot and a database that answers THEN the process is ready', async () => {
    const watched: Watched = { stopping: false, db: new Database(':memory:'), store: await servingStore(), shards: () => [READY] };
    expect(readinessProblem(watched)).toBeUndefined();
  });

  test('GIVEN start-up not done THEN the reason says which part is missing', async () => {
    expect(readinessProblem({ stopping: false })).toBe('still opening the state database and loading the data');
    const opened: Watched = { stopping: false, db: new Database(':memory:'), store: await servingStore() };
    expect(readinessProblem(opened)).toBe('not connected to Discord yet');
  });

  test('GIVEN one of two shards resuming THEN that shard and its state are named', async () => {
    const watched: Watched = {
      stopping: false,
      db: new Database(':memory:'),
      store: await servingStore(),
      shards: () => [READY, { id: 1, ready: false, status: 'Resuming', pingMs: 40 }],
    };
    expect(readinessProblem(watched)).toBe('shard 1 is Resuming');
  });

  test('GIVEN a closed state database THEN it is not ready, saying the database does not answer', async () => {
    const db = new Database(':memory:');
    db.close();
    expect(readinessProblem({ stopping: false, db, store: await servingStore(), shards: () => [READY] })).toMatch(
      /^the state database does not answer: /,
    );
  });

  test('GIVEN shutdown has begun THEN it is not ready, whatever else holds', async () => {
    const watched: Watched = { stopping: true, db: new Database(':memory:'), store: await servingStore(), shards: () => [READY] };
    expect(readinessProblem(watched)).toBe('shutting down');
  });
});
