import { describe, test, expect } from 'vitest';
import { parsePeriod } from '../../src/facts/period';
import { formatCalendarDate } from '../../src/render/formatCalendarDate';
import { formatPeriod } from '../../src/render/formatPeriod';

function formatted(text: string): string {
  const result = parsePeriod(text);
  if (!result.ok) throw new Error(result.error);
  return formatPeriod(result.period);
}

describe('formatPeriod', () => {
  test.each([
    ['2025-12-05', '5 Dec 2025'],
    ['2025-12-01/2025-12-05', '1–5 Dec 2025'],
    ['2025-11-28/2025-12-05', '28 Nov – 5 Dec 2025'],
    ['2025-12-29/2026-01-02', '29 Dec 2025 – 2 Jan 2026'],
    ['2025-10', 'Oct 2025'],
    ['2025-10/2025-12', 'Oct–Dec 2025'],
    ['2025-11/2026-02', 'Nov 2025 – Feb 2026'],
    ['2025-Q3', 'Q3 2025'],
    ['2025-Q3/2025-Q4', 'Q3–Q4 2025'],
    ['2025-Q4/2026-Q1', 'Q4 2025 – Q1 2026'],
    ['2025', '2025'],
    ['2024/2025', '2024–2025'],
    ['2025-10/2025-12-05', 'Oct 2025 – 5 Dec 2025'],
    ['2025-12-05/2025-12-05', '5 Dec 2025'],
  ])('GIVEN the period %s THEN it reads "%s"', (text, expected) => {
    expect(formatted(text)).toBe(expected);
  });

  test('GIVEN a period built in code with free text THEN the days it covers are shown', () => {
    expect(formatPeriod({ text: 'first week of December', start: '2025-12-01', end: '2025-12-05' })).toBe('1 Dec 2025 – 5 Dec 2025');
    expect(formatPeriod({ text: 'Friday', start: '2025-12-05', end: '2025-12-05' })).toBe('5 Dec 2025');
  });
});

describe('formatCalendarDate', () => {
  test('GIVEN 2025-12-07 THEN it reads "7 Dec 2025" with no leading zero', () => {
    expect(formatCalendarDate('2025-12-07')).toBe('7 Dec 2025');
    expect(formatCalendarDate('2026-01-31')).toBe('31 Jan 2026');
  });

  test('GIVEN text that is not YYYY-MM-DD or a month that does not exist THEN it throws', () => {
    expect(() => formatCalendarDate('7 Dec 2025')).toThrow(RangeError);
    expect(() => formatCalendarDate('2025-13-01')).toThrow(RangeError);
  });
});
