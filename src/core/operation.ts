import type { Dispatcher } from 'undici';
import type { ResultMeta } from './api-promise.js';
import type { HeaderValue } from './credential.js';
import type { HttpResponse, ProviderErrorInfo } from './error-mapping.js';
import type { ApiError, LookupKey } from './errors.js';
import type { RequestOptions } from './options.js';

/**
 * What sending an operation twice does at the provider; the retry rules follow from it
 * (docs/transport.md, "Retry rules").
 * - `read`: changes nothing. Retried on any transient failure; its failures are `not_sent` or
 *   `rejected`, never `unknown` or `applied` (a failed read did nothing to look up).
 * - `idempotent`: changes state, but twice is the same as once (a DELETE). Retried like a read.
 * - `once`: every accepted request acts (a reservation). Resent only when the provider provably did
 *   not act (not sent, 429, a 503 with `Retry-After`), or after its lookup found nothing.
 */
export type Effect = 'read' | 'idempotent' | 'once';

/** Options the transport passes down to the calls it makes for another call (a lookup's pages). */
export interface CallOptions extends RequestOptions {
  /**
   * @internal The deadline (a `performance.now()` time) of the call this one serves: a lookup and
   * every page it reads share the deadline of the create that ran it.
   */
  deadlineAt?: number;
  /**
   * @internal Called with the metadata of the call's result, before the call resolves: a lookup
   * learns which answer held what it found (its headers become the create's `meta.headers`).
   */
  onResultMeta?: (meta: ResultMeta) => void;
  /** @internal The id of the call this one serves (a lookup's reads serve the create). */
  parentCallId?: string;
}

/** Why a lookup runs. */
export interface LookupContext {
  /**
   * Set when the provider refused a resend after an attempt whose outcome was unknown: `exists`
   * (it said the unique id is taken) or `maybe` (see {@link Lookup.explainRefusal}).
   */
  afterRefusal: 'exists' | 'maybe' | undefined;
}

/**
 * How a `once` call finds what an attempt whose answer was lost did. It must accept only what is
 * provably this call's (same unique id, or every field sent equal): a wrong match hands the caller
 * someone else's item.
 */
export interface Lookup<T> {
  /** What the caller can look the item up by; carried by every error whose outcome is unknown or applied. */
  key: LookupKey;
  /**
   * The item this call created, or `undefined` when none is provably this call's. May throw a
   * `ConflictError` (the unique id is taken by an item with other fields): that ends the call.
   * Pass `options` unchanged to every request it makes: it carries the call's deadline and signal.
   */
  find(options: CallOptions, context: LookupContext): Promise<T | undefined>;
  /**
   * What a refusal of a resend says about an earlier attempt whose outcome was unknown:
   * `exists` — the item exists (a duplicate unique id: the lost attempt created it);
   * `maybe` — it may be this call's (the number is held, by us or by someone else);
   * `undefined` — an ordinary refusal.
   */
  explainRefusal?(error: ApiError): 'exists' | 'maybe' | undefined;
}

interface OperationBase<T> {
  /** `provider.method`, e.g. `arianee.reserveOne`. */
  name: string;
  method: Dispatcher.HttpMethod;
  /** Path below the base URL, segments already encoded. */
  path: string;
  /**
   * The path with its variable parts named (`/did_reservations/{id}`), when it has any: how traces
   * and metrics name the endpoint (`urlTemplate`), with low cardinality and no token in it.
   */
  route?: string;
  /** Sent as `key=value`; an array as the key repeated, in order; `undefined` is left out. */
  query?: Record<string, string | readonly string[] | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Headers of this call only, over the provider's (e.g. a read-only token, fixed or a key function). */
  headers?: Record<string, HeaderValue>;
  /** Values of this call that must never be printed (e.g. a per-call app token). */
  secrets?: readonly string[];
  /**
   * `list`: the answer holds every item at once (no paging), so its body is capped by
   * `maxListResponseBytes` rather than `maxResponseBytes` (docs/transport.md, "Response size caps").
   */
  responseSize?: 'list';
  /** Non-2xx statuses that are an answer, not an error (e.g. 404 on an idempotent delete). */
  acceptStatus?: (status: number) => boolean;
  /** Turns an accepted response into the result; zod errors become `ResponseValidationError`. */
  decode(response: HttpResponse): T;
  /** Refines the provider's error description for this endpoint. */
  refineError?: (response: HttpResponse, info: ProviderErrorInfo) => ProviderErrorInfo;
}

/** A call that may be sent again freely: a read, or a write that twice is the same as once. */
export interface RepeatableOperation<T> extends OperationBase<T> {
  effect: 'read' | 'idempotent';
}

/** A call that acts every time it is accepted: a reservation. */
export interface OnceOperation<T> extends OperationBase<T> {
  effect: 'once';
  /** How to find what a lost attempt did; without it, nothing is resent once the provider may have acted. */
  lookup?: Lookup<T>;
  /**
   * Without a `lookup`: what the caller can check by hand when the outcome is unknown (a DIDWW
   * order's holds and reference), set on the error as its `lookupKey`.
   */
  lookupKey?: LookupKey;
  /** What an error whose outcome is unknown adds, e.g. "a passport may have been reserved". */
  unknownOutcomeNote: string;
}

/**
 * One endpoint call, described by the provider module: path, effect and decoding sit together.
 * Treated as immutable once passed to the transport: build a new one rather than changing one
 * already sent.
 */
export type Operation<T> = RepeatableOperation<T> | OnceOperation<T>;

/** The operation's path and query string, below the base URL. */
export function pathAndQuery(op: Operation<unknown>): string {
  if (!op.query) return op.path;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(op.query)) {
    if (value === undefined) continue;
    // Commas stay literal: providers use them as list separators (Arianee tags, DIDWW filters).
    if (typeof value === 'string') parts.push(`${encodeQuery(key)}=${encodeQuery(value)}`);
    else for (const item of value) parts.push(`${encodeQuery(key)}=${encodeQuery(item)}`);
  }
  return parts.length ? `${op.path}?${parts.join('&')}` : op.path;
}

function encodeQuery(value: string): string {
  return encodeURIComponent(value).replaceAll('%2C', ',');
}
