import { ageInDays } from './calendarAge';
import { discordTimestamp } from './discordTimestamp';
import { formatCalendarDate } from './formatCalendarDate';

/**
 * `As of 7 Dec 2025 (<t:…:R>)`: the as-of day as plain text, so it reads the
 * same in every zone, plus a relative tag that Discord keeps current
 * ("11 months ago"). A same-day or previous-day as-of says "today"/"yesterday"
 * instead, because the noon instant behind the tag would read "in 3 hours"
 * to a morning reader.
 */
export function asOfLine(asOf: string, now: Date): string {
  const days = ageInDays(asOf, now);
  const date = formatCalendarDate(asOf);
  if (days >= 2) return `As of ${date} (${discordTimestamp(asOf, 'R')})`;
  if (days === 1) return `As of ${date} (yesterday)`;
  if (days === 0) return `As of ${date} (today)`;
  return `As of ${date}`;
}
