import { describe, test, expect } from 'vitest';
import { openStateDb } from '../../src/schedule/openStateDb';
import {
  claimRecapPeriod,
  getRecapPost,
  markFailed,
  markPosted,
  markSkipped,
  recordPartPosted,
  type RecapClaim,
} from '../../src/schedule/recapLedger';
import { recapNonce } from '../../src/schedule/recapNonce';

const key = { guildId: '111111111111111111', channelId: '222222222222222222', period: '2026-03-07' };
const LEASE_MS = 120_000;
const t0 = new Date('2026-03-07T14:00:00Z');
const later = (ms: number): Date => new Date(t0.getTime() + ms);

function claimed(claim: RecapClaim | undefined): RecapClaim {
  expect(claim).toBeDefined();
  return claim as RecapClaim;
}

describe('claimRecapPeriod', () => {
  test('GIVEN a new period THEN the first claim wins and a second, while the lease runs, gets nothing', () => {
    const db = openStateDb(':memory:');
    const claim = claimed(claimRecapPeriod(db, key, { now: t0, owner: 'a', leaseMs: LEASE_MS }));
    expect(claim).toEqual({ key, owner: 'a', attempt: 1, partsPosted: 0, messageIds: [] });
    expect(claimRecapPeriod(db, key, { now: later(LEASE_MS - 1), owner: 'b', leaseMs: LEASE_MS })).toBeUndefined();
  });

  test('GIVEN a claim whose lease ran out THEN another owner takes it over with the parts already posted and where an unrecorded send could be', () => {
    const db = openStateDb(':memory:');
    const first = claimed(claimRecapPeriod(db, key, { now: t0, owner: 'a', leaseMs: LEASE_MS }));
    expect(recordPartPosted(db, first, 0, 'm1', later(1_000))).toBe(true);
    expect(claimRecapPeriod(db, key, { now: later(LEASE_MS), owner: 'b', leaseMs: LEASE_MS })).toBeUndefined();
    const second = claimed(claimRecapPeriod(db, key, { now: later(LEASE_MS + 1_000), owner: 'b', leaseMs: LEASE_MS }));
    expect(second).toEqual({
      key,
      owner: 'b',
      attempt: 2,
      partsPosted: 1,
      messageIds: ['m1'],
      unrecordedSendAfter: { messageId: 'm1', time: later(1_000) },
    });
  });

  test('GIVEN a claim taken over THEN the old owner can no longer record anything', () => {
    const db = openStateDb(':memory:');
    const stale = claimed(claimRecapPeriod(db, key, { now: t0, owner: 'a', leaseMs: LEASE_MS }));
    const current = claimed(claimRecapPeriod(db, key, { now: later(LEASE_MS), owner: 'b', leaseMs: LEASE_MS }));
    expect(recordPartPosted(db, stale, 0, 'late', later(LEASE_MS + 1))).toBe(false);
    expect(markPosted(db, stale, later(LEASE_MS + 2))).toBe(false);
    expect(markFailed(db, stale, later(LEASE_MS + 3), 'late error')).toBe(false);
    expect(recordPartPosted(db, current, 0, 'm1', later(LEASE_MS + 4))).toBe(true);
    expect(markPosted(db, current, later(LEASE_MS + 5))).toBe(true);
    expect(getRecapPost(db, key)).toMatchObject({ status: 'posted', messageIds: ['m1'], attempts: 2 });
  });

  test('GIVEN a posted or skipped period THEN it is never claimed again', () => {
    const db = openStateDb(':memory:');
    const claim = claimed(claimRecapPeriod(db, key, { now: t0, owner: 'a', leaseMs: LEASE_MS }));
    markPosted(db, claim, t0);
    expect(claimRecapPeriod(db, key, { now: later(86_400_000), owner: 'b', leaseMs: LEASE_MS })).toBeUndefined();

    const other = { ...key, period: '2026-03-14' };
    expect(markSkipped(db, other, t0, 'missed by more than 12 h')).toBe(true);
    expect(claimRecapPeriod(db, other, { now: later(86_400_000), owner: 'b', leaseMs: LEASE_MS })).toBeUndefined();
  });

  test('GIVEN a failure with a retry time THEN it is claimed again only from that time, and never after the last attempt', () => {
    const db = openStateDb(':memory:');
    let claim = claimed(claimRecapPeriod(db, key, { now: t0, owner: 'a', leaseMs: LEASE_MS, maxAttempts: 2 }));
    markFailed(db, claim, t0, '503 Service Unavailable', later(60_000));
    expect(claimRecapPeriod(db, key, { now: later(59_999), owner: 'a', leaseMs: LEASE_MS, maxAttempts: 2 })).toBeUndefined();
    claim = claimed(claimRecapPeriod(db, key, { now: later(60_000), owner: 'a', leaseMs: LEASE_MS, maxAttempts: 2 }));
    expect(claim.attempt).toBe(2);
    markFailed(db, claim, later(60_000), '503 Service Unavailable', later(120_000));
    expect(claimRecapPeriod(db, key, { now: later(3_600_000), owner: 'a', leaseMs: LEASE_MS, maxAttempts: 2 })).toBeUndefined();
  });

  test('GIVEN a final failure THEN it is never claimed again and keeps its reason', () => {
    const db = openStateDb(':memory:');
    const claim = claimed(claimRecapPeriod(db, key, { now: t0, owner: 'a', leaseMs: LEASE_MS }));
    markFailed(db, claim, t0, 'Unknown Channel (10003)');
    expect(claimRecapPeriod(db, key, { now: later(86_400_000), owner: 'a', leaseMs: LEASE_MS })).toBeUndefined();
    expect(getRecapPost(db, key)).toMatchObject({ status: 'failed', error: 'Unknown Channel (10003)', retryAt: undefined });
  });

  test('GIVEN a claim that crashed on every attempt THEN it ends as a failure instead of a claim that never ends', () => {
    const db = openStateDb(':memory:');
    claimed(claimRecapPeriod(db, key, { now: t0, owner: 'a', leaseMs: LEASE_MS, maxAttempts: 2 }));
    claimed(claimRecapPeriod(db, key, { now: later(LEASE_MS), owner: 'b', leaseMs: LEASE_MS, maxAttempts: 2 }));
    expect(claimRecapPeriod(db, key, { now: later(2 * LEASE_MS), owner: 'c', leaseMs: LEASE_MS, maxAttempts: 2 })).toBeUndefined();
    expect(getRecapPost(db, key)).toMatchObject({ status: 'failed', attempts: 2, error: expect.stringContaining('2 attempts') });
  });

  test('GIVEN parts recorded out of order THEN the ledger refuses, so resumption never skips a part', () => {
    const db = openStateDb(':memory:');
    const claim = claimed(claimRecapPeriod(db, key, { now: t0, owner: 'a', leaseMs: LEASE_MS }));
    expect(recordPartPosted(db, claim, 1, 'm2', t0)).toBe(false);
    expect(recordPartPosted(db, claim, 0, 'm1', t0)).toBe(true);
    expect(recordPartPosted(db, claim, 0, 'm1-again', t0)).toBe(false);
    expect(recordPartPosted(db, claim, 1, 'm2', t0)).toBe(true);
    expect(getRecapPost(db, key)).toMatchObject({ partsPosted: 2, messageIds: ['m1', 'm2'] });
  });

  test('GIVEN a part recorded THEN the lease is renewed from that moment', () => {
    const db = openStateDb(':memory:');
    const claim = claimed(claimRecapPeriod(db, key, { now: t0, owner: 'a', leaseMs: LEASE_MS }));
    recordPartPosted(db, claim, 0, 'm1', later(LEASE_MS - 1_000));
    expect(claimRecapPeriod(db, key, { now: later(LEASE_MS + 1_000), owner: 'b', leaseMs: LEASE_MS })).toBeUndefined();
    expect(claimRecapPeriod(db, key, { now: later(2 * LEASE_MS - 1_000), owner: 'b', leaseMs: LEASE_MS })?.attempt).toBe(2);
  });

  test('GIVEN a period already claimed THEN it cannot be skipped', () => {
    const db = openStateDb(':memory:');
    claimed(claimRecapPeriod(db, key, { now: t0, owner: 'a', leaseMs: LEASE_MS }));
    expect(markSkipped(db, key, t0, 'missed')).toBe(false);
    expect(getRecapPost(db, key)?.status).toBe('claimed');
  });
});

describe('recapNonce', () => {
  test('GIVEN the same key and part THEN the same nonce of at most 25 characters', () => {
    expect(recapNonce(key, 0)).toBe(recapNonce({ ...key }, 0));
    expect(recapNonce(key, 0).length).toBeLessThanOrEqual(25);
    expect(recapNonce(key, 0)).toMatch(/^[0-9a-z]+$/);
  });

  test('GIVEN a different guild, channel, period or part THEN a different nonce', () => {
    const nonces = new Set([
      recapNonce(key, 0),
      recapNonce(key, 1),
      recapNonce({ ...key, guildId: '111111111111111112' }, 0),
      recapNonce({ ...key, channelId: '222222222222222223' }, 0),
      recapNonce({ ...key, period: '2026-03-08' }, 0),
    ]);
    expect(nonces.size).toBe(5);
  });
});
