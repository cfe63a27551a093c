/**
 * The shape every translation must have: the English catalog's keys, each a string. A German
 * or Spanish area file typed `Catalog<typeof en>` fails the type check when it misses a key or
 * adds one, so a translation cannot silently fall behind the English text.
 */
export type Catalog<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : Catalog<T[K]>;
};
