import type { FaultSpec } from './faults.js';
import type { SimOperation, SimProvider, UNKNOWN_OPERATION } from './operations.js';

/** What replaces a credential in {@link SimRequest.headers}. */
export const REDACTED_HEADER = '[REDACTED]';

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
  /** Lower-cased names; credential headers (`api-key`, `auth-token`, `authorization`, …) read `[REDACTED]`. */
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it is not JSON, `undefined` when empty. */
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
