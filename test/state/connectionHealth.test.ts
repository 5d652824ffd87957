import { afterEach, describe, expect, test } from 'vitest';
import { FactStore } from '../../src/facts/factStore';
import { loadDataDir } from '../../src/facts/loadDataDir';
import { readinessProblem } from '../../src/operations/readiness';
import { runDueRecaps, type RecapRunnerDeps } from '../../src/schedule/runDueRecaps';
import { StateDbUnavailableError } from '../../src/state/connectionHealth';
import { openPostgresStateStore } from '../../src/state/postgresStateStore';
import type { StateStore } from '../../src/state/stateStore';
import { FakeChannels, recordingLogger } from '../schedule/fakeChannels';
import { freshDatabase } from './postgresDatabase';
import { startTcpProxy, type TcpProxy } from './tcpProxy';

/** The PostgreSQL store when its connection is lost under it: reached through a relay the tests cut and restore. */

const GUILD = '111111111111111111';
const CHANNEL = '222222222222222222';
const FIRE = new Date('2026-03-07T14:00:00Z');
const KEY = { guildId: GUILD, channelId: CHANNEL, period: '2026-03-07' };
const PAUSES_MS = [100, 200];
const LEASE_MS = 400;
const QUERY_TIMEOUT_MS = 300;

let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let proxy: TcpProxy | undefined;
let opened: StateStore | undefined;

afterEach(async () => {
  await proxy?.close();
  await opened?.close();
  await database?.drop();
});

/** A store on a database of its own, every connection through a fresh relay the test cuts. */
async function openThroughProxy() {
  database = await freshDatabase();
  const url = new URL(database.url);
  const relay = await startTcpProxy(Number(url.port));
  proxy = relay;
  url.port = String(relay.port);
  const log = recordingLogger();
  const store = await openPostgresStateStore(url.toString(), { log, reconnectPausesMs: PAUSES_MS, queryTimeoutMs: QUERY_TIMEOUT_MS });
  opened = store;
  return { store, log, relay };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** How long `call` took to settle, and how. */
async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const started = Date.now();
  const [result] = await Promise.allSettled([call()]);
  return { ms: Date.now() - started, result: result as PromiseSettledResult<T> };
}

