import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import type { NewDraft } from '../../src/publishing/dataDrafts';
import type { NewVersion } from '../../src/publishing/snapshotVersions';
import type { RecapClaim, RecapKey } from '../../src/schedule/recapLedger';
import type { SubscriptionChoice } from '../../src/schedule/subscriptionStore';
import { useEngine } from './stateEngines';

/**
 * The one contract of the bot's state, run unchanged on SQLite and on a real
 * PostgreSQL server: what a caller of StateStore can rely on, whichever engine
 * keeps the state.
 */

const GUILD = '111111111111111111';
const CHANNEL = '222222222222222222';
const OTHER_CHANNEL = '333333333333333333';
const t0 = new Date('2026-03-07T14:00:00Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);
const key = (period: string, channelId = CHANNEL): RecapKey => ({ guildId: GUILD, channelId, period });
const LONG_LEASE = 60_000;
/** Long enough for a claim and a few calls to land inside it on a busy machine, short enough to wait out. */
const SHORT_LEASE = 400;

const choice: SubscriptionChoice = {
  guildId: GUILD,
  channelId: CHANNEL,
  schedule: { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' },
  setBy: '444444444444444444',
};

const hash = (c: string): string => c.repeat(64);
const version = (asOf: string, c: string): NewVersion => ({
  asOf,
  figures: `{"asOf":"${asOf}","c":"${c}"}`,
  narrative: `# ${c}`,
  contentHash: hash(c),
  counts: { figures: 3, sources: 2, narrative: 1 },
  origin: 'import',
  createdBy: 'mod-1',
});
const draft: NewDraft = {
  owner: 'mod-1',
  kind: 'figures',
  fileName: 'figures.json',
  asOf: '2025-12-14',
  figures: '{"asOf":"2025-12-14"}',
  contentHash: hash('d'),
  findings: {
    counts: { figures: 3, sources: 2, narrative: 0 },
    errors: [],
    unresolved: [{ line: 4, text: 'up 3%', number: '3%', reason: 'no subject' }],
    reviewedAgainst: 1,
  },
};

function granted(claim: RecapClaim | undefined): RecapClaim {
  expect(claim).toBeDefined();
  return claim!;
}

describe.each(['sqlite', 'postgres'] as const)('GIVEN the %s engine', (engine) => {
  const state = useEngine(engine);

  describe('health', () => {
    test('GIVEN an open store THEN ping answers; closed THEN ping fails, as readiness reports it', async () => {
      const store = await state.open();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    });
  });

  describe('subscriptions', () => {
    test('GIVEN a server sets its recap THEN it reads back, and setting the same again keeps when it last changed', async () => {
      const store = await state.open();
      expect(await store.subscriptions.any()).toBe(false);
      const saved = await store.subscriptions.save(choice, t0);
      expect(saved).toEqual({ ...choice, createdAt: t0, updatedAt: t0 });
      expect(await store.subscriptions.save(choice, at(5_000))).toEqual(saved);
      const moved = await store.subscriptions.save({ ...choice, schedule: { ...choice.schedule, time: '10:30' } }, at(9_000));
      expect(moved).toMatchObject({ createdAt: t0, updatedAt: at(9_000), schedule: { time: '10:30' } });
      expect(await store.subscriptions.get(GUILD)).toEqual(moved);
      expect(await store.subscriptions.any()).toBe(true);
      expect(await store.subscriptions.list()).toEqual({ subscriptions: [moved], unreadable: [] });
    });

    test('GIVEN a recap moves to another channel THEN what the old channel was owed is closed with the reason, and turning recaps off closes the rest', async () => {
      const store = await state.open();
      await store.subscriptions.save(choice, t0);
      granted(await store.ledger.claim(key('2026-03-07'), { owner: 'a', leaseMs: LONG_LEASE }));
      await store.subscriptions.save({ ...choice, channelId: OTHER_CHANNEL }, at(1_000));
      expect(await store.ledger.get(key('2026-03-07'))).toMatchObject({ status: 'failed', error: 'the recap moved to another channel' });
      granted(await store.ledger.claim(key('2026-03-14', OTHER_CHANNEL), { owner: 'a', leaseMs: LONG_LEASE }));
      expect(await store.subscriptions.removeGuild(GUILD, at(2_000), 'recaps were turned off')).toBe(true);
      expect(await store.ledger.get(key('2026-03-14', OTHER_CHANNEL))).toMatchObject({ status: 'failed', error: 'recaps were turned off' });
      expect(await store.subscriptions.get(GUILD)).toBeUndefined();
      expect(await store.subscriptions.removeGuild(GUILD, at(3_000), 'again')).toBe(false);
    });
  });

  describe('the recap ledger', () => {
    test('GIVEN a new period THEN the first claim wins, a second while the lease runs gets nothing, and the row names the holder', async () => {
      const store = await state.open();
      const claim = granted(await store.ledger.claim(key('2026-03-07'), { owner: 'a', leaseMs: LONG_LEASE, scheduledAt: t0 }));
      expect(claim).toEqual({ key: key('2026-03-07'), owner: 'a', attempt: 1, partsPosted: 0, messageIds: [] });
      expect(await store.ledger.claim(key('2026-03-07'), { owner: 'b', leaseMs: LONG_LEASE })).toBeUndefined();
      expect(await store.ledger.get(key('2026-03-07'))).toMatchObject({ status: 'claimed', claimOwner: 'a', attempts: 1, scheduledAt: t0 });
    });

    test('GIVEN parts posted in order and the period marked posted THEN the ledger keeps the ids and what it said, and the period is never claimed again', async () => {
      const store = await state.open();
      const claim = granted(await store.ledger.claim(key('2026-03-07'), { owner: 'a', leaseMs: LONG_LEASE }));
      expect(await store.ledger.recordPart(claim, 1, 'm2')).toBe(false);
      expect(await store.ledger.renew(claim)).toBe(true);
      expect(await store.ledger.recordPart(claim, 0, 'm1')).toBe(true);
      expect(await store.ledger.recordPart(claim, 1, 'm2')).toBe(true);
      expect(await store.ledger.markPosted(claim, at(1_000), 'content-1')).toBe(true);
      expect(await store.ledger.get(key('2026-03-07'))).toMatchObject({
        status: 'posted',
        partsPosted: 2,
        messageIds: ['m1', 'm2'],
        finishedAt: at(1_000),
      });
      expect(await store.ledger.lastPostedContentKey(GUILD, CHANNEL)).toBe('content-1');
      expect(await store.ledger.recordedMessageIds(GUILD, CHANNEL)).toEqual(new Set(['m1', 'm2']));
      expect(await store.ledger.latest(GUILD, 'posted')).toMatchObject({ key: key('2026-03-07') });
      expect(await store.ledger.claim(key('2026-03-07'), { owner: 'b', leaseMs: 0 })).toBeUndefined();
      expect(await store.ledger.markPosted(claim, at(2_000))).toBe(false);
    });

    test('GIVEN a runner that stopped mid-post THEN after its lease another takes over where it stopped, and the first can no longer write', async () => {
      const store = await state.open();
      const first = granted(await store.ledger.claim(key('2026-03-07'), { owner: 'a', leaseMs: SHORT_LEASE, scheduledAt: t0 }));
      expect(await store.ledger.recordPart(first, 0, 'm1')).toBe(true);
      expect(await store.ledger.claim(key('2026-03-07'), { owner: 'b', leaseMs: SHORT_LEASE })).toBeUndefined();
      await sleep(SHORT_LEASE + 100);
      const second = granted(await store.ledger.claim(key('2026-03-07'), { owner: 'b', leaseMs: SHORT_LEASE }));
      expect(second).toEqual({
        key: key('2026-03-07'),
        owner: 'b',
        attempt: 2,
        partsPosted: 1,
        messageIds: ['m1'],
        unrecordedSendAfter: { messageId: 'm1', time: t0 },
      });
      expect(await store.ledger.renew(first)).toBe(false);
      expect(await store.ledger.recordPart(first, 1, 'stale')).toBe(false);
      expect(await store.ledger.markPosted(first, at(1_000))).toBe(false);
      expect(await store.ledger.recordPart(second, 1, 'm2')).toBe(true);
      expect(await store.ledger.markPosted(second, at(2_000))).toBe(true);
      expect(await store.ledger.get(key('2026-03-07'))).toMatchObject({ status: 'posted', messageIds: ['m1', 'm2'], claimOwner: 'b' });
    });

    test('GIVEN a crashed claim that used every attempt THEN the next claim closes it as failed instead of trying again', async () => {
      const store = await state.open();
      granted(await store.ledger.claim(key('2026-03-07'), { owner: 'a', leaseMs: SHORT_LEASE, maxAttempts: 1 }));
      await sleep(SHORT_LEASE + 100);
      expect(await store.ledger.claim(key('2026-03-07'), { owner: 'b', leaseMs: SHORT_LEASE, maxAttempts: 1 })).toBeUndefined();
      expect(await store.ledger.get(key('2026-03-07'))).toMatchObject({
        status: 'failed',
        error: 'interrupted mid-post on all 1 attempts (the bot stopped before finishing each time)',
      });
    });

    test('GIVEN failures THEN one with a retry due is claimed again and listed as unfinished, a final one never', async () => {
      const store = await state.open();
      const retried = granted(await store.ledger.claim(key('2026-03-07'), { owner: 'a', leaseMs: LONG_LEASE, scheduledAt: t0 }));
      expect(await store.ledger.markFailed(retried, at(1_000), 'Discord answered 500', new Date(Date.now() - 1_000))).toBe(true);
      const final = granted(await store.ledger.claim(key('2026-03-14'), { owner: 'a', leaseMs: LONG_LEASE, scheduledAt: at(7 * 86_400_000) }));
      expect(await store.ledger.markFailed(final, at(2_000), 'Missing Access')).toBe(true);
      expect((await store.ledger.unfinished(GUILD, CHANNEL)).map((row) => row.key.period)).toEqual(['2026-03-07']);
      expect(await store.ledger.latest(GUILD, 'failed')).toMatchObject({ key: key('2026-03-14'), error: 'Missing Access' });
      expect(await store.ledger.claim(key('2026-03-14'), { owner: 'b', leaseMs: LONG_LEASE })).toBeUndefined();
      expect(await store.ledger.claim(key('2026-03-07'), { owner: 'b', leaseMs: LONG_LEASE })).toMatchObject({ owner: 'b', attempt: 2 });
    });

    test('GIVEN a failure whose retry is not due yet THEN nobody may claim it', async () => {
      const store = await state.open();
      const claim = granted(await store.ledger.claim(key('2026-03-07'), { owner: 'a', leaseMs: LONG_LEASE }));
      expect(await store.ledger.markFailed(claim, at(1_000), 'Discord answered 500', new Date(Date.now() + 3_600_000))).toBe(true);
      expect(await store.ledger.claim(key('2026-03-07'), { owner: 'b', leaseMs: LONG_LEASE })).toBeUndefined();
    });

    test('GIVEN periods skipped, expired and closed THEN each says why, and only a period nobody holds is skipped', async () => {
      const store = await state.open();
      expect(await store.ledger.markSkipped(key('2026-02-28'), at(0), 'missed by more than 12 h')).toBe(true);
      expect(await store.ledger.markSkipped(key('2026-02-28'), at(1), 'again')).toBe(false);
      const held = granted(await store.ledger.claim(key('2026-03-07'), { owner: 'a', leaseMs: LONG_LEASE, scheduledAt: t0 }));
      expect(await store.ledger.markSkipped(key('2026-03-07'), at(2), 'late')).toBe(false);
      expect(await store.ledger.markExpired(key('2026-03-07'), at(3), LONG_LEASE, 'grace passed')).toBe(false);
      expect(await store.ledger.markFailed(held, at(4), 'Discord answered 500', at(60_000))).toBe(true);
      expect(await store.ledger.markExpired(key('2026-03-07'), at(5), LONG_LEASE, 'grace passed')).toBe(true);
      expect(await store.ledger.get(key('2026-03-07'))).toMatchObject({
        status: 'failed',
        error: 'Discord answered 500 (grace passed)',
        retryAt: undefined,
      });
      const skipped = granted(await store.ledger.claim(key('2026-03-14'), { owner: 'a', leaseMs: LONG_LEASE }));
      expect(await store.ledger.skipClaim(skipped, at(6), 'nothing new since the last recap')).toBe(true);
      expect(await store.ledger.latest(GUILD, 'skipped')).toMatchObject({ key: key('2026-03-14'), error: 'nothing new since the last recap' });
      const abandoned = granted(await store.ledger.claim(key('2026-03-21'), { owner: 'a', leaseMs: SHORT_LEASE }));
      await sleep(SHORT_LEASE + 100);
      expect(await store.ledger.markExpired(key('2026-03-21'), at(7), SHORT_LEASE, 'grace passed')).toBe(true);
      expect(await store.ledger.get(key('2026-03-21'))).toMatchObject({ status: 'failed', error: 'grace passed', finishedAt: at(7) });
      expect(await store.ledger.markPosted(abandoned, at(8))).toBe(false);
    });

    test('GIVEN unfinished periods in two channels THEN closing all but one channel ends only the others', async () => {
      const store = await state.open();
      granted(await store.ledger.claim(key('2026-03-07'), { owner: 'a', leaseMs: LONG_LEASE, scheduledAt: t0 }));
      granted(await store.ledger.claim(key('2026-03-07', OTHER_CHANNEL), { owner: 'a', leaseMs: LONG_LEASE, scheduledAt: t0 }));
      expect(await store.ledger.closeUnfinished(GUILD, CHANNEL, at(1_000), 'moved')).toBe(1);
      expect(await store.ledger.unfinished(GUILD, CHANNEL)).toHaveLength(1);
      expect(await store.ledger.unfinished(GUILD, OTHER_CHANNEL)).toEqual([]);
      expect(await store.ledger.closeUnfinished(GUILD, undefined, at(2_000), 'off')).toBe(1);
    });
  });

  describe('data drafts', () => {
    test('GIVEN a draft saved THEN it reads back with its findings, closes once, and is forgotten only a day after it expired', async () => {
      const store = await state.open();
      const saved = await store.drafts.save(draft, t0);
      expect(saved).toMatchObject({ ...draft, status: 'open', createdAt: t0, expiresAt: at(24 * 3_600_000) });
      expect(saved.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
      expect(await store.drafts.get(saved.id)).toEqual(saved);
      await store.drafts.markPublished(saved.id, 'mod-1', 2, at(1_000));
      await store.drafts.markDiscarded(saved.id, 'mod-2', at(2_000));
      expect(await store.drafts.get(saved.id)).toMatchObject({ status: 'published', closedBy: 'mod-1', closedAt: at(1_000), publishedVersion: 2 });
      expect(await store.drafts.deleteStale(at(47 * 3_600_000))).toBe(0);
      expect(await store.drafts.deleteStale(at(49 * 3_600_000))).toBe(1);
      expect(await store.drafts.get(saved.id)).toBeUndefined();
    });

    test('GIVEN an open draft discarded THEN it says who discarded it and can no longer be published', async () => {
      const store = await state.open();
      const saved = await store.drafts.save(draft, t0);
      await store.drafts.markDiscarded(saved.id, 'mod-2', at(1_000));
      await store.drafts.markPublished(saved.id, 'mod-1', 1, at(2_000));
      expect(await store.drafts.get(saved.id)).toEqual({ ...saved, status: 'discarded', closedBy: 'mod-2', closedAt: at(1_000) });
    });
  });

  describe('snapshot versions', () => {
    test('GIVEN versions added and moved in and out of service THEN each date numbers its own, and what is in service reads back', async () => {
      const store = await state.open();
      expect(await store.versions.any()).toBe(false);
      expect(await store.versions.add(version('2025-12-14', 'a'), t0)).toBe(1);
      expect(await store.versions.add(version('2025-12-14', 'b'), at(1_000))).toBe(2);
      expect(await store.versions.add(version('2025-12-07', 'c'), at(2_000))).toBe(1);
      await store.versions.putInService('2025-12-14', 1, 'mod-1', at(3_000));
      await store.versions.putInService('2025-12-07', 1, 'mod-1', at(3_000));
      await store.versions.putInService('2025-12-14', 2, 'mod-2', at(4_000));
      expect(await store.versions.listInService()).toEqual([
        { asOf: '2025-12-07', version: 1, contentHash: hash('c') },
        { asOf: '2025-12-14', version: 2, contentHash: hash('b') },
      ]);
      expect(await store.versions.inServiceFor('2025-12-14')).toEqual({
        asOf: '2025-12-14',
        version: 2,
        contentHash: hash('b'),
        counts: { figures: 3, sources: 2, narrative: 1 },
        origin: 'import',
        createdBy: 'mod-1',
        createdAt: at(1_000),
        inService: true,
      });
      expect((await store.versions.list('2025-12-14')).map((v) => [v.version, v.inService])).toEqual([
        [2, true],
        [1, false],
      ]);
      expect(await store.versions.text('2025-12-14', 1)).toEqual({
        asOf: '2025-12-14',
        version: 1,
        contentHash: hash('a'),
        figures: version('2025-12-14', 'a').figures,
        narrative: '# a',
      });
      expect(await store.versions.text('2025-12-14', 3)).toBeUndefined();
      expect(await store.versions.takeOutOfService('2025-12-14')).toBe(true);
      expect(await store.versions.takeOutOfService('2025-12-14')).toBe(false);
      expect(await store.versions.inServiceFor('2025-12-14')).toBeUndefined();
      expect(await store.versions.any()).toBe(true);
    });

    test('GIVEN a DATA_DIR folder imported twice THEN the last import’s hash is the one kept', async () => {
      const store = await state.open();
      expect(await store.versions.lastFolderImport('2025-12-07')).toBeUndefined();
      await store.versions.recordFolderImport('2025-12-07', hash('a'), t0);
      await store.versions.recordFolderImport('2025-12-07', hash('b'), at(1_000));
      expect(await store.versions.lastFolderImport('2025-12-07')).toBe(hash('b'));
    });
  });

  describe('the data audit', () => {
    test('GIVEN many steps THEN a date’s history shows its last steps and the last three dateless reloads, newest first', async () => {
      const store = await state.open();
      for (let i = 0; i < 5; i += 1) {
        await store.audit.record({ at: at(i), actor: 'start-up', action: 'reload', outcome: 'ok', detail: `reload ${i}` });
      }
      await store.audit.record({
        at: at(10),
        actor: 'mod-1',
        action: 'publish',
        asOf: '2025-12-14',
        version: 2,
        contentHash: hash('b'),
        counts: { figures: 3, sources: 2, narrative: 1 },
        outcome: 'ok',
      });
      await store.audit.record({ at: at(11), actor: 'mod-2', action: 'rollback', asOf: '2025-12-14', outcome: 'refused', detail: 'changed' });
      await store.audit.record({ at: at(12), actor: 'mod-1', action: 'publish', asOf: '2025-12-07', outcome: 'ok' });
      const history = await store.audit.of('2025-12-14');
      expect(history.map((entry) => entry.detail ?? entry.action)).toEqual(['changed', 'publish', 'reload 4', 'reload 3', 'reload 2']);
      expect(history[1]).toEqual({
        id: 6,
        at: at(10),
        actor: 'mod-1',
        action: 'publish',
        asOf: '2025-12-14',
        version: 2,
        contentHash: hash('b'),
        counts: { figures: 3, sources: 2, narrative: 1 },
        outcome: 'ok',
      });
      expect((await store.audit.of('2025-12-14', 1)).map((entry) => entry.actor)).toEqual(['mod-2', 'start-up', 'start-up', 'start-up']);
    });
  });

  describe('transactions', () => {
    async function publish(store: Awaited<ReturnType<typeof state.open>>, draftId: string, failAfterWrites: boolean): Promise<void> {
      await store.transaction(async (tx) => {
        const number = await tx.versions.add(version('2025-12-14', 'p'), at(1_000));
        await tx.versions.putInService('2025-12-14', number, 'mod-1', at(1_000));
        await tx.drafts.markPublished(draftId, 'mod-1', number, at(1_000));
        await tx.audit.record({ at: at(1_000), actor: 'mod-1', action: 'publish', asOf: '2025-12-14', version: number, outcome: 'ok' });
        if (failAfterWrites) throw new Error('the process failed before the commit');
      });
    }

    test('GIVEN a publish that fails after its writes THEN none of them is kept, and done again it keeps all four', async () => {
      const store = await state.open();
      const saved = await store.drafts.save(draft, t0);
      await expect(publish(store, saved.id, true)).rejects.toThrow('the process failed before the commit');
      expect(await store.versions.any()).toBe(false);
      expect(await store.versions.inServiceFor('2025-12-14')).toBeUndefined();
      expect(await store.drafts.get(saved.id)).toMatchObject({ status: 'open' });
      expect(await store.audit.of('2025-12-14')).toEqual([]);
      await publish(store, saved.id, false);
      expect(await store.versions.inServiceFor('2025-12-14')).toMatchObject({ version: 1, inService: true });
      expect(await store.drafts.get(saved.id)).toMatchObject({ status: 'published', publishedVersion: 1 });
      expect((await store.audit.of('2025-12-14')).map((entry) => entry.action)).toEqual(['publish']);
    });

    test('GIVEN a claim and a subscription change inside a transaction that fails THEN the period is still free and the subscription unchanged', async () => {
      const store = await state.open();
      await store.subscriptions.save(choice, t0);
      await expect(
        store.transaction(async (tx) => {
          granted(await tx.ledger.claim(key('2026-03-07'), { owner: 'a', leaseMs: LONG_LEASE }));
          await tx.subscriptions.save({ ...choice, channelId: OTHER_CHANNEL }, at(1_000));
          throw new Error('stopped');
        }),
      ).rejects.toThrow('stopped');
      expect(await store.ledger.get(key('2026-03-07'))).toBeUndefined();
      expect(await store.subscriptions.get(GUILD)).toMatchObject({ channelId: CHANNEL, updatedAt: t0 });
      expect(await store.ledger.claim(key('2026-03-07'), { owner: 'b', leaseMs: LONG_LEASE })).toMatchObject({ owner: 'b', attempt: 1 });
    });

    test('GIVEN a transaction still open THEN another connection does not see its writes until it commits', async () => {
      const store = await state.open();
      const other = await state.another();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let written!: () => void;
      const wasWritten = new Promise<void>((resolve) => (written = resolve));
      const running = store.transaction(async (tx) => {
        await tx.versions.add(version('2025-12-14', 'a'), t0);
        written();
        await released;
      });
      await wasWritten;
      expect(await other.versions.any()).toBe(false);
      release();
      await running;
      expect(await other.versions.any()).toBe(true);
    });
  });

  describe('several processes on one state', () => {
    test('GIVEN four connections claiming the same twenty periods at once THEN each period is claimed exactly once, and once again after the leases ran out', async () => {
      await state.open();
      const stores = await Promise.all([state.another(), state.another(), state.another(), state.another()]);
      const periods = Array.from({ length: 20 }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`);
      const race = async (leaseMs: number) => {
        const claims = await Promise.all(
          stores.flatMap((store, s) => periods.map((period) => store.ledger.claim(key(period), { owner: `runner-${s}`, leaseMs }))),
        );
        return claims.filter((claim) => claim !== undefined);
      };
      const first = await race(SHORT_LEASE);
      expect(first.map((claim) => claim.key.period).sort()).toEqual(periods);
      await sleep(SHORT_LEASE + 100);
      const second = await race(SHORT_LEASE);
      expect(second.map((claim) => claim.key.period).sort()).toEqual(periods);
      expect(second.every((claim) => claim.attempt === 2)).toBe(true);
      // Exactly one holder per period: only the current claim may still write.
      const written = await Promise.all([...first, ...second].map((claim) => stores[0]!.ledger.renew(claim)));
      expect(written.filter(Boolean)).toHaveLength(periods.length);
    });

    test('GIVEN three connections adding versions of one date at once THEN each gets its own number', async () => {
      await state.open();
      const stores = await Promise.all([state.another(), state.another(), state.another()]);
      const numbers = await Promise.all(stores.flatMap((store, s) => [0, 1].map((i) => store.versions.add(version('2025-12-14', `${s}${i}`[0]!), t0))));
      expect(numbers.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    });
  });
});
