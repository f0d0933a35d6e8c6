/**
 * A copy of a params object without its empty values (`undefined`, `null`, `''`, `[]`): Dots.eco
 * takes an absent optional field as "not set", and the official n8n node strips empty values the
 * same way before sending. Anything that is not a plain object is returned as is, for the schema
 * to refuse.
 *
 * `keepEmptyText` names keys whose `''` is kept for the schema to refuse: a key the caller chose
 * (`externalUniqueId`, `appToken`) must never be replaced silently by a default.
 */
export function omitEmpty(value: unknown, keepEmptyText: readonly string[] = []): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date)
    return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || item === null) continue;
    if (item === '' && !keepEmptyText.includes(key)) continue;
    if (Array.isArray(item) && item.length === 0) continue;
    out[key] = item;
  }
  return out;
}
