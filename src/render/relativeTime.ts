import { ageInMonths } from './calendarAge';

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * How long before or after `now` an instant is, in the largest whole unit, the
 * way Discord shows a relative timestamp: `11 months ago`, `in 3 days`,
 * `2 hours ago`. Months and years are whole calendar months, so 7 Dec 2025
 * seen on 25 Nov 2026 is "11 months ago", not a rounded "a year ago".
 */
export function relativeTime(instant: Date, now: Date): string {
  const ms = now.getTime() - instant.getTime();
  const [early, late] = ms >= 0 ? [instant, now] : [now, instant];
  const seconds = Math.floor(Math.abs(ms) / 1000);
  const months = ageInMonths(early.toISOString().slice(0, 10), late);
  let span: string;
  if (seconds < 45) span = 'a few seconds';
  else if (seconds < 3600) span = count(Math.max(1, Math.floor(seconds / 60)), 'minute');
  else if (seconds < 86_400) span = count(Math.floor(seconds / 3600), 'hour');
  else if (months < 1) span = count(Math.floor(seconds / 86_400), 'day');
  else if (months < 12) span = count(months, 'month');
  else span = count(Math.floor(months / 12), 'year');
  return ms >= 0 ? `${span} ago` : `in ${span}`;
}
