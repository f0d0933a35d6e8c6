/**
 * A copy of a params object without its empty values (`undefined`, `null`, `''`, `[]`): Dots.eco
 * takes an absent optional field as "not set", and the official n8n node strips empty values the
 * same way before sending. Anything that is not a plain object is returned as is, for the schema
 * to refuse.
 */
export function omitEmpty(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date)
    return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || item === null || item === '') continue;
    if (Array.isArray(item) && item.length === 0) continue;
    out[key] = item;
  }
  return out;
}
