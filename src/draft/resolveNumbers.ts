import { parsePeriod } from '../facts/period';
import type { FigureValue } from '../facts/figuresSchema';
import { METRICS, type MetricId } from '../facts/metrics';
import { addDays, dayMentions, namedWeekday, namesMonth, tradingWeek, yearMentions } from './articleDates';
import { topicOf, type DraftFigure, type UnresolvedNumber } from './draftFigure';
import { refsAt } from './parseArticle';
import type { ReadingContext } from './readingContext';
import type { NumberAt } from './scanNumbers';
import { FALL_WORDS, MOVE_WORDS } from './moveWords';

/**
 * Turns each number into figures: the metric from the phrase around it, the
 * subject from the names around it, the period from the dates in force, the
 * sources from the markers that vouch for it. A number that any of these
 * cannot be found for with confidence is unresolved, with the reason.
 */

interface MetricMatch {
  readonly metric: MetricId;
  readonly segment?: string;
  readonly basis?: string;
  /** For weekly moves: the week before the one in force. */
  readonly previousWeek?: boolean;
  /** Sector weights name one figure per sector. */
  readonly segments?: readonly string[];
  /** The subject the phrase itself names ("the small-cap discount"). */
  readonly subject?: string;
}

const MOVE = new RegExp(`\\b(?:${MOVE_WORDS})\\b`, 'i');
const FALL = new RegExp(`^(?:${FALL_WORDS})$`, 'i');
const FORECAST =
  /\b(?:could|might|would|will|should|(?:is|are|was|were) (?:expected|forecast|projected|seen|likely|set|poised|on track) to)\s+(?:[\w-]+\s+){0,2}$/i;
const RISING_AFTER = /^\s*(?:higher|gain|rise|rally|advance|increase|jump|climb|rebound|bounce)\b/i;
const FALLING_AFTER = /^\s*(?:lower|decline|drop|fall|loss|slide|slump|dip|pullback|retreat)\b/i;
const WEEK =
  /\b(?:(?:ended|finished|closed) the (?:[\w-]+ )?week|for the week|in the week|on the week|over the week|this week|the previous week|the prior week|last week|a week earlier|weekly|week-on-week)\b/i;
const PREVIOUS_WEEK = /\b(?:previous|prior|last) week\b|\ba week earlier\b/i;
const DAY = /\b(?:on the day|on the session|in the session|daily|today|on (?:monday|tuesday|wednesday|thursday|friday))\b/i;
const LONGER = /\b(?:since|month|quarter|year|years|past|so far|from (?:its|the) (?:low|high))\b/i;
/** Opening words that set the period for the whole sentence ("Year to date, the Nasdaq-100 is down 3.5% and …"). */
const YTD_LEAD = /^\W*(?:year[- ]to[- ]date|so far this year|this year)\b/i;
const YTD = /\b(?:year[- ]to[- ]date|ytd|so far this year|this year)\b/i;
const SECTORS = [
  'technology',
  'industrials',
  'financials',
  'healthcare',
  'health care',
  'energy',
  'materials',
  'utilities',
  'real estate',
  'consumer discretionary',
  'consumer staples',
  'communication services',
];

function lastMatch(re: RegExp, text: string): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (const m of text.matchAll(new RegExp(re.source, 'gi'))) last = m as RegExpExecArray;
  return last;
}

