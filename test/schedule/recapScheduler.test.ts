import { describe, test, expect, vi, afterEach, beforeAll, beforeEach } from 'vitest';
import { startRecapScheduler, type RecapSchedulerHandle } from '../../src/schedule/recapScheduler';
import { recordingLogger } from './fakeChannels';

const START = new Date('2026-03-07T13:58:30Z');
const MINUTE = 60_000;

/** A tick whose runs finish only when the test says so. */
function controllableTick() {
  const calls: Date[] = [];
  const finishers: (() => void)[] = [];
  return {
    calls,
    finishAll: () => {
      for (const finish of finishers.splice(0)) finish();
    },
    tick: (now: Date): Promise<void> => {
      calls.push(now);
      return new Promise<void>((resolve) => finishers.push(resolve));
    },
  };
}

let handle: RecapSchedulerHandle | undefined;

// The scheduler loads node-cron with its first schedule; loaded here first, so the fake clock's minutes never race a real module load.
beforeAll(async () => {
  await import('node-cron');
});

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});

afterEach(async () => {
  const stopping = handle?.stop();
  handle = undefined;
  vi.useRealTimers();
  await stopping;
});

describe('startRecapScheduler', () => {
  test('GIVEN a start THEN one catch-up tick runs at once, then one at every minute, each with the clock time', async () => {
    const ticks: Date[] = [];
    handle = startRecapScheduler({
      tick: async (now) => void ticks.push(now),
      clock: () => new Date(),
      logger: recordingLogger(),
      hasSchedules: async () => true,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(ticks).toEqual([START]);
    await vi.advanceTimersByTimeAsync(30 * 1000);
    expect(ticks).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(ticks.map((tick) => tick.toISOString())).toEqual([
      START.toISOString(),
      '2026-03-07T13:59:00.000Z',
      '2026-03-07T14:00:00.000Z',
      '2026-03-07T14:01:00.000Z',
    ]);
  });

  test('GIVEN a tick still running when the minute comes THEN no second tick starts, and the skip is logged', async () => {
    const logger = recordingLogger();
    const { calls, finishAll, tick } = controllableTick();
    handle = startRecapScheduler({ tick, clock: () => new Date(), logger, hasSchedules: async () => true });
    await vi.advanceTimersByTimeAsync(3 * MINUTE);
    expect(calls).toHaveLength(1);
    expect(logger.entries.filter((entry) => entry.level === 'warn')).toHaveLength(3);
    finishAll();
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(calls).toHaveLength(2);
    finishAll();
  });

  test('GIVEN a tick that fails THEN the error is logged and the next minute ticks again', async () => {
    const logger = recordingLogger();
    let count = 0;
    handle = startRecapScheduler({
      tick: async () => {
        count += 1;
        if (count === 1) throw new Error('database is locked');
      },
      clock: () => new Date(),
      logger,
      hasSchedules: async () => true,
    });
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(count).toBe(2);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ err: new Error('database is locked') }) }),
    );
  });

  test('GIVEN stop while a tick runs THEN stop waits for it, and no tick follows', async () => {
    const { calls, finishAll, tick } = controllableTick();
    const scheduler = startRecapScheduler({ tick, clock: () => new Date(), logger: recordingLogger(), hasSchedules: async () => true });
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finishAll();
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(calls).toHaveLength(1);
  });

  test('GIVEN no recap is scheduled THEN only the catch-up tick runs, and the minute ticks start once a schedule is set', async () => {
    const ticks: Date[] = [];
    let scheduled = false;
    handle = startRecapScheduler({
      tick: async (now) => void ticks.push(now),
      clock: () => new Date(),
      logger: recordingLogger(),
      hasSchedules: async () => scheduled,
    });
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(ticks).toEqual([START]);
    scheduled = true;
    handle.refresh();
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(ticks.map((tick) => tick.toISOString())).toEqual([START.toISOString(), '2026-03-07T14:04:00.000Z', '2026-03-07T14:05:00.000Z']);
  });

  test('GIVEN the last schedule is removed THEN the clock stops after the next tick finds none', async () => {
    const ticks: Date[] = [];
    let scheduled = true;
    handle = startRecapScheduler({
      tick: async (now) => void ticks.push(now),
      clock: () => new Date(),
      logger: recordingLogger(),
      hasSchedules: async () => scheduled,
    });
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(ticks).toHaveLength(2);
    scheduled = false;
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(ticks).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(ticks).toHaveLength(3);
  });

  test('GIVEN the schedules cannot be read THEN the clock keeps running and the reason is logged', async () => {
    const ticks: Date[] = [];
    const logger = recordingLogger();
    handle = startRecapScheduler({
      tick: async (now) => void ticks.push(now),
      clock: () => new Date(),
      logger,
      hasSchedules: async () => {
        throw new Error('database is locked');
      },
    });
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(ticks).toHaveLength(3);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ err: new Error('database is locked') }) }),
    );
  });
});
