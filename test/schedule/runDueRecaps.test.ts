import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import type { StateDb } from '../../src/schedule/openStateDb';
import { claimRecapPeriod, getRecapPost } from '../../src/schedule/recapLedger';
import { recapNonce } from '../../src/schedule/recapNonce';
import type { RecapSchedule } from '../../src/schedule/recapSchedule';
import {
  DEFAULT_LEASE_MS,
  postRecapOccurrence,
  runDueRecaps,
  type PostResult,
  type RecapRunnerDeps,
  type RecapRunSummary,
} from '../../src/schedule/runDueRecaps';
import { getSubscription, removeGuild, saveSubscription } from '../../src/schedule/subscriptionStore';
import { subscriptionStatus } from '../../src/schedule/subscriptionStatus';
import { sqliteStateStoreOver } from '../../src/state/sqliteStateStore';
import { FakeChannels, recordingLogger } from './fakeChannels';
import { useStateDbs } from './fixtures/useStateDbs';

const GUILD = '111111111111111111';
const CHANNEL = '222222222222222222';
const MODERATOR = '333333333333333333';
const SATURDAY_9AM_NY: RecapSchedule = { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' };
/** Saturday 7 March 2026, 09:00 in New York (EST). */
const FIRE = new Date('2026-03-07T14:00:00Z');
const KEY = { guildId: GUILD, channelId: CHANNEL, period: '2026-03-07' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const after = (ms: number, from = FIRE): Date => new Date(from.getTime() + ms);

const { tempDir, open } = useStateDbs();
const tempDbPath = (): string => join(tempDir(), 'state.db');

function subscribe(db: StateDb, options: { guildId?: string; channelId?: string; schedule?: RecapSchedule; at?: Date } = {}): void {
  saveSubscription(
    db,
    {
      guildId: options.guildId ?? GUILD,
      channelId: options.channelId ?? CHANNEL,
      schedule: options.schedule ?? SATURDAY_9AM_NY,
      setBy: MODERATOR,
    },
    options.at ?? new Date('2026-03-01T12:00:00Z'),
  );
}

type Overrides = Partial<Omit<RecapRunnerDeps<string>, 'clock' | 'state'>>;

/** The state contract over the test's connection, its lease clock at `at`. */
const stateAt = (db: StateDb, at: () => Date) => sqliteStateStoreOver(db, { clock: at });

/** What `/recaps status` would show at `now`. */
const statusOf = (db: StateDb, now: Date) =>
  subscriptionStatus(
    stateAt(db, () => now),
    GUILD,
    now,
  );

/** A runner whose ledger clock stands still at the tick's time, as a minute's tick effectively does. */
function runner(db: StateDb, channels: FakeChannels, overrides: Overrides = {}) {
  const logger = recordingLogger();
  let current = new Date(0);
  const deps = {
    state: stateAt(db, () => current),
    owner: 'runner-a',
    composeRecap: (): readonly string[] => ['weekly recap'],
    postMessage: channels.post,
    logger,
    ...overrides,
  };
  return {
    logger,
    tick: (now: Date): Promise<RecapRunSummary> => {
      channels.time = now;
      current = now;
      return runDueRecaps({ ...deps, clock: () => now }, now);
    },
  };
}

const nothing: RecapRunSummary = { posted: 0, failed: 0, retried: 0, skipped: 0, errors: 0 };
const serverError: PostResult = { ok: false, permanent: false, error: '503 Service Unavailable' };

/** Saturday's two-part recap: part 1 lands, then the process dies before sending part 2. */
async function crashAfterPartOne() {
  const path = tempDbPath();
  const discord = new FakeChannels();
  const twoParts = { composeRecap: (): readonly string[] => ['part 1', 'part 2'] };
  const first = open(path);
  subscribe(first);
  discord.queueOutcomes(CHANNEL, 'deliver', 'crash-before-send');
  void runner(first, discord, twoParts).tick(FIRE);
  await new Promise((resolve) => setImmediate(resolve));
  first.close();
  return { path, discord, twoParts };
}

/** Saturday's recap meets a 503 at its time, so a retry is pending two minutes later. */
async function retryPendingAfter503() {
  const db = open();
  subscribe(db);
  const channels = new FakeChannels();
  channels.queueOutcomes(CHANNEL, serverError);
  const { tick } = runner(db, channels);
  expect(await tick(FIRE)).toEqual({ ...nothing, retried: 1 });
  return { db, channels, tick };
}

describe('runDueRecaps on time', () => {
  test('GIVEN Saturday 09:00 New York THEN nothing before it, one post at it, none after', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    const { tick } = runner(db, channels);

    expect(await tick(after(-MINUTE))).toEqual(nothing);
    expect(await tick(FIRE)).toEqual({ ...nothing, posted: 1 });
    for (const minutes of [1, 2, 60, 6 * 60]) expect(await tick(after(minutes * MINUTE))).toEqual(nothing);

    expect(channels.messages).toEqual([
      { id: expect.any(String), channelId: CHANNEL, part: 'weekly recap', nonce: recapNonce(KEY, 0), at: FIRE },
    ]);
    expect(getRecapPost(db, KEY)).toMatchObject({ status: 'posted', messageIds: [channels.messages[0]?.id] });
  });

  test('GIVEN a tick every minute over New York spring-forward THEN a 02:30 recap posts once, at 03:30 EDT', async () => {
    const db = open();
    subscribe(db, { schedule: { days: ['sunday'], time: '02:30', timeZone: 'America/New_York' } });
    const channels = new FakeChannels();
    const { tick } = runner(db, channels);
    const postedAt: string[] = [];
    for (let now = new Date('2026-03-08T06:00:00Z'); now < new Date('2026-03-08T09:00:00Z'); now = after(MINUTE, now)) {
      if ((await tick(now)).posted > 0) postedAt.push(now.toISOString());
    }
    expect(postedAt).toEqual(['2026-03-08T07:30:00.000Z']);
  });

  test('GIVEN a tick every minute over New York fall-back THEN a 01:30 recap posts once, at 01:30 EDT', async () => {
    const db = open();
    subscribe(db, { schedule: { days: ['sunday'], time: '01:30', timeZone: 'America/New_York' } });
    const channels = new FakeChannels();
    const { tick } = runner(db, channels);
    const postedAt: string[] = [];
    for (let now = new Date('2026-11-01T04:30:00Z'); now < new Date('2026-11-01T07:30:00Z'); now = after(MINUTE, now)) {
      if ((await tick(now)).posted > 0) postedAt.push(now.toISOString());
    }
    expect(postedAt).toEqual(['2026-11-01T05:30:00.000Z']);
    expect(channels.messages).toHaveLength(1);
  });

  test("GIVEN a subscription set after this week's time THEN this week is neither posted nor skipped, next week posts", async () => {
    const db = open();
    subscribe(db, { at: after(HOUR) });
    const channels = new FakeChannels();
    const { tick } = runner(db, channels);
    expect(await tick(after(2 * HOUR))).toEqual(nothing);
    expect(getRecapPost(db, KEY)).toBeUndefined();
    expect(await tick(new Date('2026-03-14T13:00:00Z'))).toEqual({ ...nothing, posted: 1 });
  });
});

describe('runDueRecaps after downtime', () => {
  test('GIVEN the bot back 11 h 59 min late THEN the missed period posts once', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    const { tick } = runner(db, channels);
    expect(await tick(after(11 * HOUR + 59 * MINUTE))).toEqual({ ...nothing, posted: 1 });
    expect(await tick(after(12 * HOUR))).toEqual(nothing);
    expect(channels.messages).toHaveLength(1);
  });

  test('GIVEN the bot back more than the 12 h grace late THEN the period is recorded as skipped once, with the reason, and not posted', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    const { tick } = runner(db, channels);
    const back = after(24 * HOUR + 30 * MINUTE);
    expect(await tick(back)).toEqual({ ...nothing, skipped: 1 });
    expect(await tick(after(MINUTE, back))).toEqual(nothing);
    expect(channels.calls).toEqual([]);
    expect(getRecapPost(db, KEY)).toMatchObject({ status: 'skipped', error: 'missed by more than 12 h' });
    expect((await statusOf(db, back)).lastSkip).toEqual({
      at: back,
      period: '2026-03-07',
      channelId: CHANNEL,
      reason: 'missed by more than 12 h',
    });
  });

  test('GIVEN a longer grace window THEN the same delay still posts', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    const { tick } = runner(db, channels, { graceHours: 48 });
    expect(await tick(after(24 * HOUR + 30 * MINUTE))).toEqual({ ...nothing, posted: 1 });
  });

  test('GIVEN a daily schedule and two days down THEN the period inside the grace posts and the older ones are skipped', async () => {
    const db = open();
    subscribe(db, { schedule: { ...SATURDAY_9AM_NY, days: ['thursday', 'friday', 'saturday'] } });
    const channels = new FakeChannels();
    const { tick } = runner(db, channels);
    expect(await tick(after(HOUR))).toEqual({ ...nothing, posted: 1, skipped: 2 });
    expect(getRecapPost(db, { ...KEY, period: '2026-03-05' })?.status).toBe('skipped');
    expect(getRecapPost(db, { ...KEY, period: '2026-03-06' })?.status).toBe('skipped');
    expect(getRecapPost(db, KEY)?.status).toBe('posted');
  });
});

