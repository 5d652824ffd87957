import { isCalendarDate } from '../facts/period';

/** Discord's timestamp styles: short/long time, short/long date, short/long date-time, relative. */
export type TimestampStyle = 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 'R';

/**
 * The instant that stands for a calendar day. Noon UTC is the same calendar
 * day in every zone from UTC−11 to UTC+11, so a reader's client does not show
 * 6 Dec for a 7 Dec as-of date, as midnight UTC would west of Greenwich.
 */
export function calendarDayInstant(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

/**
 * A Discord timestamp tag (`<t:1765108800:R>`), which each reader's client
 * shows in their own locale and zone. A bare `YYYY-MM-DD` is read as a calendar
 * day (see {@link calendarDayInstant}); any other string must parse as ISO 8601.
 */
export function discordTimestamp(date: string | Date, style: TimestampStyle): string {
  const instant = typeof date !== 'string' ? date : isCalendarDate(date) ? calendarDayInstant(date) : new Date(date);
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`"${String(date)}" is not a date`);
  return `<t:${Math.floor(ms / 1000)}:${style}>`;
}
