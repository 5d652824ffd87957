import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createRetriedWrites, RETRY_PAUSES_MS } from '../../src/recaps/retriedWrites';
import { openStateDb, type StateDb } from '../../src/schedule/openStateDb';
import { getSubscription, removeGuild, saveSubscription } from '../../src/schedule/subscriptionStore';
import { recordingLogger } from '../schedule/fakeChannels';

const GUILD = '111111111111111111';
const REF = expect.stringMatching(/^[0-9A-F]{6}$/);

let dir: string;
let db: StateDb;
let other: BetterSqlite3.Database;

beforeEach(() => {
  vi.useFakeTimers();
  dir = mkdtempSync(join(tmpdir(), 'retried-writes-'));
  db = openStateDb(join(dir, 'state.db'));
  saveSubscription(
    db,
    {
      guildId: GUILD,
      channelId: '222222222222222222',
      schedule: { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' },
      setBy: '3',
    },
    new Date(),
  );
  other = new BetterSqlite3(join(dir, 'state.db'));
});

afterEach(() => {
  vi.useRealTimers();
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The bot's removal of a server, as main.ts hands it over. */
const removal = () => ({
  write: async () => removeGuild(db, GUILD, new Date(), 'the bot was removed from the server'),
  what: "forget the server's recap schedule",
  done: 'removed from a server',
  fields: { guild: GUILD },
});

describe('createRetriedWrites', () => {
  test('GIVEN no lock THEN the write lands at once and is logged as done', async () => {
    const logger = recordingLogger();
    await createRetriedWrites(logger).run(removal());
    expect(getSubscription(db, GUILD)).toBeUndefined();
    expect(logger.entries).toEqual([{ level: 'info', fields: { guild: GUILD }, message: 'removed from a server' }]);
  });

  test('GIVEN another process holds the lock THEN the write waits without blocking, and lands after the lock is released', async () => {
    const logger = recordingLogger();
    other.exec('BEGIN IMMEDIATE');
    await createRetriedWrites(logger).run(removal());
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        fields: { guild: GUILD, ref: REF, tries: 1, retryInMs: RETRY_PAUSES_MS[0] },
        message: "could not forget the server's recap schedule yet: the state database is locked by another process; will try again",
      },
    ]);
    await vi.advanceTimersByTimeAsync(RETRY_PAUSES_MS[0]!);
    expect(logger.entries.map((e) => e.level)).toEqual(['warn', 'warn']);
    other.exec('COMMIT');
    await vi.advanceTimersByTimeAsync(RETRY_PAUSES_MS[1]!);
    expect(getSubscription(db, GUILD)).toBeUndefined();
    expect(logger.entries.at(-1)).toEqual({ level: 'info', fields: { guild: GUILD, tries: 3 }, message: 'removed from a server' });
  });

  test('GIVEN the lock is never released THEN every pause is tried, then an error with a ref says the write was given up', async () => {
    const logger = recordingLogger();
    other.exec('BEGIN IMMEDIATE');
    await createRetriedWrites(logger).run(removal());
    await vi.advanceTimersByTimeAsync(RETRY_PAUSES_MS.reduce((sum, ms) => sum + ms, 0) + 60_000);
    expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(RETRY_PAUSES_MS.length);
    expect(logger.entries.at(-1)).toMatchObject({
      level: 'error',
      fields: { guild: GUILD, ref: REF, tries: RETRY_PAUSES_MS.length + 1 },
      message: "could not forget the server's recap schedule: the state database stayed locked by another process; giving up",
    });
    expect(vi.getTimerCount()).toBe(0);
    other.exec('ROLLBACK');
    expect(getSubscription(db, GUILD)).toBeDefined();
  });

  test('GIVEN a failure that is not a lock THEN it is logged with a ref once and not retried', async () => {
    const logger = recordingLogger();
    await createRetriedWrites(logger).run({ ...removal(), write: async () => db.prepare('DELETE FROM no_such_table').run() });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(logger.entries).toEqual([
      {
        level: 'error',
        fields: { guild: GUILD, ref: REF, err: expect.any(Error) },
        message: "could not forget the server's recap schedule",
      },
    ]);
  });

  test('GIVEN shutdown while a write waits THEN it gets one last try: it lands if the lock is gone, else it is logged as given up', async () => {
    const landed = recordingLogger();
    other.exec('BEGIN IMMEDIATE');
    const writes = createRetriedWrites(landed);
    await writes.run(removal());
    other.exec('COMMIT');
    await writes.flush();
    expect(getSubscription(db, GUILD)).toBeUndefined();
    expect(landed.entries.at(-1)).toMatchObject({ level: 'info', message: 'removed from a server' });
    expect(vi.getTimerCount()).toBe(0);

    const lost = recordingLogger();
    other.exec('BEGIN IMMEDIATE');
    const again = createRetriedWrites(lost);
    await again.run({ ...removal(), write: async () => removeGuild(db, GUILD, new Date(), 'again') });
    await again.flush();
    expect(lost.entries.at(-1)).toMatchObject({ level: 'error', message: expect.stringContaining('giving up') });
  });

  test('GIVEN the check before a retry throws THEN the failure is logged with a ref and nothing escapes the timer', async () => {
    const logger = recordingLogger();
    other.exec('BEGIN IMMEDIATE');
    const broken = () => {
      throw new Error('client gone');
    };
    await createRetriedWrites(logger).run({ ...removal(), stillWanted: { check: broken, why: 'never' } });
    other.exec('COMMIT');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(logger.entries.at(-1)).toEqual({
      level: 'error',
      fields: { ref: REF, err: expect.any(Error) },
      message: "retry to forget the server's recap schedule failed",
    });
  });

  test('GIVEN the bot is back in the server before the lock clears THEN the removal is dropped, so it cannot delete a schedule set since', async () => {
    const logger = recordingLogger();
    let back = false;
    other.exec('BEGIN IMMEDIATE');
    await createRetriedWrites(logger).run({ ...removal(), stillWanted: { check: () => !back, why: 'the bot is back in the server' } });
    back = true;
    other.exec('COMMIT');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(getSubscription(db, GUILD)).toBeDefined();
    expect(logger.entries.at(-1)).toEqual({
      level: 'info',
      fields: { guild: GUILD, tries: 2 },
      message: "no longer trying to forget the server's recap schedule: the bot is back in the server",
    });
    expect(vi.getTimerCount()).toBe(0);
  });
});
