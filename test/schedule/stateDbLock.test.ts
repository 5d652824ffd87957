import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { StateDbBusyError, whenUnlocked } from '../../src/schedule/openStateDb';
import { sqliteStateStoreOver } from '../../src/state/sqliteStateStore';
import { getRecapPost } from '../../src/schedule/recapLedger';
import { runDueRecaps } from '../../src/schedule/runDueRecaps';
import { getSubscription, saveSubscription } from '../../src/schedule/subscriptionStore';
import { FakeChannels, recordingLogger } from './fakeChannels';
import { useStateDbs } from './fixtures/useStateDbs';

const GUILD = '111111111111111111';
const CHANNEL = '222222222222222222';
const choice = {
  guildId: GUILD,
  channelId: CHANNEL,
  schedule: { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' },
  setBy: '333333333333333333',
} as const;

const { tempDir, open, onCleanup } = useStateDbs();

/** A second connection, as another process would hold it, with the write lock taken. */
function lockedByAnother(path: string): { release: () => void } {
  const other = new BetterSqlite3(path);
  other.exec('BEGIN IMMEDIATE');
  const release = () => {
    if (other.inTransaction) other.exec('COMMIT');
    if (other.open) other.close();
  };
  onCleanup(release);
  return { release };
}

/** The longest gap between the beats of a 10 ms timer while `work` runs: how long the event loop was frozen. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; stallMs: number }> {
  let last = Date.now();
  let stallMs = 0;
  const beat = setInterval(() => {
    const now = Date.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    const [result] = await Promise.allSettled([work()]);
    return { result: result!, stallMs: Math.max(stallMs, Date.now() - last) };
  } finally {
    clearInterval(beat);
  }
}

describe('the state database while another process holds its write lock', () => {
  test('GIVEN the lock is held THEN a write fails within milliseconds instead of freezing the process for seconds', () => {
    const path = join(tempDir(), 'state.db');
    const db = open(path);
    lockedByAnother(path);
    const started = Date.now();
    expect(() => saveSubscription(db, choice, new Date())).toThrow(/database is locked/);
    expect(Date.now() - started).toBeLessThan(100);
  });

  test('GIVEN the lock is released after 600 ms THEN whenUnlocked lands the write, and the event loop kept beating meanwhile', async () => {
    const path = join(tempDir(), 'state.db');
    const db = open(path);
    const lock = lockedByAnother(path);
    setTimeout(lock.release, 600);
    const { result, stallMs } = await longestStall(() => whenUnlocked(() => saveSubscription(db, choice, new Date()), 5_000));
    expect(result.status).toBe('fulfilled');
    expect(getSubscription(db, GUILD)?.channelId).toBe(CHANNEL);
    expect(stallMs).toBeLessThan(150);
  });

  test('GIVEN the lock outlasts the wait THEN whenUnlocked gives up with StateDbBusyError after about that long, having changed nothing', async () => {
    const path = join(tempDir(), 'state.db');
    const db = open(path);
    lockedByAnother(path);
    const started = Date.now();
    const { result, stallMs } = await longestStall(() => whenUnlocked(() => saveSubscription(db, choice, new Date()), 400));
    const took = Date.now() - started;
    expect(result.status === 'rejected' && result.reason).toBeInstanceOf(StateDbBusyError);
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(1_000);
    expect(stallMs).toBeLessThan(150);
    expect(getSubscription(db, GUILD)).toBeUndefined();
  });

  test('GIVEN an error that is not a lock THEN whenUnlocked throws it at once, without retrying', async () => {
    let calls = 0;
    await expect(
      whenUnlocked(() => {
        calls += 1;
        throw new Error('no such table: subscriptions');
      }, 5_000),
    ).rejects.toThrow('no such table');
    expect(calls).toBe(1);
  });

  test('GIVEN a recap falls due while the lock is held THEN the tick waits without freezing the process and posts it exactly once after the release', async () => {
    const fire = new Date('2026-03-07T14:00:00Z');
    const path = join(tempDir(), 'state.db');
    const db = open(path);
    saveSubscription(db, choice, new Date('2026-03-01T12:00:00Z'));
    const lock = lockedByAnother(path);
    setTimeout(lock.release, 500);
    const channels = new FakeChannels();
    channels.time = fire;
    const deps = {
      state: sqliteStateStoreOver(db, { clock: () => fire }),
      owner: 'runner',
      composeRecap: () => ['weekly recap'],
      postMessage: channels.post,
      logger: recordingLogger(),
      clock: () => fire,
    };

    const { result, stallMs } = await longestStall(() => runDueRecaps(deps, fire));
    expect(result).toEqual({ status: 'fulfilled', value: { posted: 1, failed: 0, retried: 0, skipped: 0, errors: 0 } });
    expect(stallMs).toBeLessThan(150);
    expect(await runDueRecaps(deps, fire)).toEqual({ posted: 0, failed: 0, retried: 0, skipped: 0, errors: 0 });
    expect(channels.in(CHANNEL)).toHaveLength(1);
    expect(getRecapPost(db, { guildId: GUILD, channelId: CHANNEL, period: '2026-03-07' })?.status).toBe('posted');
  });
});
