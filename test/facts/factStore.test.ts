import { describe, expect, test } from 'vitest';
import { FactStore } from '../../src/facts/factStore';
import type { LoadResult } from '../../src/facts/loadResult';
import type { Snapshot } from '../../src/facts/snapshot';
import { figuresDoc, snapshotOf } from './fixtures';

function generation(title: string, dates: readonly string[]): Snapshot[] {
  return dates.map((asOf) => snapshotOf({ ...figuresDoc(asOf), title }, undefined, asOf));
}

const OLD = generation('old', ['2025-11-30', '2025-12-07']);
const NEW = generation('new', ['2025-11-30', '2025-12-07', '2025-12-14']);
const clock = () => new Date('2026-01-05T10:00:00Z');
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('FactStore queries', () => {
  test('GIVEN snapshots in any order THEN latest is the newest and dates and all run oldest first', () => {
    const store = new FactStore([OLD[1]!, OLD[0]!]);
    expect(store.latest().asOf).toBe('2025-12-07');
    expect(store.dates()).toEqual(['2025-11-30', '2025-12-07']);
    expect(store.all().map((s) => s.asOf)).toEqual(['2025-11-30', '2025-12-07']);
  });

  test('GIVEN a date THEN asOf gives the snapshot of that date, else the newest before it, else undefined', () => {
    const store = new FactStore(OLD);
    expect(store.asOf('2025-12-07')?.asOf).toBe('2025-12-07');
    expect(store.asOf('2025-12-06')?.asOf).toBe('2025-11-30');
    expect(store.asOf('2026-03-01')?.asOf).toBe('2025-12-07');
    expect(store.asOf('2025-11-29')).toBeUndefined();
    expect(store.asOf('2025-12-32')).toBeUndefined();
  });

  test('GIVEN no snapshots THEN the store refuses to start', () => {
    expect(() => new FactStore([])).toThrow(RangeError);
  });
});

describe('FactStore reload', () => {
  test('GIVEN a reload in flight WHILE queries run between its steps THEN every query sees all of the old data or all of the new, never a mix', async () => {
    const store = new FactStore(OLD, clock);
    const load = async (): Promise<LoadResult<readonly Snapshot[]>> => {
      for (let i = 0; i < 20; i++) await nextTurn();
      return { ok: true, value: NEW };
    };
    const seen: { titles: string[]; consistent: boolean }[] = [];
    const query = () => {
      const all = store.all();
      const latest = store.latest();
      const dates = store.dates();
      const onDate = store.asOf('2025-12-31');
      const titles = [...all.map((s) => s.title), latest.title, onDate?.title ?? 'none'];
      seen.push({
        titles: [...new Set(titles)],
        consistent:
          latest === all.at(-1) &&
          onDate === latest &&
          dates.join() === all.map((s) => s.asOf).join() &&
          all.length === (titles[0] === 'old' ? 2 : 3),
      });
    };
    const queries = (async () => {
      for (let i = 0; i < 60; i++) {
        query();
        await nextTurn();
      }
    })();
    const [outcome] = await Promise.all([store.reload(load), queries]);

    expect(outcome.ok).toBe(true);
    expect(seen.every((s) => s.titles.length === 1 && s.consistent)).toBe(true);
    // Both sides of the swap were observed, so the check above covered the window of the reload.
    expect(seen.some((s) => s.titles[0] === 'old')).toBe(true);
    expect(seen.some((s) => s.titles[0] === 'new')).toBe(true);
    expect(store.dates()).toEqual(['2025-11-30', '2025-12-07', '2025-12-14']);
  });

  test('GIVEN a reload whose data has errors THEN the store keeps serving the old data and returns and records the errors', async () => {
    const store = new FactStore(OLD, clock);
    const errors = [
      {
        file: 'data/2025-12-14/figures.json',
        location: 'figures[0].unit',
        message: 'unit "points" does not fit metric "change-1d" (expected "percent")',
      },
    ];
    const outcome = await store.reload(async () => ({ ok: false, errors }));
    expect(outcome).toEqual({ ok: false, errors });
    expect(store.latest()).toBe(OLD[1]);
    expect(store.all()).toEqual(OLD);
    expect(store.lastReload()).toEqual({ at: '2026-01-05T10:00:00.000Z', ok: false, errors });
  });

  test('GIVEN a loader that throws THEN the reload fails with its message and the old data stays', async () => {
    const store = new FactStore(OLD, clock);
    const outcome = await store.reload(async () => {
      throw new Error('disk on fire');
    });
    expect(outcome.ok === false && outcome.errors[0]?.message).toBe('the loader failed: disk on fire');
    expect(store.latest()).toBe(OLD[1]);
  });

  test('GIVEN a good reload THEN the outcome diffs the old latest against the new latest and names the dates added', async () => {
    const store = new FactStore(OLD, clock);
    expect(store.lastReload()).toBeUndefined();
    const outcome = await store.reload(async () => ({ ok: true, value: NEW }));
    if (!outcome.ok) return expect.fail('expected the reload to succeed');
    expect(outcome.diff.header).toEqual([
      { field: 'asOf', before: '2025-12-07', after: '2025-12-14' },
      { field: 'title', before: 'old', after: 'new' },
    ]);
    expect(outcome.dates).toEqual({ added: ['2025-12-14'], removed: [], changed: ['2025-11-30', '2025-12-07'] });
    expect(store.lastReload()).toMatchObject({ at: '2026-01-05T10:00:00.000Z', ok: true });
  });

  test('GIVEN two reloads asked for at once THEN they run in order and the second one wins', async () => {
    const store = new FactStore(OLD, clock);
    const slowFirst = async (): Promise<LoadResult<readonly Snapshot[]>> => {
      for (let i = 0; i < 5; i++) await nextTurn();
      return { ok: true, value: NEW };
    };
    const [first, second] = await Promise.all([store.reload(slowFirst), store.reload(async () => ({ ok: true, value: OLD }))]);
    expect(first.ok && first.dates.added).toEqual(['2025-12-14']);
    expect(second.ok && second.dates.removed).toEqual(['2025-12-14']);
    expect(store.latest()).toBe(OLD[1]);
  });
});
