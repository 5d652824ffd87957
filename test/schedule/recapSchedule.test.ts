import { describe, test, expect } from 'vitest';
import { DEFAULT_RECAP_SCHEDULE, parseRecapSchedule } from '../../src/schedule/recapSchedule';
import { searchTimeZones } from '../../src/schedule/searchTimeZones';

function errorsOf(input: unknown): readonly string[] {
  const parsed = parseRecapSchedule(input);
  return parsed.ok ? [] : parsed.errors;
}

describe('parseRecapSchedule', () => {
  test('GIVEN no options THEN the default is Saturday 09:00 America/New_York', () => {
    expect(parseRecapSchedule({})).toEqual({
      ok: true,
      schedule: { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' },
    });
    expect(DEFAULT_RECAP_SCHEDULE).toEqual({ days: ['saturday'], time: '09:00', timeZone: 'America/New_York' });
  });

  test.each(['9am', '24:00', '12:60', '0900', '9', ''])(
    'GIVEN time "%s" THEN it is refused with a message that says HH:MM from 00:00 to 23:59',
    (time) => {
      const [error, ...rest] = errorsOf({ time });
      expect(rest).toEqual([]);
      expect(error).toContain('24-hour HH:MM from 00:00 to 23:59');
      expect(error).toContain(`"${time}"`);
    },
  );

  test.each([
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    ['9:05', '09:05'],
    [' 17:30 ', '17:30'],
  ])('GIVEN time "%s" THEN it is stored as %s', (time, stored) => {
    const parsed = parseRecapSchedule({ time });
    expect(parsed.ok && parsed.schedule.time).toBe(stored);
  });

  test.each([
    ['sat', ['saturday']],
    ['Monday, WED fri', ['monday', 'wednesday', 'friday']],
    ['sun,sat', ['saturday', 'sunday']],
    ['weekdays', ['monday', 'tuesday', 'wednesday', 'thursday', 'friday']],
    ['Weekends', ['saturday', 'sunday']],
    ['daily', ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']],
    ['fri weekends fri', ['friday', 'saturday', 'sunday']],
  ])('GIVEN days "%s" THEN the schedule runs on %j', (days, expected) => {
    const parsed = parseRecapSchedule({ days });
    expect(parsed.ok && parsed.schedule.days).toEqual(expected);
  });

  test('GIVEN days as a list of option values THEN each is read the same way', () => {
    const parsed = parseRecapSchedule({ days: ['tue', 'thu sat'] });
    expect(parsed.ok && parsed.schedule.days).toEqual(['tuesday', 'thursday', 'saturday']);
  });

  test('GIVEN an unknown day THEN the message names it and lists what is accepted', () => {
    const [error] = errorsOf({ days: 'mon, funday' });
    expect(error).toContain('"funday"');
    expect(error).toContain('3-letter abbreviations');
    expect(error).toContain('"weekdays", "weekends" or "daily"');
  });

  test('GIVEN days with no day in them THEN they are refused', () => {
    expect(errorsOf({ days: ' , ' })[0]).toContain('at least one day');
  });

  test.each([
    ['America/New_York', 'America/New_York'],
    ['europe/london', 'Europe/London'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Asia/Tokyo', 'Asia/Tokyo'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['US/Eastern', 'America/New_York'],
  ])('GIVEN time zone "%s" THEN it is stored as %s', (timeZone, stored) => {
    const parsed = parseRecapSchedule({ timeZone });
    expect(parsed.ok && parsed.schedule.timeZone).toBe(stored);
  });

  test.each(['Mars/Olympus_Mons', '+05:00', 'EST', 'New York', ''])(
    'GIVEN time zone "%s" THEN it is refused with "an IANA time zone such as America/New_York"',
    (timeZone) => {
      const [error] = errorsOf({ timeZone });
      expect(error).toContain('an IANA time zone such as America/New_York');
    },
  );

  test('GIVEN a familiar abbreviation as the time zone THEN the refusal suggests the IANA zone', () => {
    expect(errorsOf({ timeZone: 'EST' })[0]).toContain('Did you mean America/New_York?');
  });

  test('GIVEN several bad options THEN every problem is reported at once', () => {
    expect(errorsOf({ days: 'someday', time: '25:00', timeZone: 'Nowhere/Land' })).toHaveLength(3);
  });

  test('GIVEN an option the command does not have THEN it is refused', () => {
    expect(errorsOf({ channel: '123' })).toHaveLength(1);
  });
});

describe('searchTimeZones', () => {
  test('GIVEN empty text THEN the common trading zones come first', () => {
    expect(searchTimeZones('').slice(0, 4)).toEqual(['America/New_York', 'Europe/London', 'Asia/Tokyo', 'UTC']);
  });

  test('GIVEN no limit THEN at most 25 zones, as Discord autocomplete allows', () => {
    expect(searchTimeZones('')).toHaveLength(25);
    expect(searchTimeZones('a').length).toBeLessThanOrEqual(25);
  });

  test.each([
    ['tokyo', 'Asia/Tokyo'],
    ['new york', 'America/New_York'],
    ['NEW_YORK', 'America/New_York'],
    ['lond', 'Europe/London'],
    ['eastern', 'America/New_York'],
    ['pacific', 'America/Los_Angeles'],
    ['kolkata', 'Asia/Kolkata'],
    ['utc', 'UTC'],
    ['america/chi', 'America/Chicago'],
  ])('GIVEN "%s" THEN the best match is %s', (text, best) => {
    expect(searchTimeZones(text)[0]).toBe(best);
  });

  test('GIVEN a limit THEN no more than that many zones', () => {
    expect(searchTimeZones('america', 3)).toHaveLength(3);
  });

  test('GIVEN text that matches no zone THEN nothing is offered', () => {
    expect(searchTimeZones('xyzzy')).toEqual([]);
  });

  test('GIVEN any suggestion THEN the schedule parser accepts it unchanged', () => {
    for (const zone of [...searchTimeZones(''), ...searchTimeZones('europe')]) {
      const parsed = parseRecapSchedule({ timeZone: zone });
      expect(parsed.ok && parsed.schedule.timeZone).toBe(zone);
    }
  });
});