describe('runDueRecaps after a crash', () => {
  test('GIVEN a claim whose process died before posting THEN a new runner waits out the lease and posts once, with the same nonce', async () => {
    const path = tempDbPath();
    const crashed = open(path);
    subscribe(crashed);
    expect(claimRecapPeriod(crashed, KEY, { now: FIRE, owner: 'crashed-process', leaseMs: DEFAULT_LEASE_MS })).toBeDefined();
    crashed.close();

    const channels = new FakeChannels();
    const { tick } = runner(open(path), channels, { owner: 'restarted-process' });
    expect(await tick(after(MINUTE))).toEqual(nothing);
    expect(await tick(after(DEFAULT_LEASE_MS))).toEqual({ ...nothing, posted: 1 });
    expect(channels.calls).toEqual([{ channelId: CHANNEL, part: 'weekly recap', nonce: recapNonce(KEY, 0) }]);
    expect(await tick(after(DEFAULT_LEASE_MS + MINUTE))).toEqual(nothing);
  });

  test('GIVEN a process that died after Discord took the message but before recording it THEN the retry reuses the nonce and the channel has one message', async () => {
    const path = tempDbPath();
    const discord = new FakeChannels();
    const first = open(path);
    subscribe(first);
    discord.queueOutcomes(CHANNEL, 'crash-after-send');
    void runner(first, discord).tick(FIRE);
    await new Promise((resolve) => setImmediate(resolve));
    first.close();

    const { tick } = runner(open(path), discord, { owner: 'restarted-process' });
    expect(await tick(after(DEFAULT_LEASE_MS))).toEqual({ ...nothing, posted: 1 });
    expect(discord.calls.map((call) => call.nonce)).toEqual([recapNonce(KEY, 0), recapNonce(KEY, 0)]);
    expect(discord.messages).toHaveLength(1);
    expect(getRecapPost(open(path), KEY)).toMatchObject({ status: 'posted', messageIds: [discord.messages[0]?.id] });
  });

  test('GIVEN a crash after part 1 of 2 THEN the next runner posts part 2 only', async () => {
    const { path, discord, twoParts } = await crashAfterPartOne();
    expect(discord.messages.map((message) => message.part)).toEqual(['part 1']);

    const { tick } = runner(open(path), discord, { ...twoParts, owner: 'restarted-process' });
    expect(await tick(after(DEFAULT_LEASE_MS + MINUTE))).toEqual({ ...nothing, posted: 1 });
    expect(discord.calls.slice(2)).toEqual([{ channelId: CHANNEL, part: 'part 2', nonce: recapNonce(KEY, 1) }]);
    expect(discord.messages.map((message) => message.part)).toEqual(['part 1', 'part 2']);
    expect(getRecapPost(open(path), KEY)?.messageIds).toEqual(discord.messages.map((message) => message.id));
  });
});

