import { z } from 'zod';
import { isCalendarDate } from '../facts/period';

/** Option values as members send them; checked once here, trusted by handlers. */
export const indexOption = z.string().trim().min(1, 'name an index, e.g. rut, spx or ndx').max(100, 'is longer than any index name');

// A value that is not even YYYY-MM-DD stops at the first check, so the member reads one clear line, not two.
export const dateOption = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date written YYYY-MM-DD, e.g. 2025-12-07', abort: true })
  .refine(isCalendarDate, 'is not a calendar date; write YYYY-MM-DD, e.g. 2025-12-07');

export const keyOption = z.string().trim().toLowerCase().min(1).max(100);

/**
 * A whole number option. Discord sends it as a number; the console sends what
 * was typed, which must be plain digits: `0x3`, `1e1`, ` 3` and `3.0` would all
 * read as a number in JavaScript, and an empty value as 0.
 */
export function wholeNumberOption(help: string) {
  return z.union([z.int({ error: help }), z.string().regex(/^\d{1,9}$/, { error: help })], { error: help }).transform(Number);
}
