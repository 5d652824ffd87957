import { MAX_LIST_ENTRIES, MAX_OBJECT_FIELDS } from './dataLimits';
import type { JsonPath } from './jsonPath';

export interface OversizedValue {
  readonly path: JsonPath;
  readonly count: number;
  readonly of: 'entries' | 'fields';
}

/** What a parsed figures.json holds that the zod schema cannot report well, each at its JSON path in document order. */
export interface RawJsonProblems {
  /**
   * JSON has no NaN or Infinity, but `JSON.parse` reads an overflowing
   * literal such as 1e999 as Infinity without complaint.
   */
  readonly nonFinite: readonly JsonPath[];
  /**
   * Lists longer than MAX_LIST_ENTRIES and objects with more than
   * MAX_OBJECT_FIELDS fields: validating each of two million items, or
   * reporting each of 400,000 unknown fields, would stall the bot for seconds.
   */
  readonly oversized: readonly OversizedValue[];
}

/**
 * One pass over a parsed JSON value, with its own stack so no nesting can
 * overflow the call stack. Nodes keep a link to their parent instead of a
 * copy of their path, so the walk stays linear in the size of the value.
 */
export function rawJsonProblems(value: unknown): RawJsonProblems {
  // Node n has parents[n] and keys[n]; the stacks hold what is still to visit, value and node side by side.
  const parents: number[] = [-1];
  const keys: PropertyKey[] = [''];
  const pathOf = (node: number): JsonPath => {
    const path: PropertyKey[] = [];
    for (let n = node; n > 0; n = parents[n]!) path.push(keys[n]!);
    return path.reverse();
  };
  const nonFinite: JsonPath[] = [];
  const oversized: OversizedValue[] = [];
  const pendingValues: unknown[] = [value];
  const pendingNodes: number[] = [0];
  while (pendingNodes.length > 0) {
    const node = pendingNodes.pop()!;
    const item = pendingValues.pop();
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) nonFinite.push(pathOf(node));
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const child = (key: PropertyKey, inner: unknown) => {
      // Strings, booleans and null cannot hold a problem; only numbers and containers are worth a node.
      if (typeof inner !== 'number' && (typeof inner !== 'object' || inner === null)) return;
      pendingNodes.push(parents.length);
      pendingValues.push(inner);
      parents.push(node);
      keys.push(key);
    };
    // Children pushed last first, so they come off the stack in document order.
    if (Array.isArray(item)) {
      if (item.length > MAX_LIST_ENTRIES) oversized.push({ path: pathOf(node), count: item.length, of: 'entries' });
      for (let i = item.length - 1; i >= 0; i--) child(i, item[i]);
    } else {
      const entries = Object.entries(item);
      if (entries.length > MAX_OBJECT_FIELDS) oversized.push({ path: pathOf(node), count: entries.length, of: 'fields' });
      for (let i = entries.length - 1; i >= 0; i--) child(entries[i]![0], entries[i]![1]);
    }
  }
  return { nonFinite, oversized };
}
