import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { fuzzOptions } from '../fuzz/fuzzOptions';
import { nextOccurrence, recapOccurrencesBetween } from '../../src/schedule/occurrences';
import type { RecapSchedule } from '../../src/schedule/recapSchedule';
import type { Weekday } from '../../src/schedule/weekdays';
import { localDateTimeAt } from '../../src/schedule/zonedTime';

const at = (iso: string): Date => new Date(iso);
const schedule = (timeZone: string, time: string, ...days: Weekday[]): RecapSchedule => ({ days, time, timeZone });
const isoOf = (dates: readonly Date[]): string[] => dates.map((date) => date.toISOString());
const occurrencesBetween = (s: RecapSchedule, from: Date, to: Date): Date[] => recapOccurrencesBetween(s, from, to).map((o) => o.at);

describe('America/New_York clock changes', () => {
  test('GIVEN 02:30 on the spring-forward Sunday THEN it fires at 03:30 EDT, the gap length later', () => {
    const occurrences = recapOccurrencesBetween(
      schedule('America/New_York', '02:30', 'sunday'),
      at('2026-03-01T00:00:00Z'),
      at('2026-03-16T00:00:00Z'),
    );
    expect(occurrences.map(({ at: when, period }) => [when.toISOString(), period])).toEqual([
      ['2026-03-01T07:30:00.000Z', '2026-03-01'],
      ['2026-03-08T07:30:00.000Z', '2026-03-08'],
      ['2026-03-15T06:30:00.000Z', '2026-03-15'],
    ]);
    expect(localDateTimeAt(at('2026-03-08T07:30:00Z'), 'America/New_York')).toMatchObject({ hour: 3, minute: 30 });
  });

  test('GIVEN 09:00 Saturdays across spring-forward THEN the UTC instant moves an hour earlier', () => {
    expect(
      isoOf(occurrencesBetween(schedule('America/New_York', '09:00', 'saturday'), at('2026-02-28T00:00:00Z'), at('2026-03-15T00:00:00Z'))),
    ).toEqual(['2026-02-28T14:00:00.000Z', '2026-03-07T14:00:00.000Z', '2026-03-14T13:00:00.000Z']);
  });

  test('GIVEN 01:30 daily across fall-back THEN the doubled 01:30 fires once, at the first (EDT) one', () => {
    const occurrences = recapOccurrencesBetween(
      schedule('America/New_York', '01:30', 'saturday', 'sunday', 'monday'),
      at('2026-10-31T00:00:00Z'),
      at('2026-11-03T00:00:00Z'),
    );
    expect(occurrences.map(({ at: when, period }) => [when.toISOString(), period])).toEqual([
      ['2026-10-31T05:30:00.000Z', '2026-10-31'],
      ['2026-11-01T05:30:00.000Z', '2026-11-01'],
      ['2026-11-02T06:30:00.000Z', '2026-11-02'],
    ]);
  });

  test('GIVEN the second 01:30 EST of fall-back day THEN nothing more fires that day', () => {
    const sunday = schedule('America/New_York', '01:30', 'sunday');
    expect(occurrencesBetween(sunday, at('2026-11-01T05:30:00Z'), at('2026-11-01T23:00:00Z'))).toEqual([]);
  });
});