describe('runDueRecaps after Discord has forgotten the nonce', () => {
  const LONG_OUTAGE = 30 * MINUTE;

  async function crashAfterSend(channels: FakeChannels): Promise<string> {
    const path = tempDbPath();
    const first = open(path);
    subscribe(first);
    channels.queueOutcomes(CHANNEL, 'crash-after-send');
    void runner(first, channels).tick(FIRE);
    await new Promise((resolve) => setImmediate(resolve));
    first.close();
    return path;
  }

  test('GIVEN a crash after Discord took the message and a restart half an hour later THEN the history shows it and it is recorded, not posted again', async () => {
    const channels = new FakeChannels({ rememberNonces: false });
    const path = await crashAfterSend(channels);
    const { tick, logger } = runner(open(path), channels, { owner: 'restarted-process', findPostedMessages: channels.findPosted });
    expect(await tick(after(LONG_OUTAGE))).toEqual({ ...nothing, posted: 1 });

    expect(channels.calls).toHaveLength(1);
    expect(channels.messages).toHaveLength(1);
    expect(channels.historyReads).toEqual([{ channelId: CHANNEL, part: 'weekly recap', window: { time: FIRE } }]);
    expect(getRecapPost(open(path), KEY)).toMatchObject({ status: 'posted', messageIds: [channels.messages[0]?.id] });
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/already in the channel/) }),
    );
  });

  test('GIVEN a 503 on a message Discord did create, a retry that fails before Discord, and a third try after the nonce is forgotten THEN the first message is found', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels({ rememberNonces: false });
    channels.queueOutcomes(CHANNEL, 'send-then-503', serverError);
    let reads = 0;
    const historyDownOnce: typeof channels.findPosted = (...args) =>
      ++reads === 1 ? Promise.reject(new Error('500 Internal Server Error')) : channels.findPosted(...args);
    const { tick } = runner(db, channels, { findPostedMessages: historyDownOnce });
    expect(await tick(FIRE)).toEqual({ ...nothing, retried: 1 });
    expect(await tick(after(2 * MINUTE))).toEqual({ ...nothing, retried: 1 });
    expect(await tick(after(10 * MINUTE))).toEqual({ ...nothing, posted: 1 });

    expect(channels.calls).toHaveLength(2);
    expect(channels.messages).toHaveLength(1);
    expect(getRecapPost(db, KEY)).toMatchObject({ status: 'posted', attempts: 3, messageIds: [channels.messages[0]?.id] });
  });

  test("GIVEN another period's identical message in the window THEN it is not taken for this one: the part is posted", async () => {
    const channels = new FakeChannels({ rememberNonces: false });
    const path = tempDbPath();
    const db = open(path);
    subscribe(db);
    claimRecapPeriod(db, KEY, { now: FIRE, owner: 'crashed-process', leaseMs: DEFAULT_LEASE_MS, scheduledAt: FIRE });
    const subscription = getSubscription(db, GUILD);
    if (subscription === undefined) throw new Error('subscription was not saved');
    const manual = { at: after(MINUTE), period: `manual-${after(MINUTE).toISOString()}` };
    channels.time = manual.at;
    const deps = {
      state: stateAt(db, () => manual.at),
      owner: 'post-now',
      composeRecap: () => ['weekly recap'],
      postMessage: channels.post,
      logger: recordingLogger(),
    };
    expect(await postRecapOccurrence({ ...deps, clock: () => manual.at, maxAttempts: 1 }, subscription, manual)).toMatchObject({
      kind: 'posted',
    });

    const { tick } = runner(db, channels, { owner: 'restarted-process', findPostedMessages: channels.findPosted });
    expect(await tick(after(DEFAULT_LEASE_MS + MINUTE))).toEqual({ ...nothing, posted: 1 });
    expect(channels.messages).toHaveLength(2);
    expect(getRecapPost(db, KEY)?.messageIds).toEqual([channels.messages[1]?.id]);
  });

  test('GIVEN the history cannot be read THEN it posts anyway, with its nonce, and says why in the log', async () => {
    const channels = new FakeChannels();
    const path = await crashAfterSend(channels);
    const unreadable = () => Promise.reject(new Error('Missing Access'));
    const { tick, logger } = runner(open(path), channels, { owner: 'restarted-process', findPostedMessages: unreadable });
    expect(await tick(after(LONG_OUTAGE))).toEqual({ ...nothing, posted: 1 });

    expect(channels.calls.map((call) => call.nonce)).toEqual([recapNonce(KEY, 0), recapNonce(KEY, 0)]);
    expect(channels.messages).toHaveLength(1);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ error: 'Missing Access' }) }),
    );
  });

  test('GIVEN a first attempt THEN the history is not read: nothing can be in flight yet', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    const { tick } = runner(db, channels, { findPostedMessages: channels.findPosted });
    expect(await tick(FIRE)).toEqual({ ...nothing, posted: 1 });
    expect(channels.historyReads).toEqual([]);
  });
});

