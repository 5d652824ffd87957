import type { FigureEntry } from '../facts/figuresSchema';
import type { DraftFigure } from './draftFigure';

/**
 * Ids that read well and stay put: a figure the previous snapshot already
 * has (same subject and metric, and period, segment or value where that is
 * what tells two of them apart) keeps its id, so a reload reports "changed"
 * rather than "removed" and "added".
 */

type Previous = Pick<FigureEntry, 'id' | 'subject' | 'metric' | 'period' | 'segment' | 'comparedTo' | 'value'>;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function previousMatch(f: DraftFigure, previous: readonly Previous[], used: ReadonlySet<string>): string | undefined {
  let pool = previous.filter((p) => p.subject === f.subject && p.metric === f.metric && !used.has(p.id));
  const narrow = (keep: (p: Previous) => boolean) => {
    const kept = pool.filter(keep);
    if (kept.length > 0) pool = kept;
  };
  if (pool.length > 1) narrow((p) => p.period === f.period);
  if (pool.length > 1) narrow((p) => p.segment === f.segment);
  if (pool.length > 1) narrow((p) => p.comparedTo === f.comparedTo);
  if (pool.length > 1) narrow((p) => JSON.stringify(p.value) === JSON.stringify(f.value));
  return pool.length === 1 ? pool[0]!.id : undefined;
}

export function assignIds(figures: readonly DraftFigure[], previous: readonly Previous[]): string[] {
  const used = new Set<string>();
  const ids: (string | undefined)[] = figures.map(() => undefined);
  // Kept ids first, so a new id can never take one a later figure should keep.
  figures.forEach((f, i) => {
    const id = previousMatch(f, previous, used);
    if (id !== undefined) {
      ids[i] = id;
      used.add(id);
    }
  });
  const suffixes = new Map<string, number>();
  return figures.map((f, i) => {
    const kept = ids[i];
    if (kept !== undefined) return kept;
    const base = slug(
      [f.subject, f.metric, f.segment, f.comparedTo === undefined ? undefined : `vs-${f.comparedTo}`, f.period]
        .filter((p) => p !== undefined)
        .join('-'),
    )
      .slice(0, 120)
      .replace(/-+$/, '');
    let id = base || 'figure';
    for (let n = (suffixes.get(id) ?? 1) + 1; used.has(id); n++) {
      id = `${base || 'figure'}-${n}`;
      suffixes.set(base || 'figure', n);
    }
    used.add(id);
    return id;
  });
}
