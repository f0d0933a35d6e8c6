import type { FaultSpec } from './faults.js';
import type { SimOperation, SimProvider, UNKNOWN_OPERATION } from './operations.js';

/** What replaces a credential in {@link SimRequest.headers}, paths and bodies. */
export const REDACTED_HEADER = '[REDACTED]';

/** Options of the simulator's request log (`createSimulator({ log })`). */
export interface SimLogOptions {
  /**
   * Keep every request as received: credential headers, Dots.eco app tokens (in paths and bodies)
   * and redeem codes. Default `false`: they read `[REDACTED]`, so that a failing test's output
   * never prints a credential or a claimable code.
   */
  raw?: boolean;
}

// Header names whose values are credentials for one of the three providers (or anyone).
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'api-key',
  'x-api-key',
  'auth-token',
]);

/**
 * A request the simulator received, as a test asserts on it.
 *
 * @example
 * ```ts
 * const creates = sim.requests.filter((r) => r.operation === 'dots.createOffering');
 * expect(creates).toHaveLength(1);
 * expect(creates[0].body).toMatchObject({ external_unique_id: 'order-1' });
 * ```
 */
export interface SimRequest {
  /** The simulated provider it reached. */
  provider: SimProvider;
  /** The endpoint it reached, or `'unknown'` for a path the provider does not have. */
  operation: SimOperation | typeof UNKNOWN_OPERATION;
  /** The HTTP method, e.g. `POST`. */
  method: string;
  /** Path as sent, without the query (it includes the base path, e.g. `/v3/did_reservations`). */
  path: string;
  /** Query parameters; a repeated name's values are joined with `,`. */
  query: Record<string, string>;
  /**
   * Lower-cased names; credential headers (`api-key`, `auth-token`, `authorization`, …) read
   * `[REDACTED]` unless the log is raw.
   */
  headers: Record<string, string>;
  /**
   * The parsed JSON body, the raw text when it is not JSON, `undefined` when empty. A Dots.eco
   * `app_token` and `code` read `[REDACTED]` unless the log is raw (as does the app token in `path`).
   */
  body: unknown;
  /** Status answered, `undefined` while pending or when the connection was reset. */
  status: number | undefined;
  /** The injected fault this call got, if any. */
  fault: FaultSpec | undefined;
  /** Simulated time at which it arrived (`sim.clock.now()`). */
  receivedAt: number;
}

/** Whether a (lower-cased) header name carries a credential: its value is never logged by default. */
export function isCredentialHeader(name: string): boolean {
  return SECRET_HEADERS.has(name);
}

/** Lower-cased headers with credentials redacted. */
export function redactedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name) ? REDACTED_HEADER : value;
  });
  return out;
}

/** Query parameters as a plain object; repeated names are joined with `,`. */
export function queryObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of new Set(params.keys())) out[name] = params.getAll(name).join(',');
  return out;
}

// Dots.eco puts the app token in the list path: `/eco-club-offering/list/{app_token}[/{uuid}]`.
const DOTS_TOKEN_IN_PATH = /(\/eco-club-offering\/list\/)[^/]+/;
// Dots.eco body fields that are secrets: the app token, and the redeem code (whoever reads it can claim the gift).
const DOTS_SECRET_FIELDS = ['app_token', 'code'] as const;
// The same fields in a body that is not JSON: a cut JSON document (its last string may be open), or a form.
const DOTS_SECRET_JSON_TEXT = /("(?:app_token|code)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)/g;
const DOTS_SECRET_FORM_TEXT = /(^|[&?])(app_token|code)=[^&]*/g;

/** A request's path as logged: a Dots.eco app token replaced. */
export function loggedPath(provider: SimProvider, path: string, raw: boolean): string {
  return raw || provider !== 'dots' ? path : path.replace(DOTS_TOKEN_IN_PATH, `$1${REDACTED_HEADER}`);
}

/** A request's body as logged: a Dots.eco `app_token` and `code` replaced, in JSON or in text. */
export function loggedBody(provider: SimProvider, body: unknown, raw: boolean): unknown {
  if (raw || provider !== 'dots') return body;
  if (typeof body === 'string')
    return body
      .replace(DOTS_SECRET_JSON_TEXT, `$1"${REDACTED_HEADER}"`)
      .replace(DOTS_SECRET_FORM_TEXT, `$1$2=${REDACTED_HEADER}`);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  if (!DOTS_SECRET_FIELDS.some((field) => field in record)) return body;
  const out = { ...record };
  for (const field of DOTS_SECRET_FIELDS) if (field in out) out[field] = REDACTED_HEADER;
  return out;
}

/** Lower-cased headers as logged: credentials replaced unless raw. */
export function loggedHeaders(headers: Headers, raw: boolean): Record<string, string> {
  if (!raw) return redactedHeaders(headers);
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}
