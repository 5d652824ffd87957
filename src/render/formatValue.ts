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

/**
 * One formatter per count of decimals, built on first use: `toLocaleString`
 * with options builds a new Intl.NumberFormat on every call, which made it the
 * largest single cost of answering /levels.
 */
const formatters = new Map<number, Intl.NumberFormat>();

function magnitude(n: number): string {
  const decimals = decimalsOf(n);
  let formatter = formatters.get(decimals);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, formatter);
  }
  return formatter.format(Math.abs(n));
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
