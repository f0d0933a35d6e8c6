import { bodyText } from './sender.js';
import type { RawResponse } from './wire.js';

/** A response body as the provider modules see it. */
export type ParsedBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'text'; readonly value: string; readonly html: boolean }
  | { readonly kind: 'empty' };

/**
 * The body did not parse as its content type says (a truncated or broken JSON document). It keeps
 * no cause: V8's `SyntaxError` quotes the text it could not parse, and that text may hold a
 * passphrase or a redeem code. Only the position is kept.
 */
export class MalformedBodyError extends Error {}

/**
 * Where a `JSON.parse` `SyntaxError` says the text broke, as ` at position N (line L column C)`,
 * or `''`: never the text it quotes.
 */
export function syntaxErrorPosition(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const match = / at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(message);
  if (!match) return '';
  return match[2] === undefined
    ? ` at position ${match[1]}`
    : ` at position ${match[1]} (line ${match[2]} column ${match[3]})`;
}

/** A response's JSON value, or `undefined` for a text or empty body (a decoder's schema then reports it). */
export function jsonBodyOf(response: { readonly body: ParsedBody }): unknown {
  return response.body.kind === 'json' ? response.body.value : undefined;
}

/** Whether a (lower-cased) content type says JSON: `application/json`, `application/vnd.api+json`, any `+json`. */
export function isJsonType(contentType: string): boolean {
  return contentType.includes('/json') || contentType.includes('+json');
}

/** Parses by content type: JSON (`application/json`, `application/vnd.api+json`, `+json`), text otherwise. */
export function parseBody(raw: RawResponse): ParsedBody {
  if (raw.body.length === 0) return { kind: 'empty' };
  const contentType = (raw.headers['content-type'] ?? '').toLowerCase();
  const text = bodyText(raw.body);
  const json = isJsonType(contentType);
  // No content type at all: a JSON-looking body is taken as JSON.
  const sniffJson = contentType === '' && /^\s*[[{]/.test(text);
  if (json || sniffJson) {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch (error) {
      if (json)
        throw new MalformedBodyError(
          raw.truncated
            ? 'JSON body cut at the size cap'
            : `malformed JSON body${syntaxErrorPosition(error)}`,
        );
    }
  }
  return {
    kind: 'text',
    value: text,
    html: contentType.includes('html') || /^\s*<(!doctype|html)/i.test(text),
  };
}
