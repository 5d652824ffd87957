import { describe, test, expect } from 'vitest';
import { asOfLine } from '../../src/render/asOfLine';
import { ageInDays, ageInMonths } from '../../src/render/calendarAge';
import { calendarDayInstant, discordTimestamp } from '../../src/render/discordTimestamp';
import { relativeTime } from '../../src/render/relativeTime';
import { stalenessLine } from '../../src/render/stalenessLine';

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

describe('asOfLine', () => {
  test('GIVEN data from December 2025 read in November 2026 THEN the day is plain text with a relative tag', () => {
    expect(asOfLine('2025-12-07', new Date('2026-11-25T10:00:00Z'))).toBe(`As of 7 Dec 2025 (<t:${AS_OF_NOON}:R>)`);
  });

  test('GIVEN data from today or yesterday THEN it says so instead of a tag that could read "in 3 hours"', () => {
    expect(asOfLine('2025-12-07', new Date('2025-12-07T08:00:00Z'))).toBe('As of 7 Dec 2025 (today)');
    expect(asOfLine('2025-12-07', new Date('2025-12-08T08:00:00Z'))).toBe('As of 7 Dec 2025 (yesterday)');
  });

  test('GIVEN an as-of day after now THEN only the date is shown', () => {
    expect(asOfLine('2025-12-09', new Date('2025-12-07T08:00:00Z'))).toBe('As of 9 Dec 2025');
  });
});

describe('stalenessLine', () => {
  test('GIVEN asOf 2025-12-07 and now 2026-11-25 THEN it warns the data is 353 days old as of 7 Dec 2025', () => {
    const line = stalenessLine('2025-12-07', new Date('2026-11-25T18:00:00Z'), 7);
    expect(line).toBe('⚠️ This data is 353 days old, about 11 months (as of 7 Dec 2025). Figures describe that date, not today.');
  });

  test('GIVEN data exactly as old as allowed THEN it is fresh; one day more THEN it warns', () => {
    expect(stalenessLine('2025-12-07', new Date('2025-12-14T23:00:00Z'), 7)).toBeUndefined();
    expect(stalenessLine('2025-12-07', new Date('2025-12-15T00:30:00Z'), 7)).toBe(
      '⚠️ This data is 8 days old (as of 7 Dec 2025). Figures describe that date, not today.',
    );
  });

  test('GIVEN a threshold of zero THEN one day old is stale and the day is singular', () => {
    expect(stalenessLine('2025-12-07', new Date('2025-12-07T23:00:00Z'), 0)).toBeUndefined();
    expect(stalenessLine('2025-12-07', new Date('2025-12-08T01:00:00Z'), 0)).toMatch(/is 1 day old \(as of 7 Dec 2025\)/);
  });

  test('GIVEN an as-of date after tomorrow, such as 2052 typed for 2025 THEN it warns instead of passing as fresh forever; tomorrow is fine', () => {
    expect(stalenessLine('2052-12-07', new Date('2025-12-08T12:00:00Z'), 7)).toBe(
      '⚠️ This data is dated 7 Dec 2052, after today: its date is likely a mistake, so the figures may be older than they look.',
    );
    expect(stalenessLine('2025-12-07', new Date('2025-12-06T20:00:00Z'), 7)).toBeUndefined();
  });

  test('GIVEN data over two years old THEN the rough age is in years', () => {
    expect(stalenessLine('2025-12-07', new Date('2028-01-10T00:00:00Z'), 7)).toMatch(
      /^⚠️ This data is 764 days old, about 2 years \(as of 7 Dec 2025\)/,
    );
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
