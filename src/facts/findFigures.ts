import type { Topic } from './figuresSchema';
import type { MetricId } from './metrics';
import type { Figure, Snapshot } from './snapshot';

/** What to look for; every field given must match. */
export interface FigureQuery {
  readonly topic?: Topic;
  /** A subject id (resolve names with `resolveSubject` first). */
  readonly subject?: string;
  readonly metric?: MetricId;
  /** A day YYYY-MM-DD that must fall within the figure's period. */
  readonly on?: string;
}

/** The figures matching every field of `query`, in the order of the data file. */
export function findFigures(snapshot: Snapshot, query: FigureQuery): readonly Figure[] {
  return snapshot.figures.filter(
    (f) =>
      (query.topic === undefined || f.topic === query.topic) &&
      (query.subject === undefined || f.subject === query.subject) &&
      (query.metric === undefined || f.metric === query.metric) &&
      (query.on === undefined || (f.period.start <= query.on && query.on <= f.period.end)),
  );
}
