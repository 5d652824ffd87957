/**
 * Ages of an as-of day measured in whole calendar days and months, both taken
 * on UTC dates: the data's day has no time of day, so counting hours would make
 * the age flip at a different moment for every reader.
 */

function utcDay(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`"${day}" is not a date written YYYY-MM-DD`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function nowDay(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

const DAY_MS = 86_400_000;

/** Calendar days from `day` (YYYY-MM-DD) to the UTC date of `now`; 0 on the same day, negative if `day` is later. */
export function ageInDays(day: string, now: Date): number {
  return Math.round((nowDay(now) - utcDay(day)) / DAY_MS);
}

/** Whole calendar months from `day` to the UTC date of `now`: 7 Dec → 6 Jan is 0, 7 Dec → 7 Jan is 1. */
export function ageInMonths(day: string, now: Date): number {
  const from = new Date(utcDay(day));
  const to = new Date(nowDay(now));
  const sign = to >= from ? 1 : -1;
  const [early, late] = sign === 1 ? [from, to] : [to, from];
  let months = (late.getUTCFullYear() - early.getUTCFullYear()) * 12 + (late.getUTCMonth() - early.getUTCMonth());
  if (late.getUTCDate() < early.getUTCDate()) months -= 1;
  return sign * months;
}
