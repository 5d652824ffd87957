import { describe, test, expect } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrateStateDb, migrations } from '../../src/schedule/migrations';
import { openStateDb, StateDbOpenError } from '../../src/schedule/openStateDb';
import { getSubscription, listSubscriptions, removeGuild, saveSubscription } from '../../src/schedule/subscriptionStore';
import { claimRecapPeriod, getRecapPost, markPosted } from '../../src/schedule/recapLedger';
import { useStateDbs } from './fixtures/useStateDbs';

const GUILD = '111111111111111111';
const CHANNEL = '222222222222222222';
const MODERATOR = '333333333333333333';
const saturday = { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' } as const;

const { tempDir, open } = useStateDbs();

function writeAndName(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}

function mkdirAndName(path: string): string {
  mkdirSync(path);
  return path;
}

describe('openStateDb and migrations', () => {
  test('GIVEN a path in folders that do not exist THEN they are created and the database is in WAL mode with a busy timeout of a few ms', () => {
    const path = join(tempDir(), 'nested', 'deeper', 'state.db');
    const db = open(path);
    expect(existsSync(path)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // SQLite's own wait is synchronous and would freeze every interaction; longer waits are whenUnlocked's.
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('busy_timeout', { simple: true })).toBeLessThanOrEqual(20);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
  });

  test('GIVEN an existing database with data THEN reopening it migrates nothing and keeps the data', () => {
    const path = join(tempDir(), 'state.db');
    const first = openStateDb(path);
    saveSubscription(first, { guildId: GUILD, channelId: CHANNEL, schedule: saturday, setBy: MODERATOR }, new Date('2026-03-01T00:00:00Z'));
    first.close();

    const again = open(path);
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(getSubscription(again, GUILD)?.channelId).toBe(CHANNEL);
    migrateStateDb(again);
    migrateStateDb(again);
    expect(listSubscriptions(again).subscriptions).toHaveLength(1);
  });

  test('GIVEN a version 2 database with a posted and a pending period THEN it upgrades, keeps both, and the pending one is still claimable and learns when it was due', () => {
    const path = join(tempDir(), 'state.db');
    const raw = new BetterSqlite3(path);
    for (const migration of migrations.slice(0, 2)) raw.exec(migration.sql);
    raw.pragma('user_version = 2');
    raw
      .prepare(
        `INSERT INTO recap_posts (guild_id, channel_id, period, status, attempts, parts_posted, message_ids, finished_at, content_key)
         VALUES (?, ?, '2026-02-28', 'posted', 1, 1, '["900"]', 1772290800000, 'abc')`,
      )
      .run(GUILD, CHANNEL);
    raw
      .prepare(
        `INSERT INTO recap_posts (guild_id, channel_id, period, status, attempts, error, retry_at, finished_at)
         VALUES (?, ?, '2026-03-07', 'failed', 1, '503', 1772892000000, 1772891880000)`,
      )
      .run(GUILD, CHANNEL);
    raw.close();

    const db = open(path);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(getRecapPost(db, { guildId: GUILD, channelId: CHANNEL, period: '2026-02-28' })).toMatchObject({
      status: 'posted',
      messageIds: ['900'],
      scheduledAt: undefined,
    });
    const pending = { guildId: GUILD, channelId: CHANNEL, period: '2026-03-07' };
    const dueAt = new Date(1772891880000);
    expect(
      claimRecapPeriod(db, pending, { now: new Date(1772892000000), owner: 'upgraded', leaseMs: 60_000, scheduledAt: dueAt })?.attempt,
    ).toBe(2);
    expect(getRecapPost(db, pending)?.scheduledAt).toEqual(dueAt);
  });

  test('GIVEN a database from a newer build THEN opening it is refused, naming both versions, before anything is written to it', () => {
    const path = join(tempDir(), 'state.db');
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${migrations.length + 6}`);
    raw.close();
    const before = readFileSync(path);
    expect(() => openStateDb(path)).toThrow(
      new StateDbOpenError(
        `was written by a newer version (schema ${migrations.length + 6}, this build knows ${migrations.length}); refusing to start`,
      ),
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const after = new BetterSqlite3(path, { readonly: true });
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
  });

  test.each([
    [
      'a text file',
      (dir: string) => writeAndName(join(dir, 'notes.txt'), 'not a database, just text '.repeat(40)),
      'is not a SQLite database',
    ],
    ['a folder', (dir: string) => mkdirAndName(join(dir, 'state.db')), 'is a directory, not a file'],
    ['a path under a file', (dir: string) => join(writeAndName(join(dir, 'plain'), 'x'), 'state.db'), 'cannot open (ENOTDIR)'],
  ])('GIVEN %s as the state path THEN opening fails with one line that says why', (_what, make, problem) => {
    const path = make(tempDir());
    expect(() => openStateDb(path)).toThrow(new StateDbOpenError(problem));
  });

  test('GIVEN the ledger THEN a second row for the same guild, channel and period is impossible', () => {
    const db = open(':memory:');
    const key = { guildId: GUILD, channelId: CHANNEL, period: '2026-03-07' };
    expect(claimRecapPeriod(db, key, { now: new Date(), owner: 'a', leaseMs: 60_000 })).toBeDefined();
    expect(() =>
      db
        .prepare(`INSERT INTO recap_posts (guild_id, channel_id, period, status) VALUES (?, ?, ?, 'claimed')`)
        .run(GUILD, CHANNEL, '2026-03-07'),
    ).toThrow(/UNIQUE/);
  });
});

describe('subscriptionStore', () => {
  test('GIVEN a saved subscription THEN it reads back with its schedule, times and moderator', () => {
    const db = open(':memory:');
    const now = new Date('2026-03-01T12:00:00Z');
    const saved = saveSubscription(db, { guildId: GUILD, channelId: CHANNEL, schedule: saturday, setBy: MODERATOR }, now);
    expect(saved).toEqual({ guildId: GUILD, channelId: CHANNEL, schedule: saturday, createdAt: now, updatedAt: now, setBy: MODERATOR });
    expect(getSubscription(db, GUILD)).toEqual(saved);
  });

  test('GIVEN a guild that sets a second channel THEN it still has one subscription, in the new channel', () => {
    const db = open(':memory:');
    const created = new Date('2026-03-01T12:00:00Z');
    const changed = new Date('2026-03-02T12:00:00Z');
    saveSubscription(db, { guildId: GUILD, channelId: CHANNEL, schedule: saturday, setBy: MODERATOR }, created);
    const moved = saveSubscription(
      db,
      { guildId: GUILD, channelId: '444444444444444444', schedule: { ...saturday, days: ['friday', 'sunday'] }, setBy: '5' },
      changed,
    );
    expect(moved).toMatchObject({ channelId: '444444444444444444', createdAt: created, updatedAt: changed, setBy: '5' });
    expect(moved.schedule.days).toEqual(['friday', 'sunday']);
    expect(listSubscriptions(db).subscriptions).toHaveLength(1);
  });

  test('GIVEN the same settings saved again THEN the change time stays, so catch-up still sees earlier periods', () => {
    const db = open(':memory:');
    const created = new Date('2026-03-01T12:00:00Z');
    saveSubscription(db, { guildId: GUILD, channelId: CHANNEL, schedule: saturday, setBy: MODERATOR }, created);
    const again = saveSubscription(
      db,
      { guildId: GUILD, channelId: CHANNEL, schedule: saturday, setBy: '6' },
      new Date('2026-03-07T15:00:00Z'),
    );
    expect(again.updatedAt).toEqual(created);
    expect(again.setBy).toBe('6');
  });

  test('GIVEN a stored row with a zone the runtime does not know THEN listing sets it apart and keeps the others', () => {
    const db = open(':memory:');
    saveSubscription(db, { guildId: GUILD, channelId: CHANNEL, schedule: saturday, setBy: MODERATOR }, new Date());
    db.prepare(`INSERT INTO subscriptions VALUES ('999', '998', 'saturday', '09:00', 'Mars/Olympus_Mons', 0, 0, '1')`).run();
    const { subscriptions, unreadable } = listSubscriptions(db);
    expect(subscriptions.map((subscription) => subscription.guildId)).toEqual([GUILD]);
    expect(unreadable).toEqual([{ guildId: '999', problem: expect.stringContaining('time zone') }]);
    expect(() => getSubscription(db, '999')).toThrow(/unreadable/);
  });

  test('GIVEN a guild removed THEN its subscription is gone, its history stays, and a period still in progress ends failed with the reason', () => {
    const db = open(':memory:');
    saveSubscription(db, { guildId: GUILD, channelId: CHANNEL, schedule: saturday, setBy: MODERATOR }, new Date());
    const posted = { guildId: GUILD, channelId: CHANNEL, period: '2026-02-28' };
    const claim = claimRecapPeriod(db, posted, { now: new Date('2026-02-28T14:00:00Z'), owner: 'runner', leaseMs: 60_000 });
    if (claim === undefined) throw new Error('expected a claim');
    markPosted(db, claim, new Date('2026-02-28T14:00:01Z'));
    const inProgress = { guildId: GUILD, channelId: CHANNEL, period: '2026-03-07' };
    claimRecapPeriod(db, inProgress, { now: new Date('2026-03-07T14:00:00Z'), owner: 'runner', leaseMs: 60_000 });

    const removedAt = new Date('2026-03-07T14:00:30Z');
    expect(removeGuild(db, GUILD, removedAt, 'the bot was removed from the server')).toBe(true);
    expect(removeGuild(db, GUILD, removedAt, 'the bot was removed from the server')).toBe(false);
    expect(getSubscription(db, GUILD)).toBeUndefined();
    expect(getRecapPost(db, posted)?.status).toBe('posted');
    expect(getRecapPost(db, inProgress)).toMatchObject({
      status: 'failed',
      error: 'the bot was removed from the server',
      retryAt: undefined,
      finishedAt: removedAt,
    });
  });
});
