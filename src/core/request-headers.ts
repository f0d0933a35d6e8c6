// Headers a caller adds to one call (`RequestOptions.headers`, `client.request({ headers })`): the
// rules and the refusals are in docs/transport.md, "Per-call headers".

import * as z from 'zod/mini';
import type { $ZodRawIssue } from 'zod/v4/core';
import { lazy } from './lazy.js';

/** Header names as a caller writes them, string values: what a call's `headers` option takes. */
export type RequestHeaders = Readonly<Record<string, string>>;

// RFC 9110 `token`: what a header name is made of.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Printable ASCII and the space: no CR, LF or NUL can split the header, no tab or DEL, and no
// character above U+007E, which has no one agreed byte form (Latin-1 or UTF-8).
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const TYPE_MESSAGE =
  'headers must be an object of header names and string values, e.g. { "x-trace-id": "abc" }';

/**
 * Headers the HTTP layer writes from the request itself (RFC 9110 §7.2, §8.6, §7.6.1; RFC 9112
 * §6.1): a caller's value would contradict the body or the connection, and undici refuses most.
 */
const HTTP_LAYER_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

/** A plain object (`{…}` or `Object.create(null)`), not a Map, a Headers, a class instance or an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Every problem of a headers object, each with its path below the object. Never quotes a value. */
function headerIssues(headers: Record<string, unknown>): $ZodRawIssue[] {
  const issues: $ZodRawIssue[] = [];
  const issue = (path: PropertyKey[], message: string) =>
    issues.push({ code: 'custom', message, path, input: undefined });
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) {
      issue(
        [name],
        `${JSON.stringify(name)} is not a header name (an RFC 9110 token: ASCII letters, digits and !#$%&'*+-.^_\`|~)`,
      );
      continue;
    }
    const lower = name.toLowerCase();
    const earlier = seen.get(lower);
    if (earlier !== undefined) issue([], `${earlier} and ${name} name the same header: pass it once`);
    seen.set(lower, name);
    if (typeof value !== 'string') issue([name], 'must be a string (a header value is text)');
    else if (!PRINTABLE_ASCII.test(value))
      issue(
        [name],
        'must be printable ASCII: no CR, LF, NUL, tab or other control character, and no character beyond U+007E',
      );
  }
  return issues;
}

/** The same headers, names lower-cased: one spelling per header, so that a call's value replaces the client's. */
export function lowerCased(headers: RequestHeaders): RequestHeaders {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/**
 * The schema of a call's `headers`: a plain object whose names are RFC 9110 tokens (each header
 * once, whatever its case) and whose values are strings of printable ASCII. Which headers a call
 * may not set depends on the client: see {@link reservedHeaderReason}.
 */
export const requestHeadersSchema = lazy(() =>
  z.custom<RequestHeaders>(isPlainObject, { error: TYPE_MESSAGE }).check(
    z.check<RequestHeaders>((payload) => {
      if (isPlainObject(payload.value)) payload.issues.push(...headerIssues(payload.value));
    }),
  ),
);

/** What the transport knows about a client's headers, to say which a call may not set. */
export interface HeaderOwners {
  /** Headers that carry the client's credential (its key, its token). */
  credentialHeaders: ReadonlySet<string>;
  /** The content type of JSON request bodies. */
  jsonContentType: string;
}

/**
 * Why a call may not set this (lower-cased) header, or `undefined` when it may. Refused rather
 * than dropped: a header silently not sent is a bug found late.
 */
export function reservedHeaderReason(name: string, owners: HeaderOwners): string | undefined {
  if (owners.credentialHeaders.has(name))
    return `${name} is the client's credential header: set the key on the client (a function there rotates it; docs/transport.md, "Rotating keys")`;
  if (HTTP_LAYER_HEADERS.has(name)) return `${name} is set by the HTTP layer from the request itself`;
  if (name === 'content-type')
    return `content-type is set by the client: bodies are always JSON, sent as ${owners.jsonContentType}`;
  if (name === 'user-agent')
    return 'user-agent is set by the client: add to it with the client option userAgentSuffix';
  return undefined;
}