describe('runDueRecaps failures', () => {
  const unknownChannel: PostResult = { ok: false, permanent: true, error: 'Unknown Channel (10003)' };

  test('GIVEN a deleted channel THEN the failure is recorded, shown in status, and never retried', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    channels.queueOutcomes(CHANNEL, unknownChannel);
    const { tick, logger } = runner(db, channels);
    expect(await tick(FIRE)).toEqual({ ...nothing, failed: 1 });
    for (const minutes of [1, 5, 60, 11 * 60]) expect(await tick(after(minutes * MINUTE))).toEqual(nothing);
    expect(channels.calls).toHaveLength(1);
    expect((await statusOf(db, after(HOUR))).lastFailure).toEqual({
      at: FIRE,
      period: '2026-03-07',
      channelId: CHANNEL,
      reason: 'Unknown Channel (10003)',
      attempts: 1,
      retryAt: undefined,
    });
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error', fields: expect.objectContaining({ guildId: GUILD }) }));
  });

  test('GIVEN a transient failure THEN it is retried on a later tick with the same nonce and then posted', async () => {
    const { db, channels, tick } = await retryPendingAfter503();
    expect((await statusOf(db, FIRE)).lastFailure).toMatchObject({
      reason: '503 Service Unavailable',
      retryAt: after(2 * MINUTE),
    });
    expect(await tick(after(MINUTE))).toEqual(nothing);
    expect(await tick(after(2 * MINUTE))).toEqual({ ...nothing, posted: 1 });
    expect(channels.calls.map((call) => call.nonce)).toEqual([recapNonce(KEY, 0), recapNonce(KEY, 0)]);
    expect(channels.messages).toHaveLength(1);
    const status = await statusOf(db, after(2 * MINUTE));
    expect(status.lastFailure).toBeUndefined();
    expect(status.lastPost).toEqual({
      at: after(2 * MINUTE),
      period: '2026-03-07',
      channelId: CHANNEL,
      messageIds: [channels.messages[0]?.id],
    });
  });

  test('GIVEN transient failures on every attempt THEN it stops after the maximum with the last reason in status', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    channels.queueOutcomes(CHANNEL, serverError, serverError, serverError);
    const { tick } = runner(db, channels, { maxAttempts: 3 });
    expect(await tick(FIRE)).toEqual({ ...nothing, retried: 1 });
    expect(await tick(after(2 * MINUTE))).toEqual({ ...nothing, retried: 1 });
    expect(await tick(after(9 * MINUTE))).toEqual(nothing);
    expect(await tick(after(10 * MINUTE))).toEqual({ ...nothing, failed: 1 });
    expect(await tick(after(5 * HOUR))).toEqual(nothing);
    expect(channels.calls).toHaveLength(3);
    expect((await statusOf(db, after(5 * HOUR))).lastFailure).toMatchObject({
      reason: '503 Service Unavailable',
      attempts: 3,
      retryAt: undefined,
    });
  });

  test('GIVEN a transient failure and then downtime past the grace window THEN the period ends failed and status promises no retry', async () => {
    const { db, channels, tick } = await retryPendingAfter503();
    const back = after(13 * HOUR);
    expect(await tick(back)).toEqual({ ...nothing, failed: 1 });
    expect(await tick(after(MINUTE, back))).toEqual(nothing);
    expect(channels.calls).toHaveLength(1);
    expect((await statusOf(db, back)).lastFailure).toEqual({
      at: back,
      period: '2026-03-07',
      channelId: CHANNEL,
      reason: '503 Service Unavailable (not posted within 12 h)',
      attempts: 1,
      retryAt: undefined,
    });
  });

  test('GIVEN a claim abandoned by a crash and downtime past the grace window THEN the period ends failed, not claimed forever', async () => {
    const db = open();
    subscribe(db);
    claimRecapPeriod(db, KEY, { now: FIRE, owner: 'crashed-process', leaseMs: DEFAULT_LEASE_MS });
    const { tick } = runner(db, new FakeChannels());
    expect(await tick(after(13 * HOUR))).toEqual({ ...nothing, failed: 1 });
    expect(getRecapPost(db, KEY)).toMatchObject({ status: 'failed', error: 'not posted within 12 h' });
  });

  test('GIVEN composing the recap throws THEN it counts as transient and a later tick posts', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    let calls = 0;
    const { tick } = runner(db, channels, {
      composeRecap: () => {
        calls += 1;
        if (calls === 1) throw new Error('snapshot reload in progress');
        return ['weekly recap'];
      },
    });
    expect(await tick(FIRE)).toEqual({ ...nothing, retried: 1 });
    expect(getRecapPost(db, KEY)?.error).toContain('snapshot reload in progress');
    expect(await tick(after(2 * MINUTE))).toEqual({ ...nothing, posted: 1 });
  });

  test('GIVEN an unreadable subscription and a failing channel among others THEN every other guild still gets its recap', async () => {
    const db = open();
    const guilds = ['1001', '1002', '1003', '1004'];
    for (const guildId of guilds) subscribe(db, { guildId, channelId: `${guildId}0` });
    db.prepare(`INSERT INTO subscriptions VALUES ('1000', '10000', 'saturday', '09:00', 'Mars/Olympus_Mons', 0, 0, '1')`).run();
    const channels = new FakeChannels();
    channels.queueOutcomes('10020', unknownChannel);
    const { tick, logger } = runner(db, channels);
    expect(await tick(FIRE)).toEqual({ ...nothing, posted: 3, failed: 1, errors: 1 });
    expect(channels.messages.map((message) => message.channelId).sort()).toEqual(['10010', '10030', '10040']);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ guildId: '1000' }) }),
    );
  });
});

