/**
 * Whether `value` (parsed JSON, or arguments as IPC delivers them) holds an object or array more
 * than `maxDepth` levels down, or more than `maxValues` values in all (`maxValues`: no limit when
 * absent). Walked without recursion, so that no nesting exhausts the stack, and given up at the
 * first excess, so that its cost is bounded by the limits rather than by the value.
 */
export function exceedsShape(
  value: unknown,
  limits: { readonly maxDepth: number; readonly maxValues?: number },
): boolean {
  const maxValues = limits.maxValues ?? Number.POSITIVE_INFINITY;
  const pending: [unknown, number][] = [[value, 0]];
  let seen = 1;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= limits.maxDepth) return true;
    // An array's length is known without listing it: a million entries are refused at once.
    if (Array.isArray(item) && seen + item.length > maxValues) return true;
    // Key by key, not Object.values: that lists all 300,000 values of a hostile object first.
    for (const key in item) {
      if (!Object.hasOwn(item, key)) continue;
      seen += 1;
      if (seen > maxValues) return true;
      pending.push([(item as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return false;
}

/**
 * Whether `value` (parsed JSON, or arguments as IPC delivers them) holds an own key `key` at any
 * depth. Walked without recursion; bound the value with {@link exceedsShape} first.
 */
export function holdsOwnKey(value: unknown, key: string): boolean {
  const pending: unknown[] = [value];
  // By the count, not by `pop()` answering undefined: a value that is undefined (IPC keeps it in
  // an array or an object) would end the walk before the keys still pending.
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null) continue;
    if (Object.hasOwn(item, key)) return true;
    for (const name in item) {
      if (Object.hasOwn(item, name)) pending.push((item as Record<string, unknown>)[name]);
    }
  }
  return false;
}
