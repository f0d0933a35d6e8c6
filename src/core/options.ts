import type { Dispatcher } from 'undici';
import type { TransportHooks } from './diagnostics.js';
import type { FetchLike } from './fetch-sender.js';

/**
 * What a client needs of a `dispatcher`: the three methods every undici `Dispatcher` implements.
 * A shape rather than undici's class, so that the `Agent`, `MockAgent` or `ProxyAgent` of an
 * application's own copy of undici 8 fits too: two copies' `Dispatcher` classes do not type-check as
 * each other under `exactOptionalPropertyTypes` (their overloaded `compose` differs by copy).
 */
export interface DispatcherLike {
  /** Sends one request: the only method a client calls on a dispatcher it was given. */
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
  /** Closes gracefully. A client never calls it on a dispatcher it was given: you do. */
  close(): Promise<void>;
  /** Closes at once, failing what is pending. A client never calls it either. */
  destroy(): Promise<void>;
}

/** Backoff settings. Delays use full jitter: a random wait between 0 and the exponential bound. */
export interface RetryTimingOptions {
  /** First backoff bound in ms; doubles each retry. Default 500. A whole number from 0 to 2147483647. */
  baseDelayMs?: number;
  /** Cap on any one backoff in ms. Default 8,000. A whole number from 0 to 2147483647. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the SDK will honour, in ms; a longer one ends the call with the error.
   * Default 60,000. A whole number from 0 (honour none) to 2147483647.
   */
  maxRetryAfterMs?: number;
}

/**
 * A per-client retry budget (a token bucket, as in the AWS SDKs): each retry spends tokens, each
 * success refills one. When a provider is down, a busy process stops multiplying its traffic by
 * `1 + maxRetries` once the bucket is empty. `false` turns it off. Every field is a whole number from 0.
 */
export interface RetryBudgetOptions {
  /** Tokens the bucket holds. Default 500. */
  capacity?: number;
  /** Tokens one retry costs. Default 5. */
  retryCost?: number;
  /** Tokens a retry after a timeout costs. Default 10. */
  timeoutRetryCost?: number;
  /** Tokens a success gives back. Default 1. */
  successRefill?: number;
}

/**
 * Options every client takes. Per-call options ({@link RequestOptions}) win over these. Each is
 * checked when the client is built: a value out of range or an unknown key (a typo such as
 * `timeOutMs`) is an `InputValidationError` that says what to pass instead.
 */
export interface TransportOptions {
  /**
   * Time allowed for one attempt, headers and body together, in ms. Default 30,000. A whole number
   * from 1 to 2147483647 (Node fires a longer timer after 1 ms); there is no "no timeout", pass a
   * large value such as 600000 instead of 0.
   */
  timeoutMs?: number;
  /**
   * Time allowed for the whole call — attempts, backoff and Retry-After waits — in ms. Default
   * 120,000. A whole number from 1 to 2147483647.
   */
  totalTimeoutMs?: number;
  /** Retries after the first attempt, for failures the operation may retry. Default 2. A whole number from 0. */
  maxRetries?: number;
  /** Backoff timing. */
  retry?: RetryTimingOptions;
  /** Retry budget; `false` turns it off. On by default. */
  retryBudget?: RetryBudgetOptions | false;
  /**
   * Largest response body read, in bytes. Default 1 MiB. A whole number from 65536 (64 KiB): a
   * smaller cap could refuse a reservation's answer after the provider took the item.
   */
  maxResponseBytes?: number;
  /**
   * Largest body of a list read (an operation that answers every item at once, such as Dots.eco's
   * `ecoClubOfferings.list`, which has no paging), in bytes. Default 64 MiB: about 200,000 Dots.eco
   * offerings, while one body held in memory stays bounded. A whole number from 65536. Paged reads
   * (DIDWW) and single-item answers keep `maxResponseBytes`.
   */
  maxListResponseBytes?: number;
  /**
   * Your own undici dispatcher (a `ProxyAgent`, a `MockAgent`, an `Agent` shared between clients).
   * It may come from your own copy of undici 8 too. The client then does not own it and `close()`
   * leaves it open: close it yourself (README, "Sharing one connection pool").
   */
  dispatcher?: DispatcherLike;
  /**
   * How requests are sent (docs/transport.md, "Senders"): `undici` (undici's dispatch API: the
   * default on Node.js, and the one that knows when a request was written) or `fetch` (the default
   * on Bun, Deno, Cloudflare Workers and edge runtimes, where undici's dispatcher does not work).
   * `dispatcher` implies `undici`; `fetch` implies `fetch`.
   */
  sender?: 'undici' | 'fetch';
  /**
   * The `fetch` to send with (the `fetch` sender): default the runtime's global `fetch`. Yours may
   * be instrumented, or a test's (`sim.fetch()` of `reservekit/testing`).
   */
  fetch?: FetchLike;
  /**
   * Idle keep-alive sockets are dropped after this many ms. Default 10,000 (below common 25 s+
   * server and NAT timeouts). A whole number from 1 to 2147483647.
   */
  keepAliveTimeoutMs?: number;
  /** Max sockets per origin of the client's own agent (the `undici` sender). Default 64. A whole number from 1. */
  connections?: number;
  /** Allow `http:` to a non-loopback host. Off: secrets must not cross a network in clear by accident. */
  allowInsecureHttp?: boolean;
  /** Callbacks for request start, response, error and retry (payloads redacted). */
  hooks?: TransportHooks;
  /** Appended to the `User-Agent`, e.g. `my-wrapper/1.2.0`. Printable ASCII on one line (no CR, LF or NUL). */
  userAgentSuffix?: string;
}

/**
 * Per-call options; they win over the client's. Checked before anything is sent, with the
 * client's rules: `null`, a non-object, an unknown key or a value out of range is an
 * `InputValidationError` naming `options.<key>`.
 */
export interface RequestOptions {
  /** Aborts the call, including a pending backoff wait. An abort is never retried. */
  signal?: AbortSignal;
  /** Time allowed for one attempt, in ms: a whole number from 1 to 2147483647. */
  timeoutMs?: number;
  /** Time allowed for the whole call, in ms: a whole number from 1 to 2147483647. */
  totalTimeoutMs?: number;
  /** Retries after the first attempt: a whole number from 0. */
  maxRetries?: number;
  /**
   * Headers of this call only, over the client's: a trace id, a tenant, a feature flag. Names are
   * RFC 9110 tokens (each header once, whatever its case); values are strings of printable ASCII.
   * Not settable here: the client's credential header (set the key on the client), `content-type`,
   * `user-agent` (see `userAgentSuffix`), and what the HTTP layer writes (`host`,
   * `content-length`, `transfer-encoding`, `connection`…). Sent on every attempt and on a create's
   * lookups. Values are not treated as secrets, but a configured secret inside one is still
   * redacted wherever reservekit prints it (docs/transport.md, "Per-call headers").
   *
   * @example
   * ```ts
   * await client.ecoClubOfferings.list({}, { headers: { 'x-trace-id': traceId } });
   * ```
   */
  headers?: Readonly<Record<string, string>>;
}

export const DEFAULTS = {
  timeoutMs: 30_000,
  totalTimeoutMs: 120_000,
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  maxResponseBytes: 1024 * 1024,
  maxListResponseBytes: 64 * 1024 * 1024,
  keepAliveTimeoutMs: 10_000,
  connections: 64,
  connectTimeoutMs: 10_000,
} as const;