describe('runDueRecaps fan-out', () => {
  test('GIVEN many channels and one slow one THEN posts run concurrently up to the limit and the rest do not wait for the slow one', async () => {
    const db = open();
    const guilds = Array.from({ length: 60 }, (_, index) => String(5000 + index));
    for (const guildId of guilds) subscribe(db, { guildId, channelId: `${guildId}9` });
    const channels = new FakeChannels();
    let inFlight = 0;
    let mostInFlight = 0;
    let releaseSlow = (): void => {};
    const slowGate = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const { tick } = runner(db, channels, {
      concurrency: 10,
      postMessage: async (channelId, part, nonce) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await (channelId === '50009' ? slowGate : new Promise((resolve) => setTimeout(resolve, 2)));
        inFlight -= 1;
        return channels.post(channelId, part, nonce);
      },
    });
    const run = tick(FIRE);
    await expect.poll(() => channels.messages.length, { timeout: 5_000 }).toBe(59);
    expect(channels.messages.some((message) => message.channelId === '50009')).toBe(false);
    releaseSlow();
    expect(await run).toEqual({ ...nothing, posted: 60 });
    expect(mostInFlight).toBe(10);
  });

  test('GIVEN two runners on two connections to one file ticking at once THEN each period is posted exactly once', async () => {
    const path = tempDbPath();
    const setup = open(path);
    const guilds = Array.from({ length: 40 }, (_, index) => String(7000 + index));
    for (const guildId of guilds) subscribe(setup, { guildId, channelId: `${guildId}9` });
    const slowly = (channels: FakeChannels) => async (channelId: string, part: string, nonce: string) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      return channels.post(channelId, part, nonce);
    };
    const discordA = new FakeChannels();
    const discordB = new FakeChannels();
    const a = runner(open(path), discordA, { owner: 'a', concurrency: 7, postMessage: slowly(discordA) });
    const b = runner(open(path), discordB, { owner: 'b', concurrency: 7, postMessage: slowly(discordB) });

    const [summaryA, summaryB] = await Promise.all([a.tick(FIRE), b.tick(FIRE)]);
    expect(summaryA.posted + summaryB.posted).toBe(40);
    const posted = [...discordA.messages, ...discordB.messages].map((message) => message.channelId).sort();
    expect(posted).toEqual(guilds.map((guildId) => `${guildId}9`));
    expect(await a.tick(after(MINUTE))).toEqual(nothing);
  });
});

