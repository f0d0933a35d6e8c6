import type { Dispatcher } from 'undici';
import type { TransportHooks } from './diagnostics.js';

/** Backoff settings. Delays use full jitter: a random wait between 0 and the exponential bound. */
export interface RetryTimingOptions {
  /** First backoff bound in ms; doubles each retry. Default 500. */
  baseDelayMs?: number;
  /** Cap on any one backoff in ms. Default 8,000. */
  maxDelayMs?: number;
  /** Longest `Retry-After` the SDK will honour, in ms; a longer one ends the call with the error. Default 60,000. */
  maxRetryAfterMs?: number;
}

/**
 * A per-client retry budget (a token bucket, as in the AWS SDKs): each retry spends tokens, each
 * success refills one. When a provider is down, a busy process stops multiplying its traffic by
 * `1 + maxRetries` once the bucket is empty. `false` turns it off.
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

/** Options every client takes. Per-call options ({@link RequestOptions}) win over these. */
export interface TransportOptions {
  /** Time allowed for one attempt, headers and body together, in ms. Default 30,000. */
  timeoutMs?: number;
  /** Time allowed for the whole call — attempts, backoff and Retry-After waits — in ms. Default 120,000. */
  totalTimeoutMs?: number;
  /** Retries after the first attempt, for failures the operation may retry. Default 2. */
  maxRetries?: number;
  /** Backoff timing. */
  retry?: RetryTimingOptions;
  /** Retry budget; `false` turns it off. On by default. */
  retryBudget?: RetryBudgetOptions | false;
  /** Largest response body read, in bytes. Default 1 MiB. */
  maxResponseBytes?: number;
  /**
   * Your own undici dispatcher (a `ProxyAgent`, a `MockAgent`, an `Agent` shared between clients).
   * The client then does not own it and `close()` leaves it open.
   */
  dispatcher?: Dispatcher;
  /** Idle keep-alive sockets are dropped after this many ms. Default 10,000 (below common 25 s+ server and NAT timeouts). */
  keepAliveTimeoutMs?: number;
  /** Max sockets per origin of the client's own agent. Default 64. */
  connections?: number;
  /** Allow `http:` to a non-loopback host. Off: secrets must not cross a network in clear by accident. */
  allowInsecureHttp?: boolean;
  /** Callbacks for request start, response, error and retry (payloads redacted). */
  hooks?: TransportHooks;
  /** Appended to the `User-Agent`, e.g. `my-wrapper/1.2.0`. */
  userAgentSuffix?: string;
}

/** Per-call options; they win over the client's. */
export interface RequestOptions {
  /** Aborts the call, including a pending backoff wait. An abort is never retried. */
  signal?: AbortSignal;
  /** Time allowed for one attempt, in ms. */
  timeoutMs?: number;
  /** Time allowed for the whole call, in ms. */
  totalTimeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
}

export const DEFAULTS = {
  timeoutMs: 30_000,
  totalTimeoutMs: 120_000,
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  maxResponseBytes: 1024 * 1024,
  keepAliveTimeoutMs: 10_000,
  connections: 64,
  connectTimeoutMs: 10_000,
} as const;
