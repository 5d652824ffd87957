import { conflictingFigures } from '../facts/conflictingFigures';
import { METRICS } from '../facts/metrics';
import type { Figure, Snapshot } from '../facts/snapshot';
import { formatPeriod } from '../render/formatPeriod';
import { formatValue } from '../render/formatValue';
import type { ReplyField } from '../reply';
import { escapeDataText } from '../render/discordText';

const INLINE_UP_TO = 48;

function cites(numbers: readonly number[]): string {
  return numbers.map((n) => `[${n}]`).join('');
}

function figureName(figure: Figure, subjectName: (id: string) => string): string {
  const label = METRICS[figure.metric].label;
  return `${subjectName(figure.subject)} · ${label}${figure.segment !== undefined ? ` (${escapeDataText(figure.segment)})` : ''}`;
}

function figureDetail(figure: Figure, subjectName: (id: string) => string): string {
  const lines = [`**${formatValue(figure)}** · ${formatPeriod(figure.period)} ${cites(figure.sources)}`];
  if (figure.comparedTo !== undefined)
    lines.push(`vs ${subjectName(figure.comparedTo)}${figure.basis !== undefined ? `, ${escapeDataText(figure.basis)}` : ''}`);
  else if (figure.basis !== undefined) lines.push(escapeDataText(figure.basis));
  if (figure.note !== undefined) lines.push(`*${escapeDataText(figure.note)}*`);
  return lines.join('\n');
}

/**
 * One field per figure, except figures that disagree about one fact (a
 * `conflictGroup`): those share a field so both claims are read side by side,
 * each with its own source, and neither is silently preferred. Data text is
 * escaped for Discord Markdown.
 */
export function figureFields(snapshot: Snapshot, figures: readonly Figure[]): ReplyField[] {
  const names = new Map(snapshot.subjects.map((s) => [s.id, s.name]));
  const subjectName = (id: string) => escapeDataText(names.get(id) ?? id);
  const conflicts = conflictingFigures(snapshot);
  const fields: ReplyField[] = [];
  const groupsShown = new Set<string>();
  for (const figure of figures) {
    const group = figure.conflictGroup === undefined ? undefined : conflicts.get(figure.conflictGroup);
    if (group === undefined || figure.conflictGroup === undefined) {
      const value = figureDetail(figure, subjectName);
      fields.push({ name: figureName(figure, subjectName), value, inline: value.length <= INLINE_UP_TO });
      continue;
    }
    if (groupsShown.has(figure.conflictGroup)) continue;
    groupsShown.add(figure.conflictGroup);
    fields.push({
      name: `${subjectName(figure.subject)} · ${[...new Set(group.map((f) => METRICS[f.metric].label))].join(' vs ')}: sources differ`,
      value: group.map((f) => `• ${METRICS[f.metric].label}: ${figureDetail(f, subjectName).replace(/\n/g, ' — ')}`).join('\n'),
      inline: false,
    });
  }
  return fields;
}

/** Every source number the given figures cite, conflict partners included. */
export function citedByFigures(snapshot: Snapshot, figures: readonly Figure[]): number[] {
  const conflicts = conflictingFigures(snapshot);
  const partners = figures.flatMap((f) => (f.conflictGroup === undefined ? [] : (conflicts.get(f.conflictGroup) ?? [])));
  return [...new Set([...figures, ...partners].flatMap((f) => f.sources))];
}
