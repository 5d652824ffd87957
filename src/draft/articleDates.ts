import { isCalendarDate } from '../facts/period';
import { escapeRegExp } from '../facts/sourceFidelity';

/**
 * Dates as articles write them ("Friday, 5 December 2025", "5–7 December",
 * "December 5", "in September", "Q3 2025") turned into the ISO periods of the
 * data format. Pure: the year of a date written without one comes from the
 * article, never from the clock.
 */

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;
const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December)`;
const SHORT_MONTH = String.raw`(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?`;
const ANY_MONTH = `(?:${MONTH}|${SHORT_MONTH})`;
const DAY_FIRST = new RegExp(String.raw`\b(\d{1,2})(?:\s*[–-]\s*(\d{1,2}))?\s+(${ANY_MONTH})\b(?:,?\s+((?:19|20)\d{2})\b)?`, 'g');
const MONTH_FIRST = new RegExp(
  String.raw`\b(${ANY_MONTH})\s+(\d{1,2})(?:\s*[–-]\s*(\d{1,2}))?\b(?!\s*[%x])(?:,?\s+((?:19|20)\d{2})\b)?`,
  'g',
);
const ISO_DAY = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const MONTH_ALONE = new RegExp(
  String.raw`\b(?:in|during|for|since|mid-|early |late |end of )?\s*(${MONTH})\b(?:\s+((?:19|20)\d{2})\b)?`,
  'g',
);
const QUARTER = /\bQ([1-4])(?:\s+((?:19|20)\d{2}))?\b/g;
const QUARTER_WORDS = ['first', 'second', 'third', 'fourth'];
const QUARTER_WORD = /\b(first|second|third|fourth)[- ]quarter\b(?:\s+(?:of\s+)?((?:19|20)\d{2}))?/i;
const YEAR = /\b((?:19|20)\d{2})\b(?!\s*(?:%|x\b|bp\b)|\.\d)/g;

export interface DateMention {
  /** First day, YYYY-MM-DD. */
  readonly start: string;
  /** Last day, YYYY-MM-DD (the same as start for one day). */
  readonly end: string;
  readonly index: number;
  readonly length: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function monthNumber(name: string): number {
  const key = name.toLowerCase().replace('.', '');
  return MONTH_NAMES.findIndex((m) => m.startsWith(key.slice(0, 3))) + 1;
}

function isoDay(year: number, month: number, day: number): string | undefined {
  const text = `${year}-${pad(month)}-${pad(day)}`;
  return isCalendarDate(text) ? text : undefined;
}

/** The days and day ranges a text names; `year` fills in dates written without one. */
export function dayMentions(text: string, year: number | undefined): DateMention[] {
  const found: DateMention[] = [];
  const push = (index: number, length: number, y: number | undefined, month: number, from: number, to: number) => {
    if (y === undefined || month === 0) return;
    const start = isoDay(y, month, from);
    const end = isoDay(y, month, to);
    if (start !== undefined && end !== undefined && start <= end) found.push({ start, end, index, length });
  };
  for (const m of text.matchAll(DAY_FIRST)) {
    const y = m[4] === undefined ? year : Number(m[4]);
    push(m.index, m[0].length, y, monthNumber(m[3]!), Number(m[1]), Number(m[2] ?? m[1]));
  }
  for (const m of text.matchAll(MONTH_FIRST)) {
    if (found.some((f) => m.index >= f.index && m.index < f.index + f.length)) continue;
    const y = m[4] === undefined ? year : Number(m[4]);
    push(m.index, m[0].length, y, monthNumber(m[1]!), Number(m[2]), Number(m[3] ?? m[2]));
  }
  for (const m of text.matchAll(ISO_DAY)) {
    if (isCalendarDate(m[0])) found.push({ start: m[0], end: m[0], index: m.index, length: m[0].length });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Whether `text` names a month without a day ("in January", "for September"): a span longer than a day or a week. */
export function namesMonth(text: string): boolean {
  return monthMention(text, 0) !== undefined;
}

/** A month named without a day ("in September", "mid-October"), as YYYY-MM. */
export function monthMention(text: string, year: number | undefined): string | undefined {
  for (const m of text.matchAll(MONTH_ALONE)) {
    const after = text.slice(m.index + m[0].length);
    const before = text.slice(0, m.index + m[0].length - m[1]!.length - (m[2] === undefined ? 0 : m[2].length + 1));
    if (/^\s*\d/.test(after) && m[2] === undefined) continue;
    if (/\d\s*$/.test(before)) continue;
    const y = m[2] === undefined ? year : Number(m[2]);
    if (y !== undefined) return `${y}-${pad(monthNumber(m[1]!))}`;
  }
  return undefined;
}

/** A quarter ("Q3 2025", "the fourth quarter", or "Q3" in the article's year), as YYYY-Qn. */
export function quarterMention(text: string, year: number | undefined): string | undefined {
  for (const m of text.matchAll(QUARTER)) {
    const y = m[2] === undefined ? year : Number(m[2]);
    if (y !== undefined) return `${y}-Q${m[1]}`;
  }
  const named = QUARTER_WORD.exec(text);
  const y = named?.[2] === undefined ? year : Number(named[2]);
  return named && y !== undefined ? `${y}-Q${QUARTER_WORDS.indexOf(named[1]!.toLowerCase()) + 1}` : undefined;
}

/** Years written on their own ("in 2025", "through 2024–2025"), not the digits of a name among `names` ("Russell 2000"). */
export function yearMentions(text: string, names: readonly string[]): number[] {
  const masked = names.reduce((t, name) => t.replace(new RegExp(escapeRegExp(name), 'gi'), (m) => ' '.repeat(m.length)), text);
  return [...masked.matchAll(YEAR)].map((m) => Number(m[1]));
}

/** The year an article is about: the first year written next to a month, else the first year written that is not part of a name. */
export function articleYear(text: string, names: readonly string[]): number | undefined {
  const withMonth = new RegExp(String.raw`${MONTH}\s+((?:19|20)\d{2})\b`).exec(text);
  if (withMonth) return Number(withMonth[1]);
  const first = yearMentions(text, names)[0];
  return first;
}

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function addDays(iso: string, days: number): string {
  const d = utcDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday–Friday trading week a day belongs to; a weekend day belongs to the week just ended. */
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * The day a weekday named right after a number means ("fell 1% on Thursday"),
 * taken as the last such weekday on or before `iso`, the day in force; `iso`
 * itself when no weekday is named there.
 */
export function namedWeekday(iso: string, text: string): string {
  const named = /^[^.;,]{0,20}?\bon (sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/i.exec(text);
  if (named === null) return iso;
  const back = (utcDate(iso).getUTCDay() - WEEKDAYS.indexOf(named[1]!.toLowerCase()) + 7) % 7;
  return addDays(iso, -back);
}

export function tradingWeek(iso: string): string {
  const weekday = utcDate(iso).getUTCDay();
  const back = weekday === 0 ? 6 : weekday === 6 ? 5 : weekday - 1;
  const monday = addDays(iso, -back);
  return `${monday}/${addDays(monday, 4)}`;
}
