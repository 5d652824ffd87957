/**
 * The catalogue of metrics a figure may measure, with the units that make sense
 * for each. It lives in code rather than in the data so that a data file cannot
 * declare, say, a short interest in index points: a new metric is a reviewed change.
 */
export const UNITS = ['points', 'percent', 'basis-points', 'multiple', 'descriptor'] as const;
export type Unit = (typeof UNITS)[number];

export interface MetricSpec {
  /** How the metric is named to a member. */
  readonly label: string;
  readonly units: readonly Unit[];
}

export const METRICS = {
  close: { label: 'Close', units: ['points'] },
  'change-1d': { label: 'Daily move', units: ['percent'] },
  'change-1w': { label: 'Weekly move', units: ['percent'] },
  'all-time-high': { label: 'All-time high', units: ['points'] },
  'record-close': { label: 'Record close', units: ['points', 'descriptor'] },
  'record-high': { label: 'Record high', units: ['points', 'descriptor'] },
  'ytd-return': { label: 'Year to date', units: ['percent'] },
  'core-pce-mom': { label: 'Core PCE, month on month', units: ['percent'] },
  'core-pce-yoy': { label: 'Core PCE, year on year', units: ['percent'] },
  'rate-cut-probability': { label: 'Implied probability of a rate cut', units: ['percent'] },
  'rate-cut-size': { label: 'Expected rate cut', units: ['basis-points'] },
  'short-interest': { label: 'Short interest', units: ['percent'] },
  'short-interest-level': { label: 'Short interest level', units: ['descriptor'] },
  'valuation-discount': { label: 'Valuation discount', units: ['percent'] },
  'forward-pe': { label: 'Forward P/E', units: ['multiple'] },
  'valuation-level': { label: 'Valuation', units: ['descriptor'] },
  'earnings-growth': { label: 'Earnings growth, year on year', units: ['percent'] },
  'eps-beat-rate': { label: 'Share beating EPS estimates', units: ['percent'] },
  'revenue-growth': { label: 'Revenue growth, year on year', units: ['percent'] },
  'foreign-revenue-share': { label: 'Revenue from outside the U.S.', units: ['percent'] },
  'sector-weight': { label: 'Sector weight', units: ['percent'] },
  'technical-signal': { label: 'Technical signal', units: ['descriptor'] },
  'market-condition': { label: 'Market condition', units: ['descriptor'] },
  'relative-strength': { label: 'Relative strength', units: ['descriptor'] },
  'seasonal-forecast': { label: 'Seasonal forecast', units: ['descriptor'] },
} as const satisfies Record<string, MetricSpec>;

export type MetricId = keyof typeof METRICS;
export const METRIC_IDS = Object.keys(METRICS) as [MetricId, ...MetricId[]];
