import { escapeForbiddenCharacters } from './forbiddenCharacters';
import type { DataError } from './snapshot';

/**
 * One line per problem, file first, then where, then what:
 * `data/2025-12-07/figures.json figures[3].unit: unit "points" does not fit metric "short-interest" (expected "percent")`.
 * Control and bidi characters that a file or folder name or a message carries are shown as \u escapes, never raw.
 */
export function formatDataError(e: DataError): string {
  return escapeForbiddenCharacters(`${e.file}${e.location === undefined ? '' : ` ${e.location}`}: ${e.message}`);
}
