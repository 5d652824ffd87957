import type { FigureValue, Qualifier, Topic } from '../facts/figuresSchema';
import type { MetricId, Unit } from '../facts/metrics';

/** A figure the drafter found, before it gets its id: where it came from and what it says. */
export interface DraftFigure {
  readonly subject: string;
  readonly metric: MetricId;
  readonly value: FigureValue;
  readonly unit: Unit;
  readonly qualifier?: Qualifier;
  readonly period: string;
  readonly segment?: string;
  readonly basis?: string;
  readonly comparedTo?: string;
  readonly sources: readonly number[];
  readonly topic: Topic;
  /** 1-based line of the article it was read from (the first, when several lines state it). */
  readonly line: number;
  /** The number or words as the article writes them. */
  readonly text: string;
}

/** A number the drafter could not place with confidence: a person decides. */
export interface UnresolvedNumber {
  readonly line: number;
  /** The sentence it stands in. */
  readonly text: string;
  /** The number as written. */
  readonly number: string;
  /** Why it is not a figure. */
  readonly reason: string;
}

const US_SUBJECTS = /^(?:sp-500|nasdaq-|dow|russell-|us-|large-caps|fed)/;

/** The topic a figure is listed under: by its metric, and "world" for subjects outside the U.S. market. */
export function topicOf(metric: MetricId, subject: string): Topic {
  if (metric === 'foreign-revenue-share' || metric === 'sector-weight') return 'world';
  const byMetric: Partial<Record<MetricId, Topic>> = {
    'core-pce-mom': 'macro',
    'core-pce-yoy': 'macro',
    'rate-cut-probability': 'macro',
    'rate-cut-size': 'macro',
    'short-interest': 'short-interest',
    'short-interest-level': 'short-interest',
    'valuation-discount': 'valuation',
    'forward-pe': 'valuation',
    'valuation-level': 'valuation',
    'earnings-growth': 'earnings',
    'eps-beat-rate': 'earnings',
    'revenue-growth': 'earnings',
    'technical-signal': 'technicals',
    'market-condition': 'technicals',
    'relative-strength': 'technicals',
    'seasonal-forecast': 'technicals',
  };
  const topic = byMetric[metric] ?? 'levels';
  if (!US_SUBJECTS.test(subject) && topic !== 'macro' && topic !== 'technicals') return 'world';
  return topic;
}
