const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The short English name of a month numbered 1–12, e.g. `Dec` for 12. */
export function monthName(month: number): string {
  const name = MONTHS[month - 1];
  if (name === undefined) throw new RangeError(`no month ${month}`);
  return name;
}

/**
 * A calendar day written YYYY-MM-DD as members read it: `7 Dec 2025`.
 * Day-month-year with a month name cannot be misread as 12/7 or 7/12.
 */
export function formatCalendarDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`"${day}" is not a date written YYYY-MM-DD`);
  return `${Number(m[3])} ${monthName(Number(m[2]))} ${m[1]}`;
}
