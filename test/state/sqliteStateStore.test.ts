import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openStateDb } from '../../src/schedule/openStateDb';
import { claimRecapPeriod } from '../../src/schedule/recapLedger';
import { saveSubscription } from '../../src/schedule/subscriptionStore';
import { openStateStore } from '../../src/state/stateStore';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('GIVEN a SQLite state file written before the state contract', () => {
  test('THEN the SQLite engine opens it unchanged and reads its subscription and ledger', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'state-sqlite-'));
    folders.push(folder);
    const file = path.join(folder, 'briefing-desk.sqlite');
    const t0 = new Date('2026-03-07T14:00:00Z');
    const key = { guildId: '111111111111111111', channelId: '222222222222222222', period: '2026-03-07' };
    const db = openStateDb(file);
    const subscription = saveSubscription(
      db,
      { ...key, schedule: { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' }, setBy: '444444444444444444' },
      t0,
    );
    claimRecapPeriod(db, key, { now: t0, owner: 'old-bot', leaseMs: 120_000 });
    const schema = db.pragma('user_version', { simple: true });
    db.close();

    const store = await openStateStore({ engine: 'sqlite', path: file });
    try {
      expect(await store.subscriptions.get(key.guildId)).toEqual(subscription);
      expect(await store.ledger.get(key)).toMatchObject({ status: 'claimed', claimOwner: 'old-bot', claimedAt: t0 });
    } finally {
      await store.close();
    }
    const reopened = openStateDb(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(schema);
    reopened.close();
  });
});
