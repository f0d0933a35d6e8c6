// `client.request()`: an endpoint reservekit does not wrap, described as an Operation so that it
// goes through the one transport like every other call (docs/transport.md, "Calling endpoints we
// do not wrap: client.request()").

import type { Dispatcher } from 'undici';
import * as z from 'zod/mini';
import type { WithMeta } from './api-promise.js';
import { hasControlCharacter } from './credential.js';
import type { HttpResponse } from './error-mapping.js';
import { parseInput } from './input.js';
import { lazy } from './lazy.js';
import type { Operation } from './operation.js';
import type { RequestOptions } from './options.js';
import { strictOptions } from './options-schema.js';
import { isPlainObject, lowerCased, type RequestHeaders, requestHeadersSchema } from './request-headers.js';
import { isJsonType } from './response-body.js';
import type { Transport } from './transport.js';

/** One value of a query parameter; an array sends the parameter once per item, in order. */
export type RawQueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;

/** The query of a {@link RawRequest}: `undefined` values are left out. */
export type RawQuery = Readonly<Record<string, RawQueryValue>>;

/** Methods that read (RFC 9110 §9.2.1): they take no body. Either case. */
export type RawReadMethod = 'GET' | 'HEAD' | 'get' | 'head';

/** Methods that send a body, when they have one. Either case. */
export type RawWriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'post' | 'put' | 'patch' | 'delete';

interface RawRequestFields {
  /**
   * Below the client's base URL (`/eco-club-offering/list/…` for Dots.eco's
   * `https://impact.dots.eco/api/v1`), segments percent-encoded (`encodeURIComponent` each one).
   * It cannot leave the base URL: an absolute or scheme-relative URL, a `.` or `..` segment (also
   * percent-encoded), a backslash, `?`, `#`, a control character, or a character a URL path cannot
   * hold is refused.
   */
  path: string;
  /** Query parameters, encoded as the SDK encodes its own (commas kept literal). */
  query?: RawQuery;
  /** Headers of this request; the same rules as the `headers` call option. */
  headers?: RequestHeaders;
  /**
   * Whether sending it twice is the same as once. Default `true` for GET and HEAD, `false` for
   * the others. `false` follows the rule of a reservation without a lookup: resent only when the
   * provider provably did not act (not sent, 429, a 503 with `Retry-After`), never after an
   * unknown outcome. A GET that acts (Arianee's `reserveOne` is one) needs `idempotent: false`.
   */
  idempotent?: boolean;
}

/** A read: GET or HEAD, no body. */
export interface RawReadRequest extends RawRequestFields {
  /** `GET` or `HEAD`, upper or lower case. */
  method: RawReadMethod;
  /** A read carries no body. */
  body?: never;
}

/** A write: POST, PUT, PATCH or DELETE, with an optional JSON body. */
export interface RawWriteRequest extends RawRequestFields {
  /** `POST`, `PUT`, `PATCH` or `DELETE`, upper or lower case. */
  method: RawWriteMethod;
  /** Sent as JSON, with the provider's JSON content type. */
  body?: unknown;
}

/** What `client.request()` takes: a method, a path below the base URL, and the rest optional. */
export type RawRequest = RawReadRequest | RawWriteRequest;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const READ_METHODS = new Set(['GET', 'HEAD']);

// What a URL path may hold unencoded (RFC 3986 `pchar` and `/`), and percent-encodings.
const PATH_CHARACTERS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
const STRAY_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Whether a segment is, or decodes (up to three times) to, a `.` or `..` segment. */
function isDotSegment(segment: string): boolean {
  let current = segment;
  for (let depth = 0; depth < 4; depth += 1) {
    // `..%2f`, `..%5c` once decoded, and `..;x` (a servlet container reads it as `..`).
    for (const part of current.split(/[/\\]/)) {
      const bare = part.split(';')[0];
      if (bare === '.' || bare === '..') return true;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false;
    }
    if (decoded === current) return false;
    current = decoded;
  }
  return true;
}

/**
 * What is wrong with a path, or `undefined`. Messages never quote the path: it may hold a token
 * (a Dots.eco app token is a path segment).
 */
function pathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return "path must be a string such as '/v3/orders'";
  if (path === '') return "path must not be empty: pass '/' for the base URL itself";
  if (hasControlCharacter(path)) return 'path must not contain control characters (CR, LF, NUL…)';
  if (SCHEME.test(path))
    return "path must be relative to the client's base URL, not an absolute URL: a client talks only to its provider";
  if (path.startsWith('//')) return "path must not start with '//': a scheme-relative URL names another host";
  if (path.includes('\\')) return "path must not contain a backslash: some servers read it as '/'";
  if (path.includes('?') || path.includes('#'))
    return "path must not contain '?' or '#': pass the query in `query`";
  if (STRAY_PERCENT.test(path)) return "path has a '%' that is not a percent-encoding (%XX)";
  if (!PATH_CHARACTERS.test(path))
    return 'path holds a character a URL path cannot: percent-encode each segment (encodeURIComponent)';
  if (path.split('/').some(isDotSegment))
    return "path must not contain '.' or '..' segments (also percent-encoded): it cannot leave the client's base URL";
  return undefined;
}

function isQueryScalar(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'boolean';
}

const QUERY_VALUE_MESSAGE =
  'must be a string (well-formed Unicode), a finite number, a boolean, an array of them, or undefined';

