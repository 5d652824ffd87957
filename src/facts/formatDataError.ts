import type { DataError } from './snapshot';

/**
 * One line per problem, file first, then where, then what:
 * `data/2025-12-07/figures.json figures[3].unit: unit "points" does not fit metric "short-interest" (expected "percent")`.
 */
export function formatDataError(e: DataError): string {
  return `${e.file}${e.location === undefined ? '' : ` ${e.location}`}: ${e.message}`;
}
