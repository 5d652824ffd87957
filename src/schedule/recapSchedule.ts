import { z } from 'zod';
import { parseWeekdays, WEEKDAYS, type Weekday } from './weekdays';
import { resolveTimeZone } from './timeZoneName';
import { searchTimeZones } from './searchTimeZones';

/** When a server's weekly recap posts: on these days, at this wall-clock time, in this zone. */
export interface RecapSchedule {
  /** Non-empty, Monday-first, no repeats. */
  readonly days: readonly Weekday[];
  /** 24-hour `HH:MM`. */
  readonly time: string;
  /** An IANA time zone name. */
  readonly timeZone: string;
}

/** What `/recaps set` uses for any option the moderator leaves out. */
export const DEFAULT_RECAP_SCHEDULE: RecapSchedule = {
  days: ['saturday'],
  time: '09:00',
  timeZone: 'America/New_York',
};

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A schedule as stored: already in canonical form, so only checked. */
export const recapScheduleSchema = z.object({
  days: z.array(z.enum(WEEKDAYS)).min(1),
  time: z.string().regex(HH_MM),
  timeZone: z.string().refine((name) => resolveTimeZone(name) === name, 'not a known IANA time zone'),
});

const daysInput = z.union([z.string(), z.array(z.string())]).transform((input, ctx): Weekday[] => {
  const parsed = parseWeekdays(input);
  if (!parsed.ok) {
    ctx.addIssue({
      code: 'custom',
      message: `Days must be day names or 3-letter abbreviations (mon, tue, …), "weekdays", "weekends" or "daily", separated by commas or spaces; "${parsed.unknown.join('", "')}" is not one of them.`,
    });
    return z.NEVER;
  }
  if (parsed.days.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'Days must name at least one day, such as "sat" or "mon, wed, fri".' });
    return z.NEVER;
  }
  return [...parsed.days];
});

const timeInput = z.string().transform((input, ctx): string => {
  // A single-digit hour ("9:00") is unambiguous in 24-hour form, so it is padded rather than refused.
  const time = input.trim().replace(/^(\d):/, '0$1:');
  if (!HH_MM.test(time)) {
    ctx.addIssue({
      code: 'custom',
      message: `Time must be 24-hour HH:MM from 00:00 to 23:59, such as 09:00 or 17:30; "${input}" is not.`,
    });
    return z.NEVER;
  }
  return time;
});

const timeZoneInput = z.string().transform((input, ctx): string => {
  const zone = resolveTimeZone(input);
  if (zone === undefined) {
    const [suggestion] = searchTimeZones(input, 1);
    const hint = suggestion === undefined ? '' : ` Did you mean ${suggestion}?`;
    ctx.addIssue({
      code: 'custom',
      message: `Time zone must be an IANA time zone such as America/New_York, Europe/London or UTC; "${input}" is not.${hint}`,
    });
    return z.NEVER;
  }
  return zone;
});

/** The options of `/recaps set` as typed; a left-out option takes its default. */
export const recapScheduleInputSchema = z
  .object({
    days: daysInput.optional(),
    time: timeInput.optional(),
    timeZone: timeZoneInput.optional(),
  })
  .strict();

/** A schedule, or one sentence per problem for the moderator. */
export type RecapScheduleParse =
  { readonly ok: true; readonly schedule: RecapSchedule } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Turns what a moderator typed into a schedule, or into every problem at
 * once, each a sentence that says what is accepted.
 */
export function parseRecapSchedule(input: unknown): RecapScheduleParse {
  const parsed = recapScheduleInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => issue.message) };
  return {
    ok: true,
    schedule: {
      days: parsed.data.days ?? DEFAULT_RECAP_SCHEDULE.days,
      time: parsed.data.time ?? DEFAULT_RECAP_SCHEDULE.time,
      timeZone: parsed.data.timeZone ?? DEFAULT_RECAP_SCHEDULE.timeZone,
    },
  };
}