describe('other zones', () => {
  test('GIVEN Asia/Tokyo 08:00 Mondays THEN it fires on Sunday 23:00 UTC and the period is the Tokyo date', () => {
    const occurrences = recapOccurrencesBetween(
      schedule('Asia/Tokyo', '08:00', 'monday'),
      at('2026-03-01T00:00:00Z'),
      at('2026-03-10T00:00:00Z'),
    );
    expect(occurrences.map(({ at: when, period }) => [when.toISOString(), period])).toEqual([
      ['2026-03-01T23:00:00.000Z', '2026-03-02'],
      ['2026-03-08T23:00:00.000Z', '2026-03-09'],
    ]);
  });

  test('GIVEN Europe/London 09:00 Sundays across the BST change THEN 09:00 GMT then 09:00 BST', () => {
    expect(
      isoOf(occurrencesBetween(schedule('Europe/London', '09:00', 'sunday'), at('2026-03-21T00:00:00Z'), at('2026-04-06T00:00:00Z'))),
    ).toEqual(['2026-03-22T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-04-05T08:00:00.000Z']);
  });

  test('GIVEN Europe/London 01:30 on the day BST starts and ends THEN 02:30 BST, then the first 01:30 (BST)', () => {
    const sunday = schedule('Europe/London', '01:30', 'sunday');
    expect(isoOf(occurrencesBetween(sunday, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z')))).toEqual(['2026-03-29T01:30:00.000Z']);
    expect(isoOf(occurrencesBetween(sunday, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z')))).toEqual(['2026-10-25T00:30:00.000Z']);
  });

  test('GIVEN UTC 23:59 daily THEN one occurrence per UTC date with that date as period', () => {
    const occurrences = recapOccurrencesBetween(
      schedule('UTC', '23:59', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'),
      at('2026-03-07T00:00:00Z'),
      at('2026-03-10T00:00:00Z'),
    );
    expect(occurrences.map(({ at: when, period }) => [when.toISOString(), period])).toEqual([
      ['2026-03-07T23:59:00.000Z', '2026-03-07'],
      ['2026-03-08T23:59:00.000Z', '2026-03-08'],
      ['2026-03-09T23:59:00.000Z', '2026-03-09'],
    ]);
  });

  test('GIVEN Monday, Wednesday and Friday at 17:30 New York THEN each of those days fires, in order', () => {
    expect(
      isoOf(
        occurrencesBetween(
          schedule('America/New_York', '17:30', 'friday', 'monday', 'wednesday'),
          at('2026-03-02T00:00:00Z'),
          at('2026-03-10T00:00:00Z'),
        ),
      ),
    ).toEqual(['2026-03-02T22:30:00.000Z', '2026-03-04T22:30:00.000Z', '2026-03-06T22:30:00.000Z', '2026-03-09T21:30:00.000Z']);
  });
});

describe('window edges', () => {
  const saturday = schedule('America/New_York', '09:00', 'saturday');

  test('GIVEN an occurrence exactly at the window start THEN it is left out, and at the end it is kept', () => {
    expect(occurrencesBetween(saturday, at('2026-03-07T14:00:00Z'), at('2026-03-08T00:00:00Z'))).toEqual([]);
    expect(isoOf(occurrencesBetween(saturday, at('2026-03-07T00:00:00Z'), at('2026-03-07T14:00:00Z')))).toEqual([
      '2026-03-07T14:00:00.000Z',
    ]);
  });

  test('GIVEN an empty or reversed window THEN no occurrences', () => {
    expect(occurrencesBetween(saturday, at('2026-03-08T00:00:00Z'), at('2026-03-01T00:00:00Z'))).toEqual([]);
  });

  test('GIVEN an instant THEN the next occurrence is strictly after it, across the spring-forward change', () => {
    const fireTime = at('2026-03-07T14:00:00Z');
    expect(nextOccurrence(saturday, fireTime)).toEqual({ at: at('2026-03-14T13:00:00Z'), period: '2026-03-14' });
    expect(nextOccurrence(saturday, at('2026-03-07T13:59:59Z'))).toEqual({ at: fireTime, period: '2026-03-07' });
  });
});

describe('any zone, any window', () => {
  const zones = ['America/New_York', 'Europe/London', 'Asia/Tokyo', 'UTC', 'Australia/Sydney', 'America/Santiago', 'Asia/Kolkata'];
  const arbitrarySchedule = fc.record({
    days: fc.uniqueArray(fc.constantFrom<Weekday>('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'), {
      minLength: 1,
    }),
    time: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`),
    timeZone: fc.constantFrom(...zones),
  });
  const instant = fc.date({ min: at('2020-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z'), noInvalidDate: true });

  test('GIVEN a window split in two THEN the halves together give exactly the whole window', () => {
    fc.assert(
      fc.property(
        arbitrarySchedule,
        instant,
        fc.integer({ min: 0, max: 20 * 24 }),
        fc.integer({ min: 0, max: 20 * 24 }),
        (recap, from, splitHours, extraHours) => {
          const split = new Date(from.getTime() + splitHours * 3_600_000);
          const to = new Date(split.getTime() + extraHours * 3_600_000);
          const whole = recapOccurrencesBetween(recap, from, to);
          const halves = [...recapOccurrencesBetween(recap, from, split), ...recapOccurrencesBetween(recap, split, to)];
          expect(halves).toEqual(whole);
        },
      ),
      fuzzOptions(150),
    );
  });

  test('GIVEN any occurrences THEN one per period, on a scheduled weekday, at the scheduled local time unless the clocks skipped it', () => {
    fc.assert(
      fc.property(arbitrarySchedule, instant, (recap, from) => {
        const occurrences = recapOccurrencesBetween(recap, from, new Date(from.getTime() + 15 * 86_400_000));
        expect(new Set(occurrences.map((occurrence) => occurrence.period)).size).toBe(occurrences.length);
        for (const occurrence of occurrences) {
          const local = localDateTimeAt(occurrence.at, recap.timeZone);
          const localDate = `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
          expect(localDate).toBe(occurrence.period);
          const [hour, minute] = recap.time.split(':').map(Number) as [number, number];
          const minutesLate = local.hour * 60 + local.minute - (hour * 60 + minute);
          // Zero normally; a skipped wall time fires up to the gap's length (an hour in these zones) later.
          expect(minutesLate).toBeGreaterThanOrEqual(0);
          expect(minutesLate).toBeLessThanOrEqual(60);
        }
        const weekdays = occurrences.map((occurrence) =>
          new Date(`${occurrence.period}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }).toLowerCase(),
        );
        for (const weekday of weekdays) expect(recap.days).toContain(weekday);
        expect(occurrences.length).toBeGreaterThanOrEqual(2 * recap.days.length - 1);
      }),
      fuzzOptions(150),
    );
  });
});
