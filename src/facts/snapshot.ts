import type { MetricId, Unit } from './metrics';
import type { Period } from './period';
import type { FigureValue, Qualifier, Topic } from './figuresSchema';

/** A numbered reference, kept with the number and publisher the article gives it. */
export interface Source {
  readonly number: number;
  readonly publisher: string;
  readonly title?: string;
  readonly url?: string;
}

/** Something figures are about: an index, an ETF, the U.S. economy, the Fed. */
export interface Subject {
  readonly id: string;
  readonly name: string;
  readonly kind: 'index' | 'etf' | 'futures' | 'economy' | 'policy' | 'market-segment';
  readonly aliases: readonly string[];
}

export interface Figure {
  readonly id: string;
  readonly topic: Topic;
  readonly subject: string;
  readonly metric: MetricId;
  readonly value: FigureValue;
  readonly unit: Unit;
  readonly qualifier?: Qualifier;
  readonly period: Period;
  readonly segment?: string;
  readonly basis?: string;
  readonly comparedTo?: string;
  readonly conflictGroup?: string;
  readonly note?: string;
  readonly sources: readonly number[];
}

export const NARRATIVE_TOPICS = ['week', 'recaps', 'commentary', 'scenarios', 'takeaways'] as const;
export type NarrativeTopic = (typeof NARRATIVE_TOPICS)[number];

/** One `## key: Title` section of a snapshot's Markdown. */
export interface NarrativeEntry {
  readonly topic: NarrativeTopic;
  /** The key before the colon: a date for recaps, `base`/`bull`/`bear` for scenarios. */
  readonly key: string;
  readonly title: string;
  /** The section's body as written (Markdown, with its [n] reference markers). */
  readonly markdown: string;
  /** Reference numbers cited by [n] markers in the body, in order of first use. */
  readonly sources: readonly number[];
  /** Where the heading is, for error messages and `/data status`; `file` is shown as in DataError. */
  readonly file: string;
  readonly line: number;
}

/** Everything one data folder says, as of one date. Never mutated once loaded. */
export interface Snapshot {
  /** YYYY-MM-DD, the folder name. */
  readonly asOf: string;
  readonly title: string;
  readonly summary?: string;
  readonly sources: ReadonlyMap<number, Source>;
  readonly subjects: readonly Subject[];
  readonly figures: readonly Figure[];
  readonly narrative: readonly NarrativeEntry[];
  /** sha256 over the folder's files, to tell two loads apart in `/data status`. */
  readonly contentHash: string;
}

/** A located problem in a data folder: file, then line or JSON path, then what was expected. */
export interface DataError {
  /** The file or folder as shown to people: relative to the data folder's parent, e.g. `data/2025-12-07/figures.json`. */
  readonly file: string;
  /** A JSON path (`figures[3].unit`), `line 12`, or `line 3, column 14`; absent when the whole file is meant. */
  readonly location?: string;
  readonly message: string;
}
