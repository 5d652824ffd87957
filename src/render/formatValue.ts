import type { Figure } from '../facts/snapshot';
import type { Unit } from '../facts/metrics';
import { escapeDataText } from './discordText';

/** U+2212: a true minus sign, which does not wrap away from its number the way a hyphen can. */
const MINUS = '\u2212';

/** Decimal places as the data wrote them: 2521.48 keeps two, 2.8 keeps one, 2540 none. */
function decimalsOf(n: number): number {
  const m = /^\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(n)));
  const decimals = (m?.[1]?.length ?? 0) - Number(m?.[2] ?? 0);
  return Math.min(Math.max(decimals, 0), 20);
}

/** Formats the rare values plain digits cannot (see {@link magnitude}); built on first use. */
const formatters = new Map<number, Intl.NumberFormat>();

function formatWithIntl(n: number, decimals: number): string {
  let formatter = formatters.get(decimals);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, formatter);
  }
  return formatter.format(n);
}

/**
 * `size` written out in plain digits exactly as its shortest form has them
 * (`1.5e-7` → `0.00000015`), or undefined past 1e21, where the shortest form
 * is an exponent. Not `toFixed`: it rounds the binary value, and a value
 * lying exactly halfway (937787115151822.25 for 937787115151822.2) comes
 * out one digit higher than the data wrote.
 */
function plainDigits(size: number): string | undefined {
  const text = String(size);
  if (/^\d+(?:\.\d+)?$/.test(text)) return text;
  const small = /^(\d)(?:\.(\d+))?e-(\d+)$/.exec(text);
  if (small === null) return undefined;
  const [, lead = '', rest = '', exponent = '1'] = small;
  return `0.${'0'.repeat(Number(exponent) - 1)}${lead}${rest}`;
}

/**
 * `n`'s size in en-US digits with the decimals the data wrote: 2,521.48,
 * grouped by hand as Intl.NumberFormat groups them, without loading ICU's
 * locale data (about 9 MB resident) on every answer's path. Past 1e21, or at
 * 20 decimals where Intl begins to round, Intl formats it.
 */
function magnitude(n: number): string {
  const size = Math.abs(n);
  const decimals = decimalsOf(size);
  const digits = decimals < 20 ? plainDigits(size) : undefined;
  if (digits === undefined) return formatWithIntl(size, decimals);
  const [whole = '', fraction] = digits.split('.');
  return whole.replace(/\B(?=(\d{3})+$)/g, ',') + (fraction === undefined ? '' : `.${fraction}`);
}

function signed(n: number, showPlus: boolean): string {
  if (n < 0) return `${MINUS}${magnitude(n)}`;
  return n > 0 && showPlus ? `+${magnitude(n)}` : magnitude(n);
}

const SUFFIX: Record<Exclude<Unit, 'descriptor'>, string> = {
  points: '',
  percent: '%',
  'basis-points': ' bp',
  multiple: 'x',
};

function withUnit(text: string, unit: Unit): string {
  return unit === 'descriptor' ? text : `${text}${SUFFIX[unit]}`;
}

/**
 * A figure's value as a sentence would say it: qualifier, value, unit —
 * `about 30%`, `close to 87–90%`, `2,521.48`, `+0.8%`, `25 bp`, `near 23x`,
 * `roughly low-teens`. Moves (`change-*` metrics) carry a sign either way so a
 * rise cannot be mistaken for a level; other values show a sign only when
 * negative. Word values keep the source's word without a unit symbol
 * ("low-teens", not "low-teens %"), escaped for Discord Markdown like all data text. A range with a negative end is written
 * `−0.5% to −0.2%` because `−0.5–0.2%` could mean −0.5 to +0.2.
 */
export function formatValue(figure: Pick<Figure, 'value' | 'unit' | 'qualifier' | 'metric'>): string {
  const { value, unit, qualifier } = figure;
  const showPlus = figure.metric.startsWith('change-');
  let text: string;
  if (typeof value === 'number') {
    text = withUnit(signed(value, showPlus), unit);
  } else if ('word' in value) {
    text = escapeDataText(value.word);
  } else if (value.low < 0) {
    text = `${withUnit(signed(value.low, showPlus), unit)} to ${withUnit(signed(value.high, showPlus), unit)}`;
  } else {
    text = withUnit(`${signed(value.low, showPlus)}–${magnitude(value.high)}`, unit);
  }
  return qualifier === undefined ? text : `${qualifier} ${text}`;
}
