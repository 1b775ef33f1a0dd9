/** Pure merges for settings that Logto replaces as a whole (CONTRACT.md section 10: PATCH replaces JSON fields). */

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * RFC 7396 JSON Merge Patch: objects merge key by key, recursively; `null` removes a key; anything else
 * (arrays included) replaces.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** One level: each given field replaces the stored one, `null` removes it, absent fields stay. */
export function mergeFields<Value>(
  current: Record<string, Value>,
  patch: Record<string, Value | null | undefined>,
): Record<string, Value> {
  const result: Record<string, Value> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete result[key];
    else result[key] = value;
  }
  return result;
}
