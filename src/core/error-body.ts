/**
 * Where providers and gateways put an error's text, in the order they are read: `message`
 * (Dots.eco, NMP `/users`, most gateways), `error` (Dots.eco per its n8n node), `detail` and
 * `title` (JSON:API and problem+json). See docs/wire-mapping.md.
 */
export const MESSAGE_KEYS: readonly string[] = ['message', 'error', 'detail', 'title'];

/** Whether a JSON value is an object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The message of a JSON error body: the first of `keys` that holds text, trimmed — a string, or an
 * object with a `message` string (`{ "error": { "message": "…" } }`). `undefined` when none does,
 * or when the body is not a JSON object.
 */
export function readBodyMessage(body: unknown, keys: readonly string[] = MESSAGE_KEYS): string | undefined {
  if (!isJsonObject(body)) return undefined;
  for (const key of keys) {
    const field = body[key];
    const text = textOf(field) ?? (isJsonObject(field) ? textOf(field.message) : undefined);
    if (text !== undefined) return text;
  }
  return undefined;
}
