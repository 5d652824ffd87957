import { describe, expect, test } from 'vitest';
import { FactStore } from '../../src/facts/factStore';
import { loadDataDir } from '../../src/facts/loadDataDir';
import type { ShardState } from '../../src/operations/metrics';
import { readinessProblem, type Watched } from '../../src/operations/readiness';
import { openSqliteStateStore } from '../../src/state/sqliteStateStore';

const READY: ShardState = { id: 0, ready: true, status: 'Ready', pingMs: 40 };

async function servingStore(): Promise<FactStore> {
  const loaded = await loadDataDir('data');
  if (!loaded.ok) throw new Error('shipped data must load');
  return new FactStore(loaded.value);
}

describe('GIVEN what readiness watches', () => {
  test('GIVEN every shard ready, a snapshot and a database that answers THEN the process is ready', async () => {
    const watched: Watched = {
      stopping: false,
      state: openSqliteStateStore(':memory:'),
      store: await servingStore(),
      shards: () => [READY],
    };
    expect(await readinessProblem(watched)).toBeUndefined();
  });

  test('GIVEN start-up not done THEN the reason says which part is missing', async () => {
    expect(await readinessProblem({ stopping: false })).toBe('still opening the state database and loading the data');
    const opened: Watched = { stopping: false, state: openSqliteStateStore(':memory:'), store: await servingStore() };
    expect(await readinessProblem(opened)).toBe('not connected to Discord yet');
  });

  test('GIVEN one of two shards resuming THEN that shard and its state are named', async () => {
    const watched: Watched = {
      stopping: false,
      state: openSqliteStateStore(':memory:'),
      store: await servingStore(),
      shards: () => [READY, { id: 1, ready: false, status: 'Resuming', pingMs: 40 }],
    };
    expect(await readinessProblem(watched)).toBe('shard 1 is Resuming');
  });

  test('GIVEN a closed state database THEN it is not ready, saying the database does not answer', async () => {
    const state = openSqliteStateStore(':memory:');
    await state.close();
    expect(await readinessProblem({ stopping: false, state, store: await servingStore(), shards: () => [READY] })).toMatch(
      /^the state database does not answer: /,
    );
  });

  test('GIVEN a state store that hangs THEN readiness answers within about a second that the database does not answer', async () => {
    const started = Date.now();
    const hanging: Watched['state'] = { ping: () => new Promise<void>(() => undefined) };
    expect(await readinessProblem({ stopping: false, state: hanging, store: await servingStore(), shards: () => [READY] })).toBe(
      'the state database does not answer: no answer within 1000 ms',
    );
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  test('GIVEN shutdown has begun THEN it is not ready, whatever else holds', async () => {
    const watched: Watched = {
      stopping: true,
      state: openSqliteStateStore(':memory:'),
      store: await servingStore(),
      shards: () => [READY],
    };
    expect(await readinessProblem(watched)).toBe('shutting down');
  });
});
