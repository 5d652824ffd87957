/**
 * A Map that refuses changes once built. `Object.freeze` does not stop
 * `Map#set`, and a snapshot's sources must stay as loaded.
 */
export class FrozenMap<K, V> extends Map<K, V> {
  constructor(entries: Iterable<readonly [K, V]>) {
    super();
    // Map's constructor would call the overridden `set`, so fill it through the prototype.
    for (const [key, value] of entries) Map.prototype.set.call(this, key, value);
  }

  override set(): never {
    throw new TypeError('a loaded snapshot cannot be changed');
  }

  override delete(): never {
    throw new TypeError('a loaded snapshot cannot be changed');
  }

  override clear(): never {
    throw new TypeError('a loaded snapshot cannot be changed');
  }
}

/** Freezes a value and everything reachable from it, including the values of Maps; with its own stack, so depth cannot overflow it. */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null || Object.isFrozen(item)) continue;
    if (item instanceof Map) for (const inner of item.values()) pending.push(inner);
    for (const inner of Object.values(item)) pending.push(inner);
    Object.freeze(item);
  }
  return value;
}
