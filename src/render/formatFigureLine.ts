import { METRICS } from '../facts/metrics';
import type { Figure, Subject } from '../facts/snapshot';
import { formatPeriod } from './formatPeriod';
import { escapeDataText } from './discordText';
import { formatValue } from './formatValue';

function subjectName(id: string, subjectsById: ReadonlyMap<string, Subject>): string {
  const subject = subjectsById.get(id);
  // The loader rejects figures naming unknown subjects, so a miss here is a bug in the caller.
  if (subject === undefined) throw new Error(`subject "${id}" is not in the snapshot`);
  return escapeDataText(subject.name);
}

/**
 * One figure on one line, with what it measures, when, and where it comes from:
 * `Russell 2000 · Close: 2,521.48 (5 Dec 2025) [3]`. A segment, basis or
 * comparison is named too (`Russell 2000 — median constituent · Short
 * interest: around 5.5% (7 Dec 2025) [16]`), because without it the number
 * would claim more than the source does. Data text is escaped for Discord Markdown.
 */
export function formatFigureLine(figure: Figure, subjectsById: ReadonlyMap<string, Subject>): string {
  const who = [
    subjectName(figure.subject, subjectsById),
    ...[figure.segment, figure.basis].filter((part) => part !== undefined).map(escapeDataText),
  ].join(' — ');
  const versus = figure.comparedTo === undefined ? '' : ` vs ${subjectName(figure.comparedTo, subjectsById)}`;
  const cites = figure.sources.map((n) => `[${n}]`).join('');
  return `${who} · ${METRICS[figure.metric].label}: ${formatValue(figure)}${versus} (${formatPeriod(figure.period)}) ${cites}`;
}
