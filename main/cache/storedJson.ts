import type { z } from 'zod';

/**
 * A JSON column read back as `schema` says it was written, or undefined when it does not parse
 * or holds another shape (a hand's edit, an older build): a column's CHECK asks at most for valid
 * JSON, and one odd row must not make a whole list throw. The callers say what stands in its place.
 */
export function storedJson<T>(json: string, schema: z.ZodType<T>): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