describe('runDueRecaps after the moderator changes the schedule', () => {
  const SUNDAY_10AM_NY: RecapSchedule = { days: ['sunday'], time: '10:00', timeZone: 'America/New_York' };
  /** Sunday 8 March 2026, 10:00 in New York: daylight time began at 02:00 that morning. */
  const SUNDAY_FIRE = new Date('2026-03-08T14:00:00Z');
  const SUNDAY_KEY = { ...KEY, period: '2026-03-08' };

  test('GIVEN a retry pending when the days change THEN the retry still posts once, with its nonce, and the new day posts too', async () => {
    const { db, channels, tick } = await retryPendingAfter503();
    subscribe(db, { schedule: SUNDAY_10AM_NY, at: after(MINUTE) });

    expect(await tick(after(MINUTE + 30_000))).toEqual(nothing);
    expect(await tick(after(2 * MINUTE))).toEqual({ ...nothing, posted: 1 });
    expect(await tick(after(3 * MINUTE))).toEqual(nothing);
    expect(await tick(SUNDAY_FIRE)).toEqual({ ...nothing, posted: 1 });

    expect(channels.calls.map((call) => call.nonce)).toEqual([recapNonce(KEY, 0), recapNonce(KEY, 0), recapNonce(SUNDAY_KEY, 0)]);
    expect(channels.in(CHANNEL)).toHaveLength(2);
    expect(getRecapPost(db, KEY)).toMatchObject({ status: 'posted', attempts: 2 });
  });

  test('GIVEN a crash after part 1 of 2 and then a new time THEN the restarted bot posts part 2 only', async () => {
    const { path, discord, twoParts } = await crashAfterPartOne();

    const restarted = open(path);
    subscribe(restarted, { schedule: SUNDAY_10AM_NY, at: after(MINUTE) });
    const { tick } = runner(restarted, discord, { ...twoParts, owner: 'restarted-process' });
    expect(await tick(after(DEFAULT_LEASE_MS + MINUTE))).toEqual({ ...nothing, posted: 1 });
    expect(discord.calls.slice(2)).toEqual([{ channelId: CHANNEL, part: 'part 2', nonce: recapNonce(KEY, 1) }]);
    expect(discord.messages.map((message) => message.part)).toEqual(['part 1', 'part 2']);
  });

  test('GIVEN a retry pending when the days change, then downtime past the grace window THEN the period ends failed, once', async () => {
    const { db, channels, tick } = await retryPendingAfter503();
    subscribe(db, { schedule: SUNDAY_10AM_NY, at: after(MINUTE) });

    const back = after(13 * HOUR);
    expect(await tick(back)).toEqual({ ...nothing, failed: 1 });
    expect(await tick(after(MINUTE, back))).toEqual(nothing);
    expect(channels.calls).toHaveLength(1);
    expect(getRecapPost(db, KEY)).toMatchObject({
      status: 'failed',
      error: '503 Service Unavailable (not posted within 12 h)',
      retryAt: undefined,
    });
  });

  test('GIVEN a retry pending when the recap moves to another channel and back THEN the old period ends failed with why, and is never posted', async () => {
    const { db, channels, tick } = await retryPendingAfter503();
    subscribe(db, { channelId: '444444444444444444', at: after(MINUTE) });
    expect(getRecapPost(db, KEY)).toMatchObject({
      status: 'failed',
      error: '503 Service Unavailable (the recap moved to another channel)',
      retryAt: undefined,
    });
    expect(await tick(after(2 * MINUTE))).toEqual(nothing);
    subscribe(db, { at: after(3 * MINUTE) });
    for (const minutes of [4, 5, 60]) expect(await tick(after(minutes * MINUTE))).toEqual(nothing);
    expect(channels.calls).toHaveLength(1);
  });

  test('GIVEN a retry pending when recaps are turned off and on again THEN the old period is not revived', async () => {
    const { db, channels, tick } = await retryPendingAfter503();
    removeGuild(db, GUILD, after(MINUTE), 'recaps were turned off');
    subscribe(db, { at: after(MINUTE + 30_000) });
    for (const minutes of [2, 5, 60]) expect(await tick(after(minutes * MINUTE))).toEqual(nothing);
    expect(channels.calls).toHaveLength(1);
    expect((await statusOf(db, after(HOUR))).lastFailure).toMatchObject({
      reason: '503 Service Unavailable (recaps were turned off)',
      retryAt: undefined,
    });
  });

  test('GIVEN a retry pending and the new schedule due in the same tick with the same data THEN the older period posts and the newer is skipped as a repeat', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    channels.queueOutcomes(CHANNEL, serverError);
    const { tick } = runner(db, channels, { contentKey: () => 'same data', skipRepeatedContent: true });
    expect(await tick(FIRE)).toEqual({ ...nothing, retried: 1 });
    // Sunday 03:02 in Auckland (daylight time, UTC+13) is 14:02 UTC on Saturday: the retry's minute, on another local date.
    const AUCKLAND_SUNDAY_0302: RecapSchedule = { days: ['sunday'], time: '03:02', timeZone: 'Pacific/Auckland' };
    subscribe(db, { schedule: AUCKLAND_SUNDAY_0302, at: after(MINUTE) });

    expect(await tick(after(2 * MINUTE))).toEqual({ ...nothing, posted: 1, skipped: 1 });
    expect(channels.messages).toHaveLength(1);
    expect(getRecapPost(db, KEY)?.status).toBe('posted');
    expect(getRecapPost(db, { ...KEY, period: '2026-03-08' })).toMatchObject({
      status: 'skipped',
      error: 'no new data since the last recap posted here',
    });
  });

  test('GIVEN a manual post that crashed THEN no tick resumes it: the moderator decides whether to post again', async () => {
    const db = open();
    subscribe(db, { at: after(MINUTE) });
    const pressed = after(2 * MINUTE);
    const manual = { ...KEY, period: `manual-${pressed.toISOString()}` };
    claimRecapPeriod(db, manual, {
      now: pressed,
      owner: 'crashed-process',
      leaseMs: DEFAULT_LEASE_MS,
      maxAttempts: 1,
      scheduledAt: pressed,
    });
    const channels = new FakeChannels();
    const { tick } = runner(db, channels);
    for (const minutes of [5, 60]) expect(await tick(after(minutes * MINUTE))).toEqual(nothing);
    expect(channels.calls).toHaveLength(0);
    expect(getRecapPost(db, manual)?.status).toBe('claimed');
  });
});

