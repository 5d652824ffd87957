import type { Period } from '../facts/period';
import { formatCalendarDate, monthName } from './formatCalendarDate';

type Point =
  | { readonly kind: 'day'; readonly year: string; readonly month: number; readonly day: number }
  | { readonly kind: 'month'; readonly year: string; readonly month: number }
  | { readonly kind: 'quarter'; readonly year: string; readonly quarter: number }
  | { readonly kind: 'year'; readonly year: string };

function parsePoint(text: string): Point | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return { kind: 'day', year: m[1]!, month: Number(m[2]), day: Number(m[3]) };
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) return { kind: 'month', year: m[1]!, month: Number(m[2]) };
  m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (m) return { kind: 'quarter', year: m[1]!, quarter: Number(m[2]) };
  m = /^(\d{4})$/.exec(text);
  if (m) return { kind: 'year', year: m[1]! };
  return undefined;
}

function formatPoint(p: Point): string {
  switch (p.kind) {
    case 'day':
      return `${p.day} ${monthName(p.month)} ${p.year}`;
    case 'month':
      return `${monthName(p.month)} ${p.year}`;
    case 'quarter':
      return `Q${p.quarter} ${p.year}`;
    case 'year':
      return p.year;
  }
}

/** The part of a point left once the year is said once for both ends: `1`, `Dec`, `Q3`. */
function withinYear(p: Point): string {
  return formatPoint(p).replace(/ \d{4}$/, '');
}

function formatInterval(from: Point, to: Point): string {
  if (from.kind === 'year' && to.kind === 'year') return `${from.year}–${to.year}`;
  if (from.kind === to.kind && from.year === to.year) {
    if (from.kind === 'day' && to.kind === 'day' && from.month === to.month) {
      return `${from.day}–${to.day} ${monthName(to.month)} ${to.year}`;
    }
    if (from.kind === 'day') return `${withinYear(from)} – ${formatPoint(to)}`;
    return `${withinYear(from)}–${formatPoint(to)}`;
  }
  return `${formatPoint(from)} – ${formatPoint(to)}`;
}

/**
 * A period as members read it, at the precision the data gives it: `5 Dec 2025`,
 * `1–5 Dec 2025`, `28 Nov – 5 Dec 2025`, `Oct 2025`, `Oct–Dec 2025`, `Q3 2025`,
 * `2025`, `2024–2025`. It follows the text as written rather than the covered
 * days, so a quarter stays "Q4 2025" and is never restated as "1 Oct – 31 Dec".
 */
export function formatPeriod(period: Period): string {
  const [fromText, toText] = period.text.split('/');
  const from = parsePoint(fromText ?? '');
  const to = toText === undefined ? from : parsePoint(toText);
  if (from === undefined || to === undefined) {
    // A Period built in code rather than parsed from data: fall back to the days it covers.
    return period.start === period.end
      ? formatCalendarDate(period.start)
      : `${formatCalendarDate(period.start)} – ${formatCalendarDate(period.end)}`;
  }
  if (toText === undefined || formatPoint(from) === formatPoint(to)) return formatPoint(from);
  return formatInterval(from, to);
}
