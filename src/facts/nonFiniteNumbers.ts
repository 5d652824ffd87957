import type { JsonPath } from './jsonPath';

/**
 * Paths of every non-finite number in a parsed JSON value. JSON has no NaN or
 * Infinity, but `JSON.parse` reads an overflowing literal such as 1e999 as
 * Infinity without complaint, so the loader must look for them itself.
 */
export function nonFiniteNumbers(value: unknown, path: JsonPath = []): JsonPath[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => nonFiniteNumbers(item, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => nonFiniteNumbers(item, [...path, key]));
  }
  return [];
}