describe('runDueRecaps when recaps are turned off or moved during a post', () => {
  const twoParts = { composeRecap: (): readonly string[] => ['part 1', 'part 2'] };

  test('GIVEN recaps turned off while part 1 is on its way THEN part 2 is not sent, and the log names the message the ledger could not record', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    const turnedOffDuringSend = (channelId: string, part: string, nonce: string) => {
      removeGuild(db, GUILD, FIRE, 'recaps were turned off');
      return channels.post(channelId, part, nonce);
    };
    const { tick, logger } = runner(db, channels, { ...twoParts, postMessage: turnedOffDuringSend });
    expect(await tick(FIRE)).toEqual(nothing);

    expect(channels.calls.map((call) => call.part)).toEqual(['part 1']);
    expect(getRecapPost(db, KEY)).toMatchObject({ status: 'failed', error: 'recaps were turned off', partsPosted: 0 });
    expect(logger.entries).toContainEqual({
      level: 'info',
      message: 'recap stopped: the period was closed while it was posting',
      fields: expect.objectContaining({ reason: 'recaps were turned off', unrecordedMessageId: channels.messages[0]?.id }),
    });
    expect(logger.entries.map((entry) => entry.message)).not.toContainEqual(expect.stringMatching(/taken over/));
  });

  test('GIVEN recaps moved to another channel while the recap is being composed THEN nothing is sent to the old one', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    const movedDuringCompose = async (): Promise<readonly string[]> => {
      subscribe(db, { channelId: '444444444444444444', at: FIRE });
      return ['weekly recap'];
    };
    const { tick } = runner(db, channels, { composeRecap: movedDuringCompose });
    expect(await tick(FIRE)).toEqual(nothing);
    expect(channels.calls).toEqual([]);
    expect(getRecapPost(db, KEY)).toMatchObject({ status: 'failed', error: 'the recap moved to another channel' });
  });

  test('GIVEN a guild turned off while the tick is busy with another guild THEN the tick does not post to it', async () => {
    const db = open();
    const OTHER_GUILD = '555555555555555555';
    const OTHER_CHANNEL = '666666666666666666';
    subscribe(db);
    subscribe(db, { guildId: OTHER_GUILD, channelId: OTHER_CHANNEL });
    const channels = new FakeChannels();
    const offForTheOther = (channelId: string, part: string, nonce: string) => {
      removeGuild(db, OTHER_GUILD, FIRE, 'recaps were turned off');
      return channels.post(channelId, part, nonce);
    };
    const { tick } = runner(db, channels, { postMessage: offForTheOther, concurrency: 1 });
    expect(await tick(FIRE)).toEqual({ ...nothing, posted: 1 });
    expect(channels.in(CHANNEL)).toHaveLength(1);
    expect(channels.in(OTHER_CHANNEL)).toEqual([]);
    expect(getRecapPost(db, { ...KEY, guildId: OTHER_GUILD, channelId: OTHER_CHANNEL })).toBeUndefined();
  });
});

