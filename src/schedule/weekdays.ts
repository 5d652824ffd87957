/** Days of the week in the order a moderator reads them: Monday first. */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
/** A day a recap can post on, as stored: the full lower-case English name. */
export type Weekday = (typeof WEEKDAYS)[number];

const WORKING_DAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const WEEKEND_DAYS: readonly Weekday[] = ['saturday', 'sunday'];

const DAY_WORDS: ReadonlyMap<string, readonly Weekday[]> = new Map<string, readonly Weekday[]>([
  ...WEEKDAYS.map((day): [string, readonly Weekday[]] => [day, [day]]),
  ...WEEKDAYS.map((day): [string, readonly Weekday[]] => [day.slice(0, 3), [day]]),
  ['weekdays', WORKING_DAYS],
  ['weekday', WORKING_DAYS],
  ['weekends', WEEKEND_DAYS],
  ['weekend', WEEKEND_DAYS],
  ['daily', WEEKDAYS],
]);

/** The days read from a moderator's text, or the words that are not days. */
export type WeekdaysParse =
  { readonly ok: true; readonly days: readonly Weekday[] } | { readonly ok: false; readonly unknown: readonly string[] };

/**
 * Reads the days a moderator typed: names or 3-letter abbreviations, or
 * "weekdays", "weekends", "daily"; comma or space separated, any case.
 * The result is de-duplicated and in Monday-first order, so equal choices
 * compare equal however they were typed.
 */
export function parseWeekdays(input: string | readonly string[]): WeekdaysParse {
  const words = (typeof input === 'string' ? [input] : input)
    .flatMap((part) => part.split(/[\s,]+/))
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word.length > 0);
  const chosen = new Set<Weekday>();
  const unknown: string[] = [];
  for (const word of words) {
    const days = DAY_WORDS.get(word);
    if (days === undefined) unknown.push(word);
    else for (const day of days) chosen.add(day);
  }
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, days: WEEKDAYS.filter((day) => chosen.has(day)) };
}

/** The weekday of a calendar date, which is the same in every time zone. */
export function weekdayOfDate(year: number, month: number, day: number): Weekday {
  const sundayFirst = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  // getUTCDay counts from Sunday; WEEKDAYS starts on Monday.
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday;
}
