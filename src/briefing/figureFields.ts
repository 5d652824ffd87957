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
 * What a snapshot's figures render to, kept per snapshot: a snapshot never
 * changes, so each figure is formatted once instead of on every command that
 * shows it (formatting and escaping were most of an answer's work), and a
 * reload's new snapshot starts a fresh cache.
 */
interface Rendered {
  readonly subjectName: (id: string) => string;
  readonly conflicts: ReadonlyMap<string, readonly Figure[]>;
  readonly figures: Map<Figure, { readonly name: string; readonly detail: string }>;
}

const rendered = new WeakMap<Snapshot, Rendered>();

function renderedFor(snapshot: Snapshot): Rendered {
  let cache = rendered.get(snapshot);
  if (cache === undefined) {
    const names = new Map(snapshot.subjects.map((s) => [s.id, s.name]));
    cache = { subjectName: (id) => escapeDataText(names.get(id) ?? id), conflicts: conflictingFigures(snapshot), figures: new Map() };
    rendered.set(snapshot, cache);
  }
  return cache;
}

function renderedFigure(cache: Rendered, figure: Figure): { readonly name: string; readonly detail: string } {
  let text = cache.figures.get(figure);
  if (text === undefined) {
    text = { name: figureName(figure, cache.subjectName), detail: figureDetail(figure, cache.subjectName) };
    cache.figures.set(figure, text);
  }
  return text;
}

/**
 * One field per figure, except figures that disagree about one fact (a
 * `conflictGroup`): those share a field so both claims are read side by side,
 * each with its own source, and neither is silently preferred. Data text is
 * escaped for Discord Markdown.
 */
export function figureFields(snapshot: Snapshot, figures: readonly Figure[]): ReplyField[] {
  const cache = renderedFor(snapshot);
  const fields: ReplyField[] = [];
  const groupsShown = new Set<string>();
  for (const figure of figures) {
    const group = figure.conflictGroup === undefined ? undefined : cache.conflicts.get(figure.conflictGroup);
    if (group === undefined || figure.conflictGroup === undefined) {
      const { name, detail } = renderedFigure(cache, figure);
      fields.push({ name, value: detail, inline: detail.length <= INLINE_UP_TO });
      continue;
    }
    if (groupsShown.has(figure.conflictGroup)) continue;
    groupsShown.add(figure.conflictGroup);
    fields.push({
      name: `${cache.subjectName(figure.subject)} · ${[...new Set(group.map((f) => METRICS[f.metric].label))].join(' vs ')}: sources differ`,
      value: group.map((f) => `• ${METRICS[f.metric].label}: ${renderedFigure(cache, f).detail.replace(/\n/g, ' — ')}`).join('\n'),
      inline: false,
    });
  }
  return fields;
}

/** Every source number the given figures cite, conflict partners included. */
export function citedByFigures(snapshot: Snapshot, figures: readonly Figure[]): number[] {
  const { conflicts } = renderedFor(snapshot);
  const partners = figures.flatMap((f) => (f.conflictGroup === undefined ? [] : (conflicts.get(f.conflictGroup) ?? [])));
  return [...new Set([...figures, ...partners].flatMap((f) => f.sources))];
}
