import { ageInDays } from './calendarAge';
import { formatCalendarDate } from './formatCalendarDate';

/**
 * The as-of date in plain text for a footer (`Data as of 7 Dec 2025 · ⚠️ 353
 * days old`). Long answers are split into several messages and only the first
 * carries the lead lines, so every footer repeats the date: no message of an
 * answer or a recap can be read as today's market on its own.
 */
export function asOfFooterLine(asOf: string, now: Date, staleAfterDays: number): string {
  const days = ageInDays(asOf, now);
  const date = `Data as of ${formatCalendarDate(asOf)}`;
  return days > staleAfterDays ? `${date} · ⚠️ ${days} day${days === 1 ? '' : 's'} old` : date;
}
