import { afterEach, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { createLogger } from '../../src/logger';
import { createDataDesk, followServiceChanges, type DataDesk } from '../../src/publishing/createDataDesk';
import { openPublishedData } from '../../src/publishing/publishedData';
import { openPostgresStateStore } from '../../src/state/postgresStateStore';
import type { StateStore } from '../../src/state/stateStore';
import { DataCopy } from '../e2e/dataCopy';
import { shippedArticle } from '../publishing/fixtures/useDataDesk';
import { freshDatabase } from './postgresDatabase';
import { startTcpProxy, type TcpProxy } from './tcpProxy';

/**
 * Two bot processes on one PostgreSQL database, as two stores, fact stores
 * and desks in this test process: a change on one is served by the other
 * within 2 s, by notification, and caught up at once after a lost connection.
 */

const WITHIN_MS = 2_000;

interface Process {
  readonly state: StateStore;
  readonly store: FactStore;
  readonly desk: DataDesk;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp() {
  const database = await freshDatabase();
  cleanups.push(() => database.drop());
  const data = new DataCopy();
  cleanups.push(() => data.remove());
  const logger = createLogger('silent', { pretty: false });
  const clock = () => new Date();

  /** What main does at start-up; with `proxy`, every connection goes through it. A long periodic check, so only notifications count. */
  const start = async (proxy?: TcpProxy): Promise<Process> => {
    const url = new URL(database.url);
    if (proxy !== undefined) url.port = String(proxy.port);
    const state = await openPostgresStateStore(url.toString(), { reconnectPausesMs: [100, 200] });
    cleanups.push(() => state.close());
    const opened = await openPublishedData({ state, dataDir: data.dataDir, logger, clock });
    if (!opened.ok) return expect.fail(opened.lines.join('\n'));
    const desk = createDataDesk({ state, store: opened.store, dataDir: data.dataDir, logger, clock });
    cleanups.push(followServiceChanges({ state, desk, logger, checkEveryMs: 60_000 }));
    return { state, store: opened.store, desk };
  };
  return { database, data, start };
}

/** How long until `store` serves `contentHash` as the snapshot of `asOf` (or leaves `asOf` out, for undefined); fails after 5 s. */
async function servedAfter(store: FactStore, asOf: string, contentHash: string | undefined): Promise<number> {
  const started = Date.now();
  while (store.all().find((s) => s.asOf === asOf)?.contentHash !== contentHash) {
    if (Date.now() - started > 5_000) throw new Error(`${asOf} not served as ${contentHash ?? 'absent'} after 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

async function publishArticle(process: Process, asOf: string): Promise<string> {
  const imported = await process.desk.importDraft({ actor: 'mod-1', file: shippedArticle(), asOf });
  if (!imported.ok) return expect.fail(imported.problem);
  const published = await process.desk.publishDraft(imported.review.draftId, 'mod-1');
  if (!published.ok) return expect.fail(published.reason);
  return published.contentHash;
}

describe('GIVEN two processes on one PostgreSQL database', () => {
  test('WHEN one publishes, rolls back or removes THEN the other serves the same content within 2 s', async () => {
    const { start } = await setUp();
    const a = await start();
    const b = await start();
    expect(b.store.latest().contentHash).toBe(a.store.latest().contentHash);

    const published = await publishArticle(a, '2025-12-14');
    expect(await servedAfter(b.store, '2025-12-14', published)).toBeLessThan(WITHIN_MS);
    expect(b.store.latest().contentHash).toBe(published);

    expect(await a.desk.remove('2025-12-14', 1, 'mod-1')).toMatchObject({ ok: true });
    expect(await servedAfter(b.store, '2025-12-14', undefined)).toBeLessThan(WITHIN_MS);

    expect(await a.desk.rollback('2025-12-14', 1, null, 'mod-1')).toMatchObject({ ok: true });
    expect(await servedAfter(b.store, '2025-12-14', published)).toBeLessThan(WITHIN_MS);
    expect(b.store.all().map((s) => s.contentHash)).toEqual(a.store.all().map((s) => s.contentHash));
  });

  test('WHEN one reloads a changed DATA_DIR THEN the other serves the new version within 2 s', async () => {
    const { data, start } = await setUp();
    const a = await start();
    const b = await start();
    data.editFigures('"title": "Russell', '"title": "Edited: Russell');
    const reloaded = await a.desk.reload('SIGHUP');
    expect(reloaded).toMatchObject({ ok: true, imported: [{ asOf: '2025-12-07', version: 2 }] });
    expect(await servedAfter(b.store, '2025-12-07', a.store.latest().contentHash)).toBeLessThan(WITHIN_MS);
    expect(b.store.latest().title).toMatch(/^Edited: Russell/);
  });

  test('WHEN the other was disconnected during a publish THEN it catches up as soon as its connection is back, without waiting for the periodic check', async () => {
    const { database, start } = await setUp();
    const proxy = await startTcpProxy(Number(new URL(database.url).port));
    cleanups.push(() => proxy.close());
    const a = await start();
    const b = await start(proxy);
    // B's LISTEN connection is up once a change reaches it.
    expect(await servedAfter(b.store, '2025-12-14', await publishArticle(a, '2025-12-14'))).toBeLessThan(WITHIN_MS);

    await proxy.cut();
    const published = await publishArticle(a, '2025-12-21');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(b.store.dates()).not.toContain('2025-12-21');
    await proxy.restore();
    expect(await servedAfter(b.store, '2025-12-21', published)).toBeLessThan(WITHIN_MS);
  });

  test('WHEN its database cannot be reached THEN Publish answers "unreachable", not "busy", changes nothing, and publishes once it is back', async () => {
    const { database, start } = await setUp();
    const proxy = await startTcpProxy(Number(new URL(database.url).port));
    cleanups.push(() => proxy.close());
    const a = await start(proxy);
    const imported = await a.desk.importDraft({ actor: 'mod-1', file: shippedArticle(), asOf: '2025-12-14' });
    if (!imported.ok) return expect.fail(imported.problem);

    await proxy.cut();
    expect(await a.desk.publishDraft(imported.review.draftId, 'mod-1')).toEqual({ ok: false, reason: 'unreachable' });
    expect(a.store.dates()).toEqual(['2025-12-07']);
    await proxy.restore();
    await expect.poll(() => a.desk.publishDraft(imported.review.draftId, 'mod-1'), { timeout: 5_000, interval: 100 }).toMatchObject({ ok: true, version: 1 });
    expect(a.store.dates()).toEqual(['2025-12-07', '2025-12-14']);
  });
});