const subscribe = (store: StateStore) =>
  store.subscriptions.save(
    { guildId: GUILD, channelId: CHANNEL, schedule: { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' }, setBy: '3' },
    new Date('2026-03-01T12:00:00Z'),
  );

describe('GIVEN a running PostgreSQL store whose connection is lost', () => {
  test('THEN calls fail at once, every reconnect attempt is one warn line, one info line says it is back, and calls work again', async () => {
    const { store, log, relay } = await openThroughProxy();
    await subscribe(store);
    await relay.cut();

    const first = await timed(() => store.subscriptions.get(GUILD));
    expect(first.result).toMatchObject({ status: 'rejected', reason: expect.any(StateDbUnavailableError) });
    const during = await timed(() => store.subscriptions.get(GUILD));
    expect(during.result).toMatchObject({ status: 'rejected', reason: expect.any(StateDbUnavailableError) });
    expect(during.ms).toBeLessThan(50);
    const loaded = await loadDataDir('data');
    if (!loaded.ok) throw new Error('shipped data must load');
    const ready = { stopping: false, state: store, store: new FactStore(loaded.value), shards: () => [{ id: 0, ready: true, status: 'Ready', pingMs: 1 }] };
    expect(await readinessProblem(ready)).toMatch(/^the state database does not answer: the state database cannot be reached \(.+\); reconnecting$/);

    await until(() => log.entries.filter((e) => e.level === 'warn').length >= 3);
    await relay.restore();
    await until(() => log.entries.some((e) => e.level === 'info'));

    const warns = log.entries.filter((e) => e.level === 'warn');
    expect(warns[0]).toMatchObject({ message: 'state database connection lost; reconnecting', fields: { attempt: 1, retryInMs: 100 } });
    expect(warns.slice(1).map((e) => e.message)).toEqual(warns.slice(1).map(() => 'state database still unreachable; trying again'));
    expect(warns.map((e) => e.fields['attempt'])).toEqual(warns.map((_, i) => i + 1));
    expect(log.entries.filter((e) => e.level === 'info')).toEqual([
      { level: 'info', fields: { attempts: warns.length, downMs: expect.any(Number) }, message: 'state database connection is back' },
    ]);
    expect(await store.subscriptions.get(GUILD)).toMatchObject({ channelId: CHANNEL });
    expect(await readinessProblem(ready)).toBeUndefined();
  });
});

describe('GIVEN a running PostgreSQL store whose host vanishes from the network', () => {
  test('THEN a statement that gets no answer is given up after the query timeout as a lost connection, and later calls fail at once', async () => {
    const { store, log, relay } = await openThroughProxy();
    await subscribe(store);
    relay.stall();
    const hung = await timed(() => store.subscriptions.get(GUILD));
    expect(hung.result).toMatchObject({ status: 'rejected', reason: expect.any(StateDbUnavailableError) });
    expect(hung.ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 20);
    expect(hung.ms).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
    expect(log.entries[0]).toMatchObject({ level: 'warn', message: 'state database connection lost; reconnecting' });
    const after = await timed(() => store.subscriptions.get(GUILD));
    expect(after.result.status).toBe('rejected');
    expect(after.ms).toBeLessThan(50);
  });
});

describe('GIVEN a recap due while the connection comes and goes', () => {
  /** A runner on `store` whose Discord is `channels`; `compose` may cut the link mid-post. */
  function runner(store: StateStore, channels: FakeChannels, compose: () => readonly string[]): RecapRunnerDeps<string> {
    channels.time = FIRE;
    return {
      state: store,
      owner: 'runner',
      composeRecap: compose,
      postMessage: channels.post,
      logger: recordingLogger(),
      clock: () => FIRE,
      leaseMs: LEASE_MS,
    };
  }

  test('WHEN the link drops after the claim, before the message THEN nothing is posted, and after it is back the period posts once', async () => {
    const { store, log, relay } = await openThroughProxy();
    await subscribe(store);
    const channels = new FakeChannels();
    let cutOnce = true;
    const deps = runner(store, channels, () => {
      if (cutOnce) void relay.cut();
      cutOnce = false;
      return ['weekly recap'];
    });

    // The claim is taken, then the lease cannot be renewed before sending: the message stays unsent.
    expect(await runDueRecaps(deps, FIRE)).toMatchObject({ posted: 0, errors: 1 });
    expect(channels.messages).toEqual([]);
    await expect(runDueRecaps(deps, FIRE)).rejects.toThrow(StateDbUnavailableError);
    expect(channels.messages).toEqual([]);

    await relay.restore();
    await until(() => log.entries.some((e) => e.level === 'info'));
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 100));
    expect(await runDueRecaps(deps, FIRE)).toMatchObject({ posted: 1, errors: 0 });
    expect(await runDueRecaps(deps, FIRE)).toMatchObject({ posted: 0, errors: 0 });
    expect(channels.messages).toHaveLength(1);
    expect(await store.ledger.get(KEY)).toMatchObject({ status: 'posted', messageIds: [channels.messages[0]?.id] });
  });

  test('WHEN the link drops after the message, before it is recorded THEN the retry after the lease finds it by its nonce: one message in all', async () => {
    const { store, log, relay } = await openThroughProxy();
    await subscribe(store);
    const channels = new FakeChannels();
    const deps = runner(store, channels, () => ['weekly recap']);
    let cutOnce = true;
    const post = deps.postMessage;
    const cutting: RecapRunnerDeps<string> = {
      ...deps,
      postMessage: async (channelId, part, nonce) => {
        const result = await post(channelId, part, nonce);
        if (cutOnce) await relay.cut();
        cutOnce = false;
        return result;
      },
    };

    expect(await runDueRecaps(cutting, FIRE)).toMatchObject({ posted: 0, errors: 1 });
    expect(channels.messages).toHaveLength(1);

    await relay.restore();
    await until(() => log.entries.some((e) => e.level === 'info'));
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 100));
    expect(await runDueRecaps(cutting, FIRE)).toMatchObject({ posted: 1, errors: 0 });
    expect(channels.calls).toHaveLength(2);
    expect(channels.messages).toHaveLength(1);
    expect(await store.ledger.get(KEY)).toMatchObject({ status: 'posted', messageIds: [channels.messages[0]?.id] });
  });
});
