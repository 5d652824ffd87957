import type { Figure } from '../facts/snapshot';

/**
 * Of several figures for one metric (this week's move and last week's, a
 * study spanning 2024–2025 and a note from last Friday), the one whose period
 * starts last: the freshest reading, whatever order the data file lists them in.
 */
export function mostRecentFigure(figures: readonly Figure[]): Figure | undefined {
  return figures.reduce<Figure | undefined>((best, f) => (best === undefined || f.period.start > best.period.start ? f : best), undefined);
}
