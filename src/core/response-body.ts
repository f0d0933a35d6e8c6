import type { RawResponse } from './send-once.js';

/** A response body as the provider modules see it. */
export type ParsedBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'text'; readonly value: string; readonly html: boolean }
  | { readonly kind: 'empty' };

/** The body did not parse as its content type says (a truncated or broken JSON document). */
export class MalformedBodyError extends Error {}

function isJsonType(contentType: string): boolean {
  return contentType.includes('/json') || contentType.includes('+json');
}

/** Parses by content type: JSON (`application/json`, `application/vnd.api+json`, `+json`), text otherwise. */
export function parseBody(raw: RawResponse): ParsedBody {
  if (raw.body.length === 0) return { kind: 'empty' };
  const contentType = (raw.headers['content-type'] ?? '').toLowerCase();
  const text = raw.body.toString('utf8');
  const json = isJsonType(contentType);
  // No content type at all: a JSON-looking body is taken as JSON.
  const sniffJson = contentType === '' && /^\s*[[{]/.test(text);
  if (json || sniffJson) {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch (error) {
      if (json)
        throw new MalformedBodyError(
          raw.truncated ? 'JSON body cut at the size cap' : 'malformed JSON body',
          { cause: error },
        );
    }
  }
  return {
    kind: 'text',
    value: text,
    html: contentType.includes('html') || /^\s*<(!doctype|html)/i.test(text),
  };
}
