import { quoteText } from './forbiddenCharacters';

/**
 * Periods a figure describes, written the ISO 8601 way so data authors have one
 * grammar to learn: a day `2025-12-05`, a month `2025-10`, a quarter `2025-Q3`,
 * a year `2025`, or an interval of any two of those `2025-12-01/2025-12-05`.
 */
export interface Period {
  /** The text as written in the data file. */
  readonly text: string;
  /** First day covered, YYYY-MM-DD. */
  readonly start: string;
  /** Last day covered, YYYY-MM-DD. */
  readonly end: string;
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; error: string };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;
/** The longest period there is, a day-to-day interval such as 2025-12-01/2025-12-05. */
const MAX_PERIOD_CHARS = 21;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when `text` is a real calendar day written YYYY-MM-DD (no 2025-02-30). */
export function isCalendarDate(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parsePoint(text: string): { start: string; end: string } | string {
  let m = DAY.exec(text);
  if (m) return isCalendarDate(text) ? { start: text, end: text } : `${quoteText(text)} is not a calendar date`;
  m = MONTH.exec(text);
  if (m) {
    const [year, month] = [Number(m[1]), Number(m[2])];
    if (month < 1 || month > 12) return `${quoteText(text)} has no month ${m[2]}`;
    return { start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${pad(daysInMonth(year, month))}` };
  }
  m = QUARTER.exec(text);
  if (m) {
    const q = Number(m[2]);
    const first = (q - 1) * 3 + 1;
    const last = first + 2;
    return {
      start: `${m[1]}-${pad(first)}-01`,
      end: `${m[1]}-${pad(last)}-${pad(daysInMonth(Number(m[1]), last))}`,
    };
  }
  m = YEAR.exec(text);
  if (m) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  return `${quoteText(text)} is not a day (2025-12-05), month (2025-10), quarter (2025-Q3) or year (2025)`;
}

export function parsePeriod(text: string): PeriodResult {
  if (text.length > MAX_PERIOD_CHARS) {
    return {
      ok: false,
      error: `${quoteText(`${text.slice(0, MAX_PERIOD_CHARS)}...`)} is too long for a period (at most ${MAX_PERIOD_CHARS} characters)`,
    };
  }
  const parts = text.split('/');
  if (parts.length > 2) return { ok: false, error: `${quoteText(text)} has more than one "/"` };
  const points = parts.map(parsePoint);
  const errors = points.filter((p): p is string => typeof p === 'string');
  if (errors.length > 0) return { ok: false, error: errors.join('; ') };
  const [from, to] = points as { start: string; end: string }[];
  const start = from!.start;
  const end = (to ?? from!).end;
  if (start > end) return { ok: false, error: `${quoteText(text)} ends before it starts` };
  return { ok: true, period: { text, start, end } };
}
