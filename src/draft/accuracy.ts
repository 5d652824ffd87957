import type { FigureValue } from '../facts/figuresSchema';

/**
 * How well a draft matches the figures a person wrote from the same article.
 * A drafted figure is right when one expected figure has the same subject,
 * metric, value and sources; each expected figure can be matched once.
 */

export interface ScoredFigure {
  readonly subject: string;
  readonly metric: string;
  readonly value: FigureValue;
  readonly sources: readonly number[];
}

export interface Accuracy {
  /** Share of expected figures the draft found, 0–1. */
  readonly recall: number;
  /** Share of drafted figures that are right, 0–1. */
  readonly precision: number;
  readonly missed: readonly ScoredFigure[];
  readonly wrong: readonly ScoredFigure[];
}

function key(f: ScoredFigure): string {
  return JSON.stringify([f.subject, f.metric, f.value, [...f.sources].sort((a, b) => a - b)]);
}

export function scoreDraft(drafted: readonly ScoredFigure[], expected: readonly ScoredFigure[]): Accuracy {
  const open = new Map<string, number>();
  for (const f of expected) open.set(key(f), (open.get(key(f)) ?? 0) + 1);
  const wrong: ScoredFigure[] = [];
  for (const f of drafted) {
    const left = open.get(key(f)) ?? 0;
    if (left > 0) open.set(key(f), left - 1);
    else wrong.push(f);
  }
  const missed = expected.filter((f) => {
    const left = open.get(key(f)) ?? 0;
    if (left === 0) return false;
    open.set(key(f), left - 1);
    return true;
  });
  return {
    recall: expected.length === 0 ? 1 : (expected.length - missed.length) / expected.length,
    precision: drafted.length === 0 ? 1 : (drafted.length - wrong.length) / drafted.length,
    missed,
    wrong,
  };
}
