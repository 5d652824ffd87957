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

/** Freezes a value and everything reachable from it, including the values of Maps. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (value instanceof Map) for (const item of value.values()) deepFreeze(item);
  for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}
