import { ageInDays, ageInMonths } from './calendarAge';
import { formatCalendarDate } from './formatCalendarDate';

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function roughAge(months: number): string {
  return months >= 24 ? `about ${plural(Math.floor(months / 12), 'year')}` : `about ${plural(months, 'month')}`;
}

/**
 * A warning for data older than `staleAfterDays` calendar days, or `undefined`
 * while it is fresh. Old figures shown without it would read as today's market,
 * the worst mistake this bot can make. Ages over two months also say the age
 * in months or years, which members grasp faster than "353 days". A date
 * after tomorrow is warned about too.
 */
export function stalenessLine(asOf: string, now: Date, staleAfterDays: number): string | undefined {
  const days = ageInDays(asOf, now);
  // A day ahead is a weekend snapshot read in an earlier time zone; further ahead is a typo (2052 for 2025) that would never turn stale.
  if (days < -1) {
    return `⚠️ This data is dated ${formatCalendarDate(asOf)}, after today: its date is likely a mistake, so the figures may be older than they look.`;
  }
  if (days <= staleAfterDays) return undefined;
  const months = ageInMonths(asOf, now);
  const age = months >= 2 ? `${plural(days, 'day')} old, ${roughAge(months)}` : `${plural(days, 'day')} old`;
  return `⚠️ This data is ${age} (as of ${formatCalendarDate(asOf)}). Figures describe that date, not today.`;
}
