import type { Figure, NarrativeEntry, Snapshot, Source } from './snapshot';

/** Figure fields compared between snapshots; `id` is the key and never "changes". */
export const COMPARED_FIELDS = [
  'value',
  'qualifier',
  'unit',
  'period',
  'sources',
  'topic',
  'subject',
  'metric',
  'segment',
  'basis',
  'comparedTo',
  'conflictGroup',
  'note',
] as const satisfies readonly (keyof Figure)[];
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** One field of a figure that differs, with the old and new value. */
export type FieldChange = {
  [K in ComparedField]: { readonly field: K; readonly before: Figure[K]; readonly after: Figure[K] };
}[ComparedField];

/** A figure with the name a person reads it by: `russell-2000 close`, made unique when two figures would share it. */
export interface LabelledFigure {
  readonly label: string;
  readonly figure: Figure;
}

export interface FigureChange {
  readonly id: string;
  readonly label: string;
  readonly before: Figure;
  readonly after: Figure;
  readonly changes: readonly FieldChange[];
}

export interface SourceChange {
  readonly number: number;
  readonly before: Source;
  readonly after: Source;
  readonly fields: readonly ('publisher' | 'title' | 'url')[];
}

export interface NarrativeChange {
  readonly topic: NarrativeEntry['topic'];
  readonly key: string;
  readonly before: NarrativeEntry;
  readonly after: NarrativeEntry;
  readonly fields: readonly ('title' | 'markdown')[];
}

export interface HeaderChange {
  readonly field: 'asOf' | 'title' | 'summary';
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/** What changed from one snapshot to another: figures by id, sources by number, narrative by topic and key. */
export interface SnapshotDiff {
  readonly header: readonly HeaderChange[];
  readonly figures: {
    readonly added: readonly LabelledFigure[];
    readonly removed: readonly LabelledFigure[];
    readonly changed: readonly FigureChange[];
  };
  readonly sources: { readonly added: readonly Source[]; readonly removed: readonly Source[]; readonly changed: readonly SourceChange[] };
  readonly narrative: {
    readonly added: readonly NarrativeEntry[];
    readonly removed: readonly NarrativeEntry[];
    readonly changed: readonly NarrativeChange[];
  };
}

/** Deep equality for the plain data a figure holds: strings, numbers, arrays, `{low, high}`, `{word}`, Period. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function fieldChanges(before: Figure, after: Figure): FieldChange[] {
  return COMPARED_FIELDS.filter((field) => !same(before[field], after[field])).map(
    (field) => ({ field, before: before[field], after: after[field] }) as FieldChange,
  );
}

function baseLabel(f: Figure): string {
  return `${f.subject} ${f.metric}${f.segment === undefined ? '' : ` (${f.segment})`}`;
}

/**
 * Labels by subject and metric; where two figures share that, the period is
 * added, and where they share that too, the id.
 */
function labeller(figures: readonly Figure[]): (f: Figure) => string {
  const countBy = (key: (f: Figure) => string) => {
    const ids = new Map<string, Set<string>>();
    for (const f of figures) ids.set(key(f), (ids.get(key(f)) ?? new Set()).add(f.id));
    return (f: Figure) => ids.get(key(f))?.size ?? 0;
  };
  const withPeriod = (f: Figure) => `${baseLabel(f)} ${f.period.text}`;
  const sharedBase = countBy(baseLabel);
  const sharedPeriod = countBy(withPeriod);
  return (f) => (sharedBase(f) <= 1 ? baseLabel(f) : sharedPeriod(f) <= 1 ? withPeriod(f) : `${withPeriod(f)} [${f.id}]`);
}

function byKey<T>(items: Iterable<T>, key: (t: T) => string | number): Map<string | number, T> {
  return new Map([...items].map((item) => [key(item), item]));
}

function compare<T>(before: Iterable<T>, after: Iterable<T>, key: (t: T) => string | number) {
  const old = byKey(before, key);
  const now = byKey(after, key);
  return {
    added: [...now.values()].filter((item) => !old.has(key(item))),
    removed: [...old.values()].filter((item) => !now.has(key(item))),
    kept: [...now.values()].flatMap((item) => {
      const was = old.get(key(item));
      return was === undefined ? [] : [{ before: was, after: item }];
    }),
  };
}

/** Compares two snapshots: what a data moderator wants to see after a reload. */
export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotDiff {
  const label = labeller([...before.figures, ...after.figures]);
  const figures = compare(before.figures, after.figures, (f) => f.id);
  const sources = compare(before.sources.values(), after.sources.values(), (s) => s.number);
  const narrative = compare(before.narrative, after.narrative, (e) => `${e.topic}\n${e.key}`);
  const header = (['asOf', 'title', 'summary'] as const)
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, before: before[field], after: after[field] }));
  return {
    header,
    figures: {
      added: figures.added.map((figure) => ({ label: label(figure), figure })),
      removed: figures.removed.map((figure) => ({ label: label(figure), figure })),
      changed: figures.kept
        .map(({ before: b, after: a }) => ({ id: a.id, label: label(a), before: b, after: a, changes: fieldChanges(b, a) }))
        .filter((c) => c.changes.length > 0),
    },
    sources: {
      added: sources.added,
      removed: sources.removed,
      changed: sources.kept
        .map(({ before: b, after: a }) => ({
          number: a.number,
          before: b,
          after: a,
          fields: (['publisher', 'title', 'url'] as const).filter((k) => b[k] !== a[k]),
        }))
        .filter((c) => c.fields.length > 0),
    },
    narrative: {
      added: narrative.added,
      removed: narrative.removed,
      changed: narrative.kept
        .map(({ before: b, after: a }) => ({
          topic: a.topic,
          key: a.key,
          before: b,
          after: a,
          fields: (['title', 'markdown'] as const).filter((k) => b[k] !== a[k]),
        }))
        .filter((c) => c.fields.length > 0),
    },
  };
}
