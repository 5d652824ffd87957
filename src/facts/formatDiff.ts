import type { FieldChange, SnapshotDiff } from './diffSnapshots';
import type { FigureValue } from './figuresSchema';
import type { Unit } from './metrics';
import type { Figure, Source } from './snapshot';

const SUFFIX: Record<Unit, string> = { points: '', percent: '%', 'basis-points': ' bp', multiple: 'x', descriptor: '' };

function number(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 10 });
}

function value(v: FigureValue, unit: Unit): string {
  if (typeof v === 'number') return `${number(v)}${SUFFIX[unit]}`;
  if ('word' in v) return v.word;
  return `${number(v.low)}–${number(v.high)}${SUFFIX[unit]}`;
}

function citations(sources: readonly number[]): string {
  return sources.map((n) => `[${n}]`).join('');
}

function shown(text: string | undefined): string {
  return text === undefined ? '(none)' : text;
}

function fieldLine(label: string, change: FieldChange, before: Figure, after: Figure): string {
  switch (change.field) {
    case 'value':
      return `changed ${label}: ${value(change.before, before.unit)} → ${value(change.after, after.unit)}`;
    case 'period':
      return `changed ${label} period: ${change.before.text} → ${change.after.text}`;
    case 'sources':
      return `changed ${label} sources: ${citations(change.before)} → ${citations(change.after)}`;
    default:
      return `changed ${label} ${change.field}: ${shown(change.before)} → ${shown(change.after)}`;
  }
}

function sourceLine(verb: string, s: Source): string {
  return `${verb} source [${s.number}] ${s.publisher}${s.title === undefined ? '' : `, "${s.title}"`}`;
}

/**
 * The diff as plain lines (no Discord formatting), e.g.
 * `changed russell-2000 close: 2,521.48 → 2,540.1`. Empty when nothing changed.
 */
export function formatDiff(diff: SnapshotDiff): string[] {
  return [
    ...diff.header.map((h) =>
      h.field === 'asOf' ? `as of ${shown(h.before)} → ${shown(h.after)}` : `changed ${h.field}: ${shown(h.before)} → ${shown(h.after)}`,
    ),
    ...diff.figures.added.map(
      ({ label, figure: f }) => `added ${label}: ${value(f.value, f.unit)} (${f.period.text}) ${citations(f.sources)}`,
    ),
    ...diff.figures.removed.map(({ label, figure: f }) => `removed ${label} (was ${value(f.value, f.unit)})`),
    ...diff.figures.changed.flatMap((c) => c.changes.map((change) => fieldLine(c.label, change, c.before, c.after))),
    ...diff.sources.added.map((s) => sourceLine('added', s)),
    ...diff.sources.removed.map((s) => sourceLine('removed', s)),
    ...diff.sources.changed.flatMap((c) =>
      c.fields.map((k) => `changed source [${c.number}] ${k}: ${shown(c.before[k])} → ${shown(c.after[k])}`),
    ),
    ...diff.narrative.added.map((e) => `added ${e.topic} ${e.key}: ${e.title}`),
    ...diff.narrative.removed.map((e) => `removed ${e.topic} ${e.key}: ${e.title}`),
    ...diff.narrative.changed.flatMap((c) =>
      c.fields.map((k) =>
        k === 'title' ? `changed ${c.topic} ${c.key} title: ${c.before.title} → ${c.after.title}` : `changed ${c.topic} ${c.key} text`,
      ),
    ),
  ];
}
