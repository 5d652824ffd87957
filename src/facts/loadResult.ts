import type { DataError } from './snapshot';

/**
 * The outcome of reading data: a value, or every located problem found. A
 * loader never stops at the first problem, so `errors` is never empty.
 */
export type LoadResult<T> = { ok: true; value: T } | { ok: false; errors: readonly DataError[] };