/** Data released for a month without a year written is the last such month ("in December", read in February, is last year's). */
function notAfter(month: string | undefined, asOf: string): string | undefined {
  if (month === undefined || month <= asOf.slice(0, 7)) return month;
  return `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The rule whose phrase stands nearest before the number wins: "earnings growth of 62.7% … revenue growth 3.6%". */
function nearestBefore(before: string, rules: readonly (readonly [RegExp, MetricId])[]): MetricId | undefined {
  let best: { at: number; metric: MetricId } | undefined;
  for (const [re, metric] of rules) {
    const global = new RegExp(re.source, 'gi');
    for (const m of before.matchAll(global)) if (best === undefined || m.index >= best.at) best = { at: m.index, metric };
  }
  return best?.metric;
}

const GROWTH_RULES: readonly (readonly [RegExp, MetricId])[] = [
  [
    /\bearnings(?: per share)? growth\b|\bearnings (?:grew|rose|increased|jumped|climbed)\b|\beps growth\b|\bprofits? (?:growth|grew|rose)\b/,
    'earnings-growth',
  ],
  [
    /\brevenue growth\b|\btop-line growth\b|\bsales growth\b|\brevenues? (?:grew|rose|increased|climbed)\b|\bsales (?:grew|rose|increased)\b/,
    'revenue-growth',
  ],
];

function exclusionSegment(after: string): string | undefined {
  const m = /^[^,;)(]{0,20}?\b(?:excluding|ex-|ex )\s*([a-z]+(?: [a-z]+)?)/i.exec(after);
  return m ? `Excluding ${m[1]!.split(' ')[0]!.toLowerCase()}` : undefined;
}

function percentMetric(
  s: string,
  before: string,
  after: string,
  context: string,
  dayInForce: boolean,
  sign: '+' | '-' | undefined,
): MetricMatch | undefined {
  const near = `${before.slice(-60)}${after.slice(0, 40)}`;
  // "could fall 10%", "is forecast to rise 0.3%": what may happen is not what happened, whatever metric it names.
  if (FORECAST.test(before.slice(-60).split(/[,;]/).pop() ?? '')) return undefined;
  if (/\bpce\b/i.test(s)) {
    if (/^\s*(?:month[- ](?:on|over)[- ]month|m\/m|on the month|monthly)\b/i.test(after)) return { metric: 'core-pce-mom' };
    if (/^\s*(?:year[- ](?:on|over)[- ]year|y\/y|on the year|annual|from a year)\b/i.test(after)) return { metric: 'core-pce-yoy' };
    if (/\b(?:year[- ](?:on|over)[- ]year|annual) basis\b[^.%]{0,40}$/i.test(before)) return { metric: 'core-pce-yoy' };
    if (/\bmonth[- ](?:on|over)[- ]month basis\b[^.%]{0,40}$/i.test(before)) return { metric: 'core-pce-mom' };
    return undefined;
  }
  if (
    /\bcut\b/i.test(s) &&
    (/^\s*(?:implied\s+)?(?:probability|odds|chance|likelihood)\b/i.test(after) ||
      /\b(?:probability|odds|chance|likelihood) of (?:a |another )?(?:rate )?cut\b[^.%]{0,40}$/i.test(before))
  ) {
    return { metric: 'rate-cut-probability' };
  }
  if (
    /\bshort[- ]interest\b|\bshort float\b/i.test(`${before.slice(-150)}${after.slice(0, 40)}`) ||
    (/\bshort[- ]interest\b|\bshort float\b/i.test(context) && !/\b(?:discount|growth|year to date)\b/i.test(s))
  ) {
    return { metric: 'short-interest' };
  }
  const sized = /\b(small|large|mega)-cap discount\b[^.%]{0,40}\b(?:at|of)\s*$/i.exec(
    before.replace(/\s*(?:about|around|roughly|near|close to)\s*$/i, ' '),
  );
  if (sized) return { metric: 'valuation-discount', subject: sized[1]!.toLowerCase() === 'small' ? 'us-small-caps' : 'large-caps' };
  if (
    /^\s*(?:valuation\s+)?discount\b|^\s*cheaper\b/i.test(after) ||
    (/^\s*below\b/i.test(after) && /\b(?:trade|trades|trading|valued)\b/i.test(before))
  ) {
    const basis = /\bforward (?:p\/e|pe|earnings)\b/i.exec(s);
    return { metric: 'valuation-discount', ...(basis && !/\d-year forward/i.test(s) && { basis: 'Forward P/E' }) };
  }
  if (
    /\brevenue[^.%]{0,40}\b(?:outside|abroad|foreign|international|overseas)\b|\b(?:foreign|international|overseas) (?:revenue|sales)\b/i.test(
      s,
    )
  ) {
    return { metric: 'foreign-revenue-share' };
  }
  if (
    /^\s*(?:of (?:companies|firms|constituents|members|reporting companies)\b[^.]{0,30})?\b(?:beat|beats|beating|topped|topping|exceeded|exceeding|surpassed|surpassing)\b[^.]{0,20}\b(?:estimates|expectations|forecasts|consensus)\b/i.test(
      after,
    ) ||
    /\bbeat rate\b[^.%]{0,30}$/i.test(before)
  ) {
    return { metric: 'eps-beat-rate' };
  }
  // "… earnings grew 11%, with 81% of companies beating …": a share of companies is not the growth rate.
  const share = /^\s*of (?:companies|firms|constituents|members|stocks)\b/i.test(after);
  const growth = share ? undefined : (nearestBefore(before.slice(-100), GROWTH_RULES) ?? nearestBefore(context, GROWTH_RULES));
  if (growth !== undefined && !MOVE.test(after.slice(0, 12))) {
    const segment = exclusionSegment(after);
    return { metric: growth, ...(segment !== undefined && { segment }) };
  }
  if (/^\s*of the (?:index|benchmark)\b/i.test(after.replace(/^\s*(?:each|apiece)\b/i, '')) || /\bweights?\b/i.test(near)) {
    const segments = SECTORS.filter((sector) => new RegExp(`\\b${sector}\\b`, 'i').test(s)).map(capitalize);
    if (segments.length > 0) return { metric: 'sector-weight', segments };
  }
  // "rose to 1.5%" states a level and "6% below its record high" a distance: neither is a move.
  const level =
    /(?<!\b(?:close|up) )\b(?:to|at)\s+(?:about|around|roughly|near|nearly|close to)?\s*$/i.test(before) ||
    /^\s*(?:below|above|under|short of|off|shy of)\b/i.test(after) ||
    /^\s*from (?:its|the|a|their) (?:[\w-]+\s+){0,2}(?:highs?|lows?|peaks?|records?|tops?|bottoms?|troughs?)\b/i.test(after);
  // "Russell 2000 +3.1%": a sign written with the number is a move.
  const moved = !level && (sign !== undefined || MOVE.test(before.slice(-40)) || MOVE.test(after.slice(0, 25)));
  const ownClause = `${before.slice(-60).split(/[,;]/).pop() ?? ''} ${after.slice(0, 40).split(/[,;]/)[0] ?? ''}`;
  // A year-to-date phrase elsewhere in the sentence covers a number whose own clause names no other period ("… trailing the Nasdaq's 14.2% gain").
  const otherPeriod = DAY.test(ownClause) || WEEK.test(ownClause) || LONGER.test(ownClause.replace(YTD, ''));
  if (moved && (YTD.test(ownClause) || YTD.test(context) || YTD_LEAD.test(s) || (YTD.test(s) && !otherPeriod)))
    return { metric: 'ytd-return' };
  if (moved) {
    // "For the week, the Dow lost 1.5% and the S&P 500 fell 2.0%": a week named ahead covers the sentence, unless the number's own words name the day.
    // Nor where they name a longer span: "fell 1.5% over the week and 3% for the month" (or "in January").
    const ownSpan = after.slice(0, 20);
    const otherSpan = DAY.test(ownSpan) || LONGER.test(ownSpan) || namesMonth(ownSpan);
    const week = WEEK.exec(after.slice(0, 45)) ?? (otherSpan ? null : lastMatch(WEEK, before));
    if (week) return { metric: 'change-1w', previousWeek: PREVIOUS_WEEK.test(week[0]) };
    // A move is a day's only where a day is in force and nothing says it spans longer ("since April").
    const clause = `${
      before
        .slice(-40)
        .split(/[,;]|\d/)
        .pop() ?? ''
    } ${after.slice(0, 40).split(/[,;]|\band\b|\d/)[0] ?? ''}`;
    if (dayInForce && !LONGER.test(clause) && !namesMonth(clause)) return { metric: 'change-1d' };
  }
  return undefined;
}

function metricFor(n: NumberAt, s: string, before: string, after: string, context: string, dayInForce: boolean): MetricMatch | undefined {
  switch (n.token.unit) {
    case 'percent':
      return percentMetric(s, before, after, context, dayInForce, n.token.sign);
    case 'multiple':
      if (/\bforward (?:earnings|p\/e|pe)\b|\bp\/e\b|\bprice[- ]to[- ]earnings\b/i.test(`${before.slice(-50)}${after.slice(0, 30)}`)) {
        return { metric: 'forward-pe', ...(/^\s*forward earnings\b/i.test(after) && { basis: 'Forward earnings' }) };
      }
      return undefined;
    case 'basis-points':
      return /\bcut\b/i.test(after.slice(0, 30)) || /\b(?:cut|lowered|reduced|trimmed)\b[^.%]{0,20}\b(?:of|by)\s*$/i.test(before)
        ? { metric: 'rate-cut-size' }
        : undefined;
    case 'points':
      if (n.duration) return undefined;
      {
        const record =
          /\b(all-time high|record high|record close|record)\s*(?:of|at|near|around|about|close to|above|roughly)?\s*(?:about|around|roughly|near)?\s*$/i.exec(
            before,
          );
        const kind = record?.[1]?.toLowerCase();
        if (kind === 'record close') return { metric: 'record-close' };
        if (kind === 'record high') return { metric: 'record-high' };
        if (kind !== undefined) return { metric: 'all-time-high' };
      }
      if (
        /\b(?:to|at)\s*$/i.test(before) &&
        /\b(?:clos|end|finish|settl|slipp|fell|rose|gain|climb|drop|declin|added|lost|slid|edg|jump|rall)/i.test(before.slice(-80))
      ) {
        return { metric: 'close' };
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Macro metrics have one subject whatever else the sentence names ("the Fed's preferred gauge"). */
const FIXED_SUBJECT: Partial<Record<MetricId, string>> = {
  'core-pce-mom': 'us-economy',
  'core-pce-yoy': 'us-economy',
  'rate-cut-probability': 'fed',
  'rate-cut-size': 'fed',
};

function valueOf(n: NumberAt, metric: MetricId, before: string, after: string): FigureValue {
  if (n.word !== undefined) return { word: n.word };
  const t = n.token;
  const signed = metric.startsWith('change-') || metric === 'ytd-return';
  // Which way: a written sign, else the word right after the number ("a 0.8% gain", "0.3% lower"), else the nearest
  // move word before it, in the one window that found the move: "lost 120 points, or 0.3%", "fell 0.5%, and the
  // Nasdaq 0.9%" (its verb left out), "rose 0.5% after falling 1%".
  const verb = lastMatch(MOVE, before.slice(-40))?.[0];
  const fallsBefore = verb !== undefined && FALL.test(verb);
  const falling =
    signed && (t.sign === '-' || (t.sign !== '+' && (FALLING_AFTER.test(after) || (!RISING_AFTER.test(after) && fallsBefore))));
  if (!t.isRange) return falling ? -t.low : t.low;
  return falling ? { low: -t.high, high: -t.low } : { low: t.low, high: t.high };
}

function periodFor(metric: MetricId, match: MetricMatch, n: NumberAt, ctx: ReadingContext, asOf: string, s: string): string {
  const day = () => ctx.dayAt(n.line, n.col) ?? asOf;
  const year = String(ctx.year ?? asOf.slice(0, 4));
  const month = () => ctx.monthAt(n.line, n.col);
  let period: string | undefined;
  switch (metric) {
    case 'close':
    case 'change-1d':
      // "rose 0.5% after falling 1% on Thursday": the weekday the number's own words name, in the week of the day in force.
      period = namedWeekday(day(), n.line.text.slice(n.end, n.end + 40));
      break;
    case 'rate-cut-probability':
    case 'short-interest':
      period = day();
      break;
    case 'change-1w':
      period = tradingWeek(match.previousWeek === true ? addDays(day(), -7) : day());
      break;
    case 'ytd-return':
    case 'foreign-revenue-share':
    case 'sector-weight':
      period = year;
      break;
    case 'core-pce-mom':
    case 'core-pce-yoy':
      period = notAfter(month(), asOf) ?? asOf.slice(0, 7);
      break;
    case 'rate-cut-size':
      period = month() ?? asOf.slice(0, 7);
      break;
    case 'earnings-growth':
    case 'eps-beat-rate':
    case 'revenue-growth':
      period = ctx.quarterAt(n.line, n.col) ?? year;
      break;
    case 'all-time-high':
      period = month() ?? year;
      break;
    default: {
      const years = [...new Set(yearMentions(s, ctx.catalogue.digitNames()))].sort();
      period = years.length === 2 ? `${years[0]}/${years[1]}` : (month() ?? ctx.dayAt(n.line, n.col) ?? asOf);
    }
  }
  return parsePeriod(period).ok ? period : asOf;
}

const TABLE_ROW = /^\s*\|/;

/** The first line of the table a row belongs to, remembered per row so a table of thousands of rows is walked once. */
function tableHeader(ctx: ReadingContext, row: number, headers: Map<number, number>): number {
  const known = headers.get(row);
  if (known !== undefined) return known;
  let first = row;
  while (first > 1 && !headers.has(first) && TABLE_ROW.test(ctx.line(first - 1)?.text ?? '')) first--;
  const header = headers.get(first) ?? first;
  for (let k = first; k <= row; k++) headers.set(k, header);
  return header;
}

/** What a table's header says a column holds. */
const COLUMN_METRICS: readonly (readonly [RegExp, MetricId])[] = [
  [/\bweek(?:ly)?\b|\b1w\b/i, 'change-1w'],
  [/\byear[- ]to[- ]date\b|\bytd\b/i, 'ytd-return'],
  [/\bday\b|\bdaily\b|\b1d\b/i, 'change-1d'],
  [/\bshort interest\b/i, 'short-interest'],
  [/\bforward p\/e\b|\bp\/e\b/i, 'forward-pe'],
  [/\bclose\b|\blevel\b/i, 'close'],
];

/**
 * A number in a Markdown table row: its column's header names the metric and
 * the row's first cell the subject. Undefined when the line is not a table row
 * (or is its header); a cell the header or first column does not explain gets
 * a match of undefined, so the number is left unresolved rather than guessed.
 */
function tableCell(
  ctx: ReadingContext,
  n: NumberAt,
  headers: Map<number, number>,
): { match: MetricMatch | undefined; subjects: { subjects: string[] } | undefined } | undefined {
  if (!TABLE_ROW.test(n.line.text)) return undefined;
  const header = ctx.line(tableHeader(ctx, n.line.number, headers));
  if (header === undefined || header === n.line) return { match: undefined, subjects: undefined };
  const column = (n.line.text.slice(0, n.col).match(/\|/g)?.length ?? 0) - 1;
  const title = header.text.split('|')[column + 1] ?? '';
  const metric = column > 0 ? COLUMN_METRICS.find(([re]) => re.test(title))?.[1] : undefined;
  const fits = metric !== undefined && (METRICS[metric].units as readonly string[]).includes(n.token.unit);
  const rowStart = n.line.text.indexOf('|');
  const rowEnd = n.line.text.indexOf('|', rowStart + 1);
  const named = ctx.mentionsBetween(n.line, rowStart, rowEnd === -1 ? n.line.text.length : rowEnd).map((m) => m.subject);
  return {
    match: fits ? { metric } : undefined,
    subjects: named.length === 1 ? { subjects: named } : undefined,
  };
}

export interface ResolvedNumbers {
  readonly figures: DraftFigure[];
  readonly unresolved: UnresolvedNumber[];
  /** Numbers that could not be placed but repeat a figure's value in the same section (a heading's "5.5%"). */
  readonly pending: NumberAt[];
}

/** The sentence a number stands in, cut to 200 characters around the number when it is longer. */
export function quoteAround(ctx: ReadingContext, n: NumberAt): string {
  const w = ctx.window(n.line, n.col);
  if (w.end - w.start <= 200) return w.text.replace(/\s+/g, ' ').trim();
  const start = Math.max(w.start, n.col - 100);
  const end = Math.min(w.end, start + 198);
  return `${start > w.start ? '…' : ''}${n.line.text.slice(start, end).replace(/\s+/g, ' ')}${end < w.end ? '…' : ''}`;
}

export function resolveNumbers(numbers: readonly NumberAt[], ctx: ReadingContext, asOf: string): ResolvedNumbers {
  const figures: DraftFigure[] = [];
  const unresolved: UnresolvedNumber[] = [];
  const pending: NumberAt[] = [];
  const tableHeaders = new Map<number, number>();
  for (const n of numbers) {
    const unresolve = (reason: string) => unresolved.push({ line: n.line.number, text: quoteAround(ctx, n), number: n.token.text, reason });
    if (n.duration) {
      unresolve('a span of time, not a measured value');
      continue;
    }
    if (n.token.isRange && n.token.low > n.token.high) {
      unresolve('a range whose first number exceeds its second');
      continue;
    }
    const w = ctx.window(n.line, n.col);
    const s = w.text;
    const before = n.line.text.slice(w.start, n.col);
    const after = n.line.text.slice(n.end, w.end);
    const context = n.line.kind === 'item' ? ctx.introText(n.line) : '';
    const dayInForce =
      DAY.test(s) || dayMentions(s, ctx.year).some((d) => d.start === d.end) || ctx.sectionDay(n.line.section) !== undefined;
    // "up from 64% a week earlier": an earlier value quoted for contrast is not this week's figure.
    if (/\bfrom\s+(?:about|around|roughly|nearly)?\s*$/i.test(before)) {
      unresolve(`an earlier value quoted for contrast ("from ${n.token.text}")`);
      continue;
    }
    const cell = tableCell(ctx, n, tableHeaders);
    // The number's own words first; the list's introduction or heading only where they name no metric.
    const match =
      cell !== undefined
        ? cell.match
        : (metricFor(n, s, before, after, '', dayInForce) ??
          (context === '' ? undefined : metricFor(n, s, before, after, context, dayInForce)));
    if (match === undefined) {
      if (n.line.kind === 'heading') pending.push(n);
      else unresolve(`no metric of the catalogue fits the words around ${n.token.text}`);
      continue;
    }
    const fixed = FIXED_SUBJECT[match.metric] ?? match.subject;
    const found = fixed !== undefined ? { subjects: [fixed] } : cell !== undefined ? cell.subjects : ctx.subjectsAt(n.line, n.col, n.end);
    if (found === undefined) {
      if (n.line.kind === 'heading') {
        pending.push(n);
        continue;
      }
      unresolve(`no subject named for ${n.token.text} (${match.metric})`);
      continue;
    }
    let subjects = found.subjects;
    if (subjects.length > 1 && /\brespectively\b/i.test(s)) {
      // "The S&P 500 and the Nasdaq-100 rose 0.5% and 0.8%, respectively": the n-th number is the n-th subject's.
      const inSentence = numbers.filter((o) => o.line === n.line && o.col >= w.start && o.col < w.end && !o.duration);
      if (inSentence.length !== subjects.length) {
        unresolve(`"respectively" pairs ${subjects.length} subjects with ${inSentence.length} numbers`);
        continue;
      }
      subjects = [subjects[inSentence.indexOf(n)]!];
    }
    const sources = refsAt(n.line, n.col);
    if (sources.length === 0) {
      if (n.line.kind === 'heading') pending.push(n);
      else unresolve(`no [n] marker closes the sentence, paragraph or list of ${n.token.text}`);
      continue;
    }
    const value = valueOf(n, match.metric, before, after);
    const period = periodFor(match.metric, match, n, ctx, asOf, s);
    const segments = match.segments ?? [match.segment];
    for (const subject of subjects) {
      const comparedTo = match.metric === 'valuation-discount' ? ctx.comparedTo(n.line, n.col, n.end, subject) : undefined;
      for (const segment of segments) {
        figures.push({
          subject,
          metric: match.metric,
          value,
          unit: n.token.unit,
          ...(n.token.hedge !== undefined && { qualifier: n.token.hedge }),
          period,
          ...(segment !== undefined && { segment }),
          ...(match.basis !== undefined && { basis: match.basis }),
          ...(comparedTo !== undefined && { comparedTo }),
          sources,
          topic: topicOf(match.metric, subject),
          line: n.line.number,
          text: n.token.text,
        });
      }
    }
  }
  return { figures, unresolved, pending };
}
