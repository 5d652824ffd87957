import type { RecapSchedule } from './recapSchedule';
import { weekdayOfDate } from './weekdays';
import { instantOfLocal, localDateTimeAt } from './zonedTime';

/** One firing of a schedule. */
export interface RecapOccurrence {
  readonly at: Date;
  /**
   * The local calendar date, `YYYY-MM-DD` in the schedule's zone, the
   * occurrence belongs to: the ledger's key, so each day posts at most once.
   */
  readonly period: string;
}

const DAY_MS = 86_400_000;
/** Longer than a week plus the largest clock change, so any non-empty schedule fires within it. */
const SEARCH_SPAN_MS = 8 * DAY_MS;

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Every occurrence in the half-open window (fromUtc, toUtc], oldest first.
 * Half-open so that consecutive windows never count an occurrence twice.
 * Clock changes follow {@link instantOfLocal}: a time skipped by spring-forward
 * fires the length of the gap later, a time repeated by fall-back fires once,
 * at its first instant.
 */
export function recapOccurrencesBetween(schedule: RecapSchedule, fromUtc: Date, toUtc: Date): RecapOccurrence[] {
  if (toUtc.getTime() <= fromUtc.getTime()) return [];
  const [hour, minute] = schedule.time.split(':').map(Number) as [number, number];
  const first = localDateTimeAt(fromUtc, schedule.timeZone);
  const last = localDateTimeAt(toUtc, schedule.timeZone);
  // A day of margin each side: the window's ends fall on different local dates in different zones.
  const firstDay = Date.UTC(first.year, first.month - 1, first.day) - DAY_MS;
  const lastDay = Date.UTC(last.year, last.month - 1, last.day) + DAY_MS;
  const occurrences: RecapOccurrence[] = [];
  for (let dayMs = firstDay; dayMs <= lastDay; dayMs += DAY_MS) {
    const date = new Date(dayMs);
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!schedule.days.includes(weekdayOfDate(year, month, day))) continue;
    const at = instantOfLocal({ year, month, day, hour, minute }, schedule.timeZone);
    if (at.getTime() > fromUtc.getTime() && at.getTime() <= toUtc.getTime()) {
      occurrences.push({ at, period: isoDate(year, month, day) });
    }
  }
  return occurrences.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The first occurrence strictly after `afterUtc`. */
export function nextOccurrence(schedule: RecapSchedule, afterUtc: Date): RecapOccurrence {
  const [next] = recapOccurrencesBetween(schedule, afterUtc, new Date(afterUtc.getTime() + SEARCH_SPAN_MS));
  if (next === undefined) throw new Error(`recap schedule has no days: ${JSON.stringify(schedule)}`);
  return next;
}
