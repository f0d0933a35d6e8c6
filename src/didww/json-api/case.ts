// DIDWW's wire names are snake_case; the public API is camelCase. Both directions live here so the
// mapping is the same everywhere (attributes, relationship names, include paths, sort fields).

/** `available_did` → `availableDid`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `availableDid.didGroup` → `available_did.did_group`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** A copy of a flat record with camelCase keys (values untouched: they may be maps keyed by data). */
export function camelKeys(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[camelCase(key)] = value;
  return out;
}
