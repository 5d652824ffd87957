import { ageInDays, ageInMonths } from './calendarAge';
import { formatCalendarDate } from './formatCalendarDate';

/** Discord blurple: the data is current. */
export const COLOR_CURRENT = 0x5865f2;
/** Discord yellow, the colour of the ⚠️ beside it: the data is older than the operator allows. */
export const COLOR_STALE = 0xfee75c;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * The data's age said one way only: whole days up to two months, then
 * "about 11 months" or "about 2 years", which members grasp faster than
 * "353 days". A Discord relative timestamp beside it would round the same
 * age differently ("a year ago"), so answers carry none.
 */
export function dataAge(asOf: string, now: Date): string {
  const days = ageInDays(asOf, now);
  const months = ageInMonths(asOf, now);
  if (months >= 24) return `about ${plural(Math.floor(months / 12), 'year')}`;
  if (months >= 2) return `about ${plural(months, 'month')}`;
  return plural(days, 'day');
}

/** Whether the data is older than the operator allows, or dated after tomorrow (a typo that would never turn stale). */
export function isStale(asOf: string, now: Date, staleAfterDays: number): boolean {
  const days = ageInDays(asOf, now);
  return days < -1 || days > staleAfterDays;
}

/**
 * The one line that warns about old data, or `undefined` while it is current:
 * `⚠️ Data of 7 Dec 2025, about 11 months old: not today's market.`
 * Old figures shown without it would read as today's market, the worst
 * mistake this bot can make.
 */
export function staleDataLine(asOf: string, now: Date, staleAfterDays: number): string | undefined {
  const days = ageInDays(asOf, now);
  const date = formatCalendarDate(asOf);
  // A day ahead is a weekend snapshot read in an earlier time zone; further ahead is a typo (2052 for 2025).
  if (days < -1) return `⚠️ Data dated ${date}, after today: the date is likely a mistake, so the figures may be older than they look.`;
  if (days <= staleAfterDays) return undefined;
  return `⚠️ Data of ${date}, ${dataAge(asOf, now)} old: not today's market.`;
}

/**
 * What dates an answer's text: the warning line when the data is old (it
 * carries the date), else `As of 7 Dec 2025`.
 */
export function datingLine(asOf: string, now: Date, staleAfterDays: number): string {
  return staleDataLine(asOf, now, staleAfterDays) ?? `As of ${formatCalendarDate(asOf)}`;
}

/** One colour scheme for every member answer: it says whether the data is current, as the warning line does in words. */
export function freshnessColor(asOf: string, now: Date, staleAfterDays: number): number {
  return isStale(asOf, now, staleAfterDays) ? COLOR_STALE : COLOR_CURRENT;
}