const requestSchema = lazy(() =>
  strictOptions(
    {
      method: z.custom<string>((value) => typeof value === 'string' && METHODS.has(value.toUpperCase()), {
        error: 'method must be GET, HEAD, POST, PUT, PATCH or DELETE',
      }),
      path: z.custom<string>((value) => pathProblem(value) === undefined, {
        error: (issue) => pathProblem(issue.input),
      }),
      query: z.optional(
        z
          .custom<RawQuery>(isPlainObject, { error: 'query must be an object of parameter names and values' })
          .check(
            z.check<RawQuery>((payload) => {
              if (!isPlainObject(payload.value)) return;
              for (const [name, value] of Object.entries(payload.value)) {
                const fine =
                  value === undefined ||
                  isQueryScalar(value) ||
                  (Array.isArray(value) && value.every(isQueryScalar));
                if (!fine)
                  payload.issues.push({
                    code: 'custom',
                    message: QUERY_VALUE_MESSAGE,
                    path: [name],
                    input: undefined,
                  });
                else if (!name.isWellFormed())
                  payload.issues.push({
                    code: 'custom',
                    message: 'a parameter name must be well-formed Unicode',
                    path: [name],
                    input: undefined,
                  });
              }
            }),
          ),
      ),
      body: z.optional(z.unknown()),
      headers: z.optional(requestHeadersSchema()),
      idempotent: z.optional(z.boolean({ error: 'idempotent must be true or false' })),
    },
    "request needs { method, path }, e.g. { method: 'GET', path: '/v3/countries' }",
    'field',
  ).check(
    z.check((payload) => {
      // The method may itself be refused (a custom check does not stop the others).
      const method = payload.value.method;
      if (typeof method !== 'string') return;
      const problem = bodyProblem(method.toUpperCase(), payload.value.body);
      if (problem)
        payload.issues.push({ code: 'custom', message: problem, path: ['body'], input: undefined });
    }),
  ),
);

/** Why a body cannot be sent, or `undefined`; checked once, before the first attempt. */
function bodyProblem(method: string, body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (READ_METHODS.has(method)) return `a ${method} request takes no body: pass its parameters in \`query\``;
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch (error) {
    // The error's own text may quote the body: only its kind is said.
    return `body must be a JSON value (JSON.stringify threw ${error instanceof Error ? error.name : 'an error'}: a BigInt, or a cycle)`;
  }
  return json === undefined ? 'body must be a JSON value, not a function or a symbol' : undefined;
}

/** The query as the transport encodes it: strings, arrays of strings, nothing for `undefined`. */
function toQuery(query: RawQuery | undefined): Operation<unknown>['query'] {
  if (query === undefined) return undefined;
  const out: Record<string, string | readonly string[] | undefined> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

/**
 * The parsed body: JSON as its value, text as a string, no body as `undefined`. A body whose
 * content type says JSON but which does not parse is refused (the transport then reports it as
 * malformed), rather than handed back as text the caller would take for JSON.
 */
function decodeRawBody(response: HttpResponse): unknown {
  const body = response.body;
  if (body.kind === 'empty') return undefined;
  if (body.kind === 'text' && isJsonType((response.headers['content-type'] ?? '').toLowerCase()))
    throw new Error('malformed JSON body');
  return body.value;
}

/**
 * Sends a request reservekit does not wrap, through the client's transport: checked before
 * anything is sent, then the same credentials, limiter, deadline, retry rules, redaction and error
 * mapping as every call.
 *
 * @throws {InputValidationError} before any request, for a bad method, path, query, body or header.
 */
export async function sendRawRequest(
  transport: Transport,
  input: RawRequest,
  options: RequestOptions | undefined,
): Promise<WithMeta<unknown>> {
  const name = `${transport.provider}.request`;
  const parsed = parseInput(requestSchema(), input, transport.provider, name);
  const method = parsed.method.toUpperCase() as Dispatcher.HttpMethod;
  if (parsed.headers) transport.checkCallHeaders(parsed.headers, name, ['headers']);
  const path = parsed.path.startsWith('/') ? parsed.path : `/${parsed.path}`;
  const query = toQuery(parsed.query);
  const operation = {
    name,
    method,
    path,
    ...(query === undefined ? {} : { query }),
    ...(parsed.body === undefined ? {} : { body: parsed.body }),
    ...(parsed.headers === undefined ? {} : { headers: lowerCased(parsed.headers) }),
    decode: decodeRawBody,
  };
  const idempotent = parsed.idempotent ?? READ_METHODS.has(method);
  let op: Operation<unknown>;
  if (!idempotent) {
    // Printed in errors: the client's secrets (an app token in the path) are taken out.
    const shown = transport.redactText(`${method} ${path}`);
    op = {
      ...operation,
      effect: 'once',
      unknownOutcomeNote: `the provider may have acted on ${shown}; it was not sent again (client.request with idempotent: false): check before sending it again`,
    };
  } else {
    // GET and HEAD are safe by HTTP's definition: a failure of one did nothing. Other methods the
    // caller calls idempotent may still have acted: their outcome stays honest (`unknown`).
    op = { ...operation, effect: READ_METHODS.has(method) ? 'read' : 'idempotent' };
  }
  return transport.run(op, options);
}
