/** A calendar date and wall-clock time as read on a clock in some time zone. */
export interface LocalDateTime {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false, which prints midnight as "24" in some ICU versions.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** What a clock in `timeZone` shows at `instant`. */
export function localDateTimeAt(instant: Date, timeZone: string): LocalDateTime {
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? Number.NaN,
    month: fields.month ?? Number.NaN,
    day: fields.day ?? Number.NaN,
    hour: (fields.hour ?? Number.NaN) % 24,
    minute: fields.minute ?? Number.NaN,
    second: fields.second ?? Number.NaN,
  };
}

/** A wall-clock reading as if it were UTC: the arithmetic form of a local time. */
function wallMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/** How far the zone's clocks are ahead of UTC at `epochMs`. */
function offsetMsAt(epochMs: number, timeZone: string): number {
  const wholeSecond = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return wallMs(localDateTimeAt(new Date(wholeSecond), timeZone)) - wholeSecond;
}

/**
 * The instant a clock in `timeZone` shows the given wall-clock time.
 *
 * Where the clocks fall back, the time happens twice: the earlier instant is
 * chosen, so a recap fires once, at the first of the two.
 *
 * Where the clocks spring forward, the time never happens: it is moved later
 * by the length of the gap, keeping the offset in force before the change
 * (02:30 on 8 March 2026 in America/New_York becomes 03:30 EDT). This is
 * Temporal's "compatible" rule, and it keeps the recap on its day and the same
 * number of minutes after the change as the moderator asked for after 02:00.
 */
export function instantOfLocal(local: Omit<LocalDateTime, 'second'>, timeZone: string): Date {
  const wall = wallMs({ ...local, second: 0 });
  // A day either side of the wanted time brackets at most one offset change in every real zone.
  const offsetBefore = offsetMsAt(wall - DAY_MS, timeZone);
  const offsetAfter = offsetMsAt(wall + DAY_MS, timeZone);
  const matching = [wall - offsetBefore, wall - offsetAfter]
    .filter((epochMs) => wallMs(localDateTimeAt(new Date(epochMs), timeZone)) === wall)
    .sort((a, b) => a - b);
  return new Date(matching[0] ?? wall - offsetBefore);
}
