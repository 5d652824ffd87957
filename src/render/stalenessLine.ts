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
 * in months or years, which members grasp faster than "353 days".
 */
export function stalenessLine(asOf: string, now: Date, staleAfterDays: number): string | undefined {
  const days = ageInDays(asOf, now);
  if (days <= staleAfterDays) return undefined;
  const months = ageInMonths(asOf, now);
  const age = months >= 2 ? `${plural(days, 'day')} old, ${roughAge(months)}` : `${plural(days, 'day')} old`;
  return `⚠️ This data is ${age} (as of ${formatCalendarDate(asOf)}). Figures describe that date, not today.`;
}
