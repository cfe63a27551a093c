import { shallowRef } from 'vue';

/**
 * A map kept by a store for the whole shift, keyed by interaction id, whose reads Vue tracks as
 * one: an immutable Map in a shallowRef, replaced on each change (as the lists are, see
 * stores/inbox.ts). Not a `reactive(new Map())`: Vue tracks each key such a map is read by, and
 * Vue 3.5 keeps a key's dependency after the key is gone once a computed that read it lost its
 * last subscriber and got one again (a view unmounted and mounted: `addSub` counts the
 * computed's dependencies again though `removeSub(…, soft)` never uncounted them). The
 * interaction store's maps read by the open interaction's computeds so kept an entry for every
 * interaction ever opened: ~650 bytes per chat, 1.9 MB over 3,000 (stores/interaction.shift.test.ts).
 * Changes copy the map: these hold the interactions with something under way, a handful.
 */
export interface WholeMap<K, V> extends ReadonlyMap<K, V> {
  set(key: K, value: V): void;
  /** Answers whether the key was there. */
  delete(key: K): boolean;
  clear(): void;
}

export function wholeMap<K, V>(): WholeMap<K, V> {
  const state = shallowRef<ReadonlyMap<K, V>>(new Map());
  const read = () => state.value;
  return {
    get: (key) => read().get(key),
    has: (key) => read().has(key),
    get size() {
      return read().size;
    },
    forEach: (callback, thisArg?: unknown) => {
      read().forEach(callback, thisArg);
    },
    entries: () => read().entries(),
    keys: () => read().keys(),
    values: () => read().values(),
    [Symbol.iterator]: () => read()[Symbol.iterator](),
    set(key, value) {
      if (read().get(key) === value && read().has(key)) return;
      state.value = new Map(read()).set(key, value);
    },
    delete(key) {
      if (!read().has(key)) return false;
      const next = new Map(read());
      next.delete(key);
      state.value = next;
      return true;
    },
    clear() {
      if (read().size > 0) state.value = new Map();
    },
  };
}

/** A set kept as {@link wholeMap} keeps a map, for the same reason. */
export interface WholeSet<T> {
  readonly size: number;
  has(value: T): boolean;
  add(value: T): void;
  /** Answers whether the value was there. */
  delete(value: T): boolean;
  clear(): void;
}

export function wholeSet<T>(): WholeSet<T> {
  const members = wholeMap<T, true>();
  return {
    get size() {
      return members.size;
    },
    has: (value) => members.has(value),
    add: (value) => {
      members.set(value, true);
    },
    delete: (value) => members.delete(value),
    clear: () => {
      members.clear();
    },
  };
}
