import { describe, test, expect } from 'vitest';
import { ageInDays, ageInMonths } from '../../src/render/calendarAge';
import { calendarDayInstant, discordTimestamp } from '../../src/render/discordTimestamp';
import { relativeTime } from '../../src/render/relativeTime';

/** 2025-12-07T12:00:00Z, checked independently (Python's datetime gives the same). */
const AS_OF_NOON = 1765108800;

describe('discordTimestamp', () => {
  test('GIVEN an as-of day THEN the tag points at noon UTC of that day', () => {
    expect(discordTimestamp('2025-12-07', 'R')).toBe(`<t:${AS_OF_NOON}:R>`);
    expect(discordTimestamp('2025-12-07', 'D')).toBe(`<t:${AS_OF_NOON}:D>`);
  });

  test('GIVEN the noon instant THEN it is the same calendar day from UTC−11 to UTC+11', () => {
    const instant = calendarDayInstant('2025-12-07').getTime();
    for (const offsetHours of [-11, -5, 0, 5.5, 11]) {
      const local = new Date(instant + offsetHours * 3_600_000);
      expect(local.toISOString().slice(0, 10)).toBe('2025-12-07');
    }
  });

  test('GIVEN a Date or an ISO date-time THEN its own instant is used, in whole seconds', () => {
    expect(discordTimestamp(new Date('2026-11-25T09:30:15.900Z'), 'f')).toBe(`<t:${Date.UTC(2026, 10, 25, 9, 30, 15) / 1000}:f>`);
    expect(discordTimestamp('2026-11-25T09:30:00Z', 't')).toBe(`<t:${Date.UTC(2026, 10, 25, 9, 30) / 1000}:t>`);
  });

  test('GIVEN text that is not a date THEN it throws instead of printing <t:NaN>', () => {
    expect(() => discordTimestamp('next Friday', 'D')).toThrow(RangeError);
    expect(() => discordTimestamp(new Date(Number.NaN), 'D')).toThrow(RangeError);
  });
});

describe('ageInDays and ageInMonths', () => {
  test('GIVEN asOf 2025-12-07 and now 25 Nov 2026 at any hour THEN the age is 353 days and 11 months', () => {
    for (const time of ['00:00:00', '12:00:00', '23:59:59']) {
      const now = new Date(`2026-11-25T${time}Z`);
      expect(ageInDays('2025-12-07', now)).toBe(353);
      expect(ageInMonths('2025-12-07', now)).toBe(11);
    }
  });

  test('GIVEN the same UTC day THEN the age is 0; just after midnight UTC it is 1', () => {
    expect(ageInDays('2025-12-07', new Date('2025-12-07T23:59:59Z'))).toBe(0);
    expect(ageInDays('2025-12-07', new Date('2025-12-08T00:00:00Z'))).toBe(1);
  });

  test('GIVEN a span over a leap day and a DST change THEN whole calendar days are counted', () => {
    expect(ageInDays('2028-02-28', new Date('2028-03-01T08:00:00Z'))).toBe(2);
    expect(ageInDays('2026-03-07', new Date('2026-03-09T01:00:00Z'))).toBe(2);
  });

  test('GIVEN a day of month not yet reached THEN the month is not counted yet', () => {
    expect(ageInMonths('2025-12-07', new Date('2026-01-06T12:00:00Z'))).toBe(0);
    expect(ageInMonths('2025-12-07', new Date('2026-01-07T00:00:00Z'))).toBe(1);
    expect(ageInMonths('2026-01-07', new Date('2025-12-07T00:00:00Z'))).toBe(-1);
  });
});

describe('relativeTime', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  test.each([
    ['2025-12-07T12:00:00Z', '11 months ago'],
    ['2024-11-01T12:00:00Z', '2 years ago'],
    ['2026-11-20T12:00:00Z', '4 days ago'],
    ['2026-11-25T07:00:00Z', '3 hours ago'],
    ['2026-11-25T09:59:00Z', '1 minute ago'],
    ['2026-11-25T09:59:50Z', 'a few seconds ago'],
    ['2026-11-28T10:00:00Z', 'in 3 days'],
    ['2027-01-26T10:00:00Z', 'in 2 months'],
  ])('GIVEN %s seen on 25 Nov 2026 THEN it reads "%s"', (instant, expected) => {
    expect(relativeTime(new Date(instant), now)).toBe(expected);
  });
});