describe('postRecapOccurrence', () => {
  test('GIVEN one period posted by hand THEN it reports the message ids, and a second try finds nothing to claim', async () => {
    const db = open();
    subscribe(db);
    const subscription = getSubscription(db, GUILD);
    if (subscription === undefined) throw new Error('subscription was not saved');
    const channels = new FakeChannels();
    const deps = {
      state: stateAt(db, () => FIRE),
      owner: 'post-now',
      composeRecap: (): readonly string[] => ['part 1', 'part 2'],
      postMessage: channels.post,
      logger: recordingLogger(),
      clock: () => FIRE,
    };
    const occurrence = { at: FIRE, period: '2026-03-07' };
    expect(await postRecapOccurrence(deps, subscription, occurrence)).toEqual({
      kind: 'posted',
      messageIds: channels.messages.map((message) => message.id),
    });
    expect(channels.messages).toHaveLength(2);
    expect(await postRecapOccurrence(deps, subscription, occurrence)).toEqual({ kind: 'not-claimed' });
  });
});

describe('subscriptionStatus', () => {
  test('GIVEN a subscription THEN status shows it and the next post time in its zone', async () => {
    const db = open();
    subscribe(db);
    const status = await statusOf(db, after(MINUTE));
    expect(status.subscription?.schedule).toEqual(SATURDAY_9AM_NY);
    expect(status.nextPost).toEqual({ at: new Date('2026-03-14T13:00:00Z'), period: '2026-03-14' });
    expect(status.lastPost).toBeUndefined();
  });

  test('GIVEN recaps turned off THEN status has no schedule but keeps the history', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    await runner(db, channels).tick(FIRE);
    removeGuild(db, GUILD, after(MINUTE), 'recaps were turned off');
    const status = await statusOf(db, after(HOUR));
    expect(status.subscription).toBeUndefined();
    expect(status.nextPost).toBeUndefined();
    expect(status.lastPost?.period).toBe('2026-03-07');
  });
});

describe('runDueRecaps when the data has not changed since the last recap', () => {
  const WEEK = 7 * 24 * HOUR;

  test('GIVEN the same data a week later THEN that week is skipped with its reason, and new data posts the week after', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    let content = 'snapshot-2025-12-07';
    const { tick } = runner(db, channels, { contentKey: () => content, skipRepeatedContent: true });

    expect(await tick(FIRE)).toEqual({ ...nothing, posted: 1 });
    expect(await tick(after(WEEK))).toEqual({ ...nothing, skipped: 1 });
    expect(getRecapPost(db, { ...KEY, period: '2026-03-14' })).toMatchObject({
      status: 'skipped',
      error: 'no new data since the last recap posted here',
    });
    expect((await statusOf(db, after(WEEK))).lastSkip).toMatchObject({ period: '2026-03-14' });

    content = 'snapshot-2025-12-14';
    expect(await tick(after(2 * WEEK))).toEqual({ ...nothing, posted: 1 });
    expect(channels.messages).toHaveLength(2);
  });

  test('GIVEN repeats allowed (a manual post) THEN the same data posts again, and a later scheduled post still sees it as posted', async () => {
    const db = open();
    subscribe(db);
    const channels = new FakeChannels();
    const { tick } = runner(db, channels, { contentKey: () => 'same', skipRepeatedContent: false });
    expect(await tick(FIRE)).toEqual({ ...nothing, posted: 1 });
    expect(await tick(after(WEEK))).toEqual({ ...nothing, posted: 1 });

    const strict = runner(db, channels, { contentKey: () => 'same', skipRepeatedContent: true });
    expect(await strict.tick(after(2 * WEEK))).toEqual({ ...nothing, skipped: 1 });
    expect(channels.messages).toHaveLength(2);
  });
});
