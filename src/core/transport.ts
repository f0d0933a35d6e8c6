import pRetry from 'p-retry';
import { Agent, type Dispatcher } from 'undici';
import { $ZodError } from 'zod/v4/core';
import type { ResultMeta, WithMeta } from './api-promise.js';
import { fullJitterDelay } from './backoff.js';
import type { BaseUrl } from './base-url.js';
import { isObserved, publish, type RequestEventBase } from './diagnostics.js';
import {
  createApiError,
  fallbackMessage,
  type HttpResponse,
  kindFromStatus,
  type ProviderErrorInfo,
} from './error-mapping.js';
import {
  AbortedError,
  ApiError,
  ConnectionError,
  NoInventoryError,
  type Outcome,
  type ProviderName,
  ProviderValidationError,
  RateLimitError,
  ReservationError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from './errors.js';
import { DEFAULTS, type RequestOptions, type TransportOptions } from './options.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Secrets } from './redact.js';
import { MalformedBodyError, parseBody } from './response-body.js';
import { parseRetryAfter } from './retry-after.js';
import { RetryBudget } from './retry-budget.js';
import { AttemptFailure, type OutgoingRequest, type RawResponse, sendOnce } from './send-once.js';
import { sleep } from './sleep.js';
import { VERSION } from './version.js';
import { toIssues } from './zod-issues.js';

/** What a provider module tells the transport once, when its client is built. */
export interface ProviderProfile {
  provider: ProviderName;
  baseUrl: BaseUrl;
  /** Sent on every request (auth, accept, API version). */
  headers: Record<string, string>;
  /** Content type of JSON request bodies. */
  jsonContentType: string;
  /** Credentials and other values that must never be printed. */
  secrets: Secrets;
  /** Response headers that carry the provider's request id, first match wins. */
  requestIdHeaders: readonly string[];
  /** Reads the provider's error body. */
  describeError(response: HttpResponse): ProviderErrorInfo;
  /** Client-side pacing, when the provider documents a rate. */
  rateLimiter?: RateLimiter | undefined;
}

/**
 * One endpoint call, described by the provider module: path, idempotency and decoding sit together.
 * Treated as immutable once passed to the transport: build a new one rather than changing one
 * already sent. A frozen operation (with a frozen `query`) has its request path built only once.
 */
export interface Operation<T> {
  /** `provider.method`, e.g. `arianee.reserveOne`. */
  name: string;
  method: Dispatcher.HttpMethod;
  /** Path below the base URL, segments already encoded. */
  path: string;
  query?: Record<string, string | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Headers of this call only, over the provider's (e.g. a read-only token). */
  headers?: Record<string, string>;
  /**
   * Whether sending it twice does no harm. Non-idempotent calls are retried only when the provider
   * cannot have acted (not sent, 429, 503), or after `reconcile` looked the result up.
   */
  idempotent: boolean;
  /** Values of this call that must never be printed (e.g. a per-call app token). */
  secrets?: readonly string[];
  /** Non-2xx statuses that are an answer, not an error (e.g. 404 on an idempotent delete). */
  acceptStatus?: (status: number) => boolean;
  /** Turns an accepted response into the result; zod errors become `ResponseValidationError`. */
  decode(response: HttpResponse): T;
  /** Refines the provider's error description for this endpoint. */
  refineError?: (response: HttpResponse, info: ProviderErrorInfo) => ProviderErrorInfo;
  /**
   * For non-idempotent calls: after an attempt whose outcome is unknown, looks up whether the
   * provider acted. Returns the existing result (no resend), or `undefined` to send again.
   */
  reconcile?: (options: RequestOptions) => Promise<T | undefined>;
  /** Added to the message of an error whose outcome is unknown, e.g. "a passport may have been reserved". */
  unknownOutcomeNote?: string;
}

const RETRYABLE_IDEMPOTENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
// Statuses that say the provider did not process the request.
const NOT_PROCESSED_STATUS = new Set([429, 503]);

interface CallState {
  op: Operation<unknown>;
  secrets: Secrets;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  totalTimeoutMs: number;
  deadline: number;
  attempts: number;
  totalRetryDelayMs: number;
  budgetSpent: number;
  needsReconcile: boolean;
  hadUnknownOutcome: boolean;
  reconciled: boolean;
  lastOutcome: Outcome;
}

/**
 * The one transport every provider client uses: connections, timeouts, abort, retries, body
 * parsing, validation, redaction and error mapping live here and nowhere else.
 */
export class Transport {
  readonly #profile: ProviderProfile;
  readonly #options: TransportOptions;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #budget: RetryBudget | undefined;
  readonly #reconcileFailures = new WeakSet<ReservationError>();
  readonly #baseHeaders: Record<string, string>;
  readonly #jsonHeaders: Record<string, string>;
  #closed = false;

  constructor(profile: ProviderProfile, options: TransportOptions = {}) {
    this.#profile = profile;
    this.#options = options;
    this.#ownsDispatcher = options.dispatcher === undefined;
    const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.#dispatcher =
      options.dispatcher ??
      new Agent({
        keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
        keepAliveMaxTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
        connections: options.connections ?? DEFAULTS.connections,
        connect: { timeout: Math.min(timeoutMs, DEFAULTS.connectTimeoutMs) },
      });
    this.#budget = options.retryBudget === false ? undefined : new RetryBudget(options.retryBudget);
    const userAgent = `reservekit/${VERSION} node/${process.version}${options.userAgentSuffix ? ` ${options.userAgentSuffix}` : ''}`;
    // Header objects are built once per client, not per request.
    this.#baseHeaders = { 'user-agent': userAgent, ...profile.headers };
    this.#jsonHeaders = { ...this.#baseHeaders, 'content-type': profile.jsonContentType };
  }

  get provider(): ProviderName {
    return this.#profile.provider;
  }

  /** Runs an operation with the retry rules it declares: its data and metadata. */
  async run<T>(op: Operation<T>, options: RequestOptions = {}): Promise<WithMeta<T>> {
    if (this.#closed) {
      throw new ConnectionError({ message: 'client is closed', provider: this.provider, operation: op.name });
    }
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? DEFAULTS.timeoutMs;
    const totalTimeoutMs = options.totalTimeoutMs ?? this.#options.totalTimeoutMs ?? DEFAULTS.totalTimeoutMs;
    const maxRetries = options.maxRetries ?? this.#options.maxRetries ?? DEFAULTS.maxRetries;
    const state: CallState = {
      op: op as Operation<unknown>,
      secrets: op.secrets?.length ? this.#profile.secrets.with(op.secrets) : this.#profile.secrets,
      signal: options.signal,
      timeoutMs,
      totalTimeoutMs,
      deadline: performance.now() + totalTimeoutMs,
      attempts: 0,
      totalRetryDelayMs: 0,
      budgetSpent: 0,
      needsReconcile: false,
      hadUnknownOutcome: false,
      reconciled: false,
      lastOutcome: 'not_sent',
    };
    if (options.signal?.aborted) throw this.#aborted(state, options.signal.reason);

    try {
      const result = await pRetry(() => this.#attempt<T>(op, state), {
        retries: maxRetries,
        // Waits are ours (full jitter, Retry-After, deadline, abort): p-retry only counts.
        minTimeout: 0,
        maxTimeout: 0,
        shouldRetry: ({ error }) => this.#shouldRetry(error, state),
      });
      this.#budget?.refund(state.budgetSpent);
      return result;
    } catch (error) {
      throw this.#finalError(error, state);
    }
  }

  async #attempt<T>(op: Operation<T>, state: CallState): Promise<WithMeta<T>> {
    state.attempts += 1;
    const remaining = state.deadline - performance.now();
    if (remaining <= 0) {
      throw new TimeoutError({
        message: `${op.name} ran out of its total time (${state.totalTimeoutMs} ms)`,
        provider: this.provider,
        operation: op.name,
        scope: 'total',
        timeoutMs: state.totalTimeoutMs,
        outcome: state.lastOutcome,
      });
    }
    if (state.needsReconcile && op.reconcile) {
      const found = await this.#reconcile(op, state, remaining);
      if (found) return found;
    }
    try {
      return await this.#send(op, state, remaining);
    } catch (error) {
      // After an unknown outcome, a resend the provider refuses (a duplicate id, a number already
      // held) is most likely the provider refusing what the lost attempt already did: look again.
      if (state.hadUnknownOutcome && op.reconcile && isRefusal(error)) {
        const found = await this.#reconcile(op, state, state.deadline - performance.now(), error as Error);
        if (found) return found;
      }
      throw error;
    }
  }

  /** Looks up what a lost attempt may have done; the result when it did, else `undefined`. */
  async #reconcile<T>(
    op: Operation<T>,
    state: CallState,
    remaining: number,
    refusal?: Error,
  ): Promise<WithMeta<T> | undefined> {
    const reconcile = op.reconcile as NonNullable<Operation<T>['reconcile']>;
    let found: T | undefined;
    try {
      found = await reconcile({
        signal: state.signal,
        totalTimeoutMs: remaining,
        timeoutMs: state.timeoutMs,
      });
    } catch (error) {
      if (!(error instanceof ReservationError) || error instanceof AbortedError) throw error;
      throw this.#reconcileFailed(op, error, refusal);
    }
    state.needsReconcile = false;
    const event = {
      provider: this.provider,
      operation: op.name,
      attempt: state.attempts,
      found: found !== undefined,
    };
    publish('reconcile', event, this.#options.hooks);
    if (found === undefined) return undefined;
    state.reconciled = true;
    return { data: found, meta: this.#meta(state, 200, undefined) };
  }

  /**
   * The lookup failed: the lookup's own outcome says nothing about the original call, which may
   * still have acted. Reporting `rejected` could lead a caller to create again under a new id.
   */
  #reconcileFailed(op: Operation<unknown>, lookup: ReservationError, refusal?: Error): ReservationError {
    const note = unknownOutcomeNote(op, 'unknown');
    const refused = refusal ? `, the resend was refused (${refusal.message})` : '';
    const error = new ReservationError({
      message: `${op.name}: an earlier attempt's outcome is unknown${refused} and looking it up failed (${lookup.message})${note}`,
      code: lookup.code,
      provider: this.provider,
      operation: op.name,
      outcome: 'unknown',
      retryable: lookup.retryable,
      cause: lookup,
    });
    this.#reconcileFailures.add(error);
    return error;
  }

  async #send<T>(op: Operation<T>, state: CallState, remaining: number): Promise<WithMeta<T>> {
    // No await without a limiter: it would cost a microtask on every call.
    const limiter = this.#profile.rateLimiter;
    if (limiter) await limiter.acquire(state.signal);

    const attemptTimeout = Math.min(state.timeoutMs, remaining);
    const request = this.#buildRequest(op);
    // Events are built only when someone listens; publish() skips the kinds nobody listens to.
    const hooks = this.#options.hooks;
    const eventBase =
      isObserved('request', hooks) || isObserved('response', hooks) || isObserved('error', hooks)
        ? this.#eventBase(op, request, state)
        : undefined;
    if (eventBase) publish('request', eventBase, hooks);
    const started = performance.now();

    try {
      let raw: RawResponse;
      try {
        raw = await sendOnce(this.#dispatcher, request, attemptTimeout, this.#maxBytes, state.signal);
      } catch (failure) {
        throw this.#failureToError(failure, op, state, attemptTimeout);
      }
      const requestId = this.#requestId(raw.headers);
      if (eventBase) {
        const durationMs = performance.now() - started;
        publish('response', { ...eventBase, status: raw.status, requestId, durationMs }, hooks);
      }
      const ok = (raw.status >= 200 && raw.status < 300) || op.acceptStatus?.(raw.status) === true;
      let body: ReturnType<typeof parseBody>;
      try {
        body = parseBody(raw);
      } catch (error) {
        if (!(error instanceof MalformedBodyError) || ok) {
          throw this.#invalidResponse(op, raw.status, requestId, (error as Error).message, error, []);
        }
        body = { kind: 'text', value: raw.body.toString('utf8'), html: false };
      }
      const response: HttpResponse = { status: raw.status, headers: raw.headers, body, requestId };
      if (!ok) throw this.#apiError(op, response, state);
      let data: T;
      try {
        data = op.decode(response);
      } catch (error) {
        if (error instanceof $ZodError) {
          const issues = toIssues(error);
          throw this.#invalidResponse(
            op,
            raw.status,
            requestId,
            'response does not match the documented schema',
            undefined,
            issues,
          );
        }
        throw error;
      }
      return { data, meta: this.#meta(state, raw.status, requestId) };
    } catch (error) {
      if (error instanceof ReservationError) {
        state.lastOutcome = error.outcome;
        if (eventBase)
          publish('error', { ...eventBase, error, durationMs: performance.now() - started }, hooks);
      }
      throw error;
    }
  }

  async #shouldRetry(error: Error, state: CallState): Promise<boolean> {
    if (!(error instanceof ReservationError) || !this.#isRetryable(error, state.op)) return false;
    const op = state.op;
    const retryAfterMs =
      error instanceof RateLimitError || error instanceof ServerError ? this.#retryAfterOf(error) : undefined;
    const maxRetryAfterMs = this.#options.retry?.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
    if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) return false;
    const delayMs =
      retryAfterMs ??
      fullJitterDelay(
        state.attempts,
        this.#options.retry?.baseDelayMs ?? DEFAULTS.baseDelayMs,
        this.#options.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs,
      );
    // A wait that outlives the deadline is doomed: end now with the real error.
    if (performance.now() + delayMs >= state.deadline) return false;
    if (this.#budget) {
      const spent = this.#budget.trySpend(error instanceof TimeoutError);
      if (spent === undefined) return false;
      state.budgetSpent += spent;
    }
    if (error.outcome === 'unknown' && !op.idempotent) {
      state.needsReconcile = true;
      state.hadUnknownOutcome = true;
    }
    if (isObserved('retry', this.#options.hooks)) {
      const event = {
        ...this.#eventBase(op, this.#buildRequest(op), state),
        error,
        delayMs,
        reason: retryAfterMs === undefined ? ('backoff' as const) : ('retry-after' as const),
      };
      publish('retry', event, this.#options.hooks);
    }
    await sleep(delayMs, state.signal);
    state.totalRetryDelayMs += delayMs;
    return true;
  }

  /** The retry rules: which failures an operation may try again. */
  #isRetryable(error: ReservationError, op: Operation<unknown>): boolean {
    if (error instanceof AbortedError || error instanceof ResponseValidationError) return false;
    if (this.#reconcileFailures.has(error)) return error.retryable;
    if (error instanceof TimeoutError && error.scope === 'total') return false;
    if (error.outcome === 'not_sent')
      return error instanceof ConnectionError || error instanceof TimeoutError;
    if (error instanceof ApiError) {
      if (NOT_PROCESSED_STATUS.has(error.status)) return true;
      if (op.idempotent) return RETRYABLE_IDEMPOTENT_STATUS.has(error.status);
      return error.outcome === 'unknown' && op.reconcile !== undefined;
    }
    if (error instanceof ConnectionError || error instanceof TimeoutError) {
      return op.idempotent || op.reconcile !== undefined;
    }
    return false;
  }

  #retryAfterOf(error: ApiError): number | undefined {
    return error instanceof RateLimitError
      ? error.retryAfterMs
      : parseRetryAfter(error.headers['retry-after']);
  }

  #failureToError(
    failure: unknown,
    op: Operation<unknown>,
    state: CallState,
    attemptTimeout: number,
  ): unknown {
    if (!(failure instanceof AttemptFailure)) return failure;
    const outcome: Outcome = failure.sent ? 'unknown' : 'not_sent';
    const note = unknownOutcomeNote(op, outcome);
    const common = { provider: this.provider, operation: op.name, outcome };
    switch (failure.reason) {
      case 'aborted':
        return this.#aborted({ ...state, lastOutcome: outcome }, failure.cause);
      case 'timeout': {
        const scope = attemptTimeout < state.timeoutMs ? 'total' : 'attempt';
        const limit = scope === 'total' ? state.totalTimeoutMs : state.timeoutMs;
        const message = `${op.name} timed out after ${attemptTimeout} ms (${scope === 'total' ? 'totalTimeoutMs' : 'timeoutMs'} ${limit})${note}`;
        return this.#markRetryable(
          new TimeoutError({ ...common, message, scope, timeoutMs: limit, cause: failure.cause }),
          op,
        );
      }
      case 'too_large':
        return this.#invalidResponse(
          op,
          failure.status ?? 200,
          undefined,
          `response body exceeds maxResponseBytes (${this.#maxBytes})`,
          undefined,
          [],
        );
      default: {
        const cause = failure.cause as Error | undefined;
        const detail = cause?.message ? state.secrets.redactText(cause.message) : 'connection failed';
        const message = `${op.name}: ${detail}${failure.sent ? ' (after the request was sent)' : ''}${note}`;
        return this.#markRetryable(
          new ConnectionError({ ...common, message, systemCode: failure.systemCode, cause }),
          op,
        );
      }
    }
  }

  #apiError(op: Operation<unknown>, response: HttpResponse, state: CallState): ApiError {
    let info = this.#profile.describeError(response);
    if (op.refineError) info = op.refineError(response, info);
    const kind = info.kind ?? kindFromStatus(response.status);
    const secrets = state.secrets;
    const providerMessage = info.message === undefined ? undefined : secrets.redactText(info.message);
    const providerCode = info.providerCode === undefined ? undefined : secrets.redactText(info.providerCode);
    const outcome: Outcome =
      response.status >= 500 && !NOT_PROCESSED_STATUS.has(response.status) ? 'unknown' : 'rejected';
    const note = unknownOutcomeNote(op, outcome);
    const text = providerMessage ?? fallbackMessage(response.status, response.body);
    const headers = secrets.redactHeaders(response.headers);
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    const bodyValue = response.body.kind === 'empty' ? undefined : response.body.value;
    const init = {
      message: `${op.name} failed: ${response.status} ${secrets.redactText(text)}${providerCode ? ` [${providerCode}]` : ''}${note}`,
      provider: this.provider,
      operation: op.name,
      status: response.status,
      providerCode,
      providerMessage,
      details: secrets.redactValue(info.details),
      requestId: response.requestId,
      headers,
      body: secrets.redactValue(bodyValue),
      outcome,
      retryAfterMs,
    };
    return this.#markRetryable(createApiError(kind, init), op);
  }

  // `retryable` on an error reflects this operation's rules, so callers can trust it.
  #markRetryable<E extends ReservationError>(error: E, op: Operation<unknown>): E {
    Object.defineProperty(error, 'retryable', { value: this.#isRetryable(error, op), enumerable: true });
    return error;
  }

  #invalidResponse(
    op: Operation<unknown>,
    status: number,
    requestId: string | undefined,
    reason: string,
    cause: unknown,
    issues: ResponseValidationError['issues'],
  ): ResponseValidationError {
    const applied = status >= 200 && status < 300;
    const note =
      applied && !op.idempotent && op.unknownOutcomeNote
        ? ` (the provider acted: ${op.unknownOutcomeNote})`
        : '';
    return new ResponseValidationError({
      message: `${op.name}: ${reason}${note}`,
      provider: this.provider,
      operation: op.name,
      status,
      requestId,
      issues,
      outcome: applied ? 'applied' : 'rejected',
      cause,
    });
  }

  #aborted(state: CallState, reason: unknown): AbortedError {
    const note = unknownOutcomeNote(state.op, state.lastOutcome);
    return new AbortedError({
      message: `${state.op.name} was aborted${note}`,
      provider: this.provider,
      operation: state.op.name,
      outcome: state.lastOutcome,
      cause: reason,
    });
  }

  #finalError(error: unknown, state: CallState): unknown {
    let final = error;
    if (state.signal?.aborted && !(error instanceof AbortedError))
      final = this.#aborted(state, state.signal.reason);
    if (final instanceof ReservationError) {
      final.attempts = state.attempts;
      final.totalRetryDelayMs = state.totalRetryDelayMs;
    }
    return final;
  }

  #buildRequest(op: Operation<unknown>): OutgoingRequest {
    const base = this.#profile.baseUrl;
    const path = base.pathPrefix + pathAndQuery(op);
    const hasBody = op.body !== undefined;
    const shared = hasBody ? this.#jsonHeaders : this.#baseHeaders;
    const headers = op.headers ? { ...shared, ...op.headers } : shared;
    return {
      origin: base.origin,
      path,
      method: op.method,
      headers,
      body: hasBody ? JSON.stringify(op.body) : undefined,
    };
  }

  #eventBase(op: Operation<unknown>, request: OutgoingRequest, state: CallState): RequestEventBase {
    return {
      provider: this.provider,
      operation: op.name,
      method: request.method,
      url: state.secrets.redactText(request.origin + request.path),
      attempt: state.attempts,
    };
  }

  #requestId(headers: Record<string, string>): string | undefined {
    for (const name of this.#profile.requestIdHeaders) {
      const value = headers[name];
      if (value) return value;
    }
    return undefined;
  }

  #meta(state: CallState, status: number, requestId: string | undefined): ResultMeta {
    return {
      status,
      requestId,
      attempts: state.attempts,
      totalRetryDelayMs: state.totalRetryDelayMs,
      reconciled: state.reconciled,
    };
  }

  get #maxBytes(): number {
    return this.#options.maxResponseBytes ?? DEFAULTS.maxResponseBytes;
  }

  /** Closes the client's own sockets (a dispatcher you passed in is left open). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

/** What a message adds when a call that is not idempotent may have acted: the operation's note. */
function unknownOutcomeNote(op: Operation<unknown>, outcome: Outcome): string {
  return outcome === 'unknown' && !op.idempotent && op.unknownOutcomeNote ? `; ${op.unknownOutcomeNote}` : '';
}

/** A provider refusing the content of a request: after an unknown outcome, possibly our own duplicate. */
function isRefusal(error: unknown): boolean {
  return error instanceof ProviderValidationError || error instanceof NoInventoryError;
}

// An operation's path and query string, kept per Operation object when the object and its query
// are frozen (so they cannot change under the cache): a provider that reuses one operation
// (Arianee's reserveOne) skips the encoding on every call. One-off operations are not cached.
const builtPaths = new WeakMap<Operation<unknown>, string>();

function pathAndQuery(op: Operation<unknown>): string {
  const cached = builtPaths.get(op);
  if (cached !== undefined) return cached;
  const built = buildPathAndQuery(op);
  if (Object.isFrozen(op) && (op.query === undefined || Object.isFrozen(op.query))) builtPaths.set(op, built);
  return built;
}

function buildPathAndQuery(op: Operation<unknown>): string {
  if (!op.query) return op.path;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(op.query)) {
    // Commas stay literal: providers use them as list separators (Arianee tags, DIDWW filters).
    if (value !== undefined) parts.push(`${encodeQuery(key)}=${encodeQuery(value)}`);
  }
  return parts.length ? `${op.path}?${parts.join('&')}` : op.path;
}

function encodeQuery(value: string): string {
  return encodeURIComponent(value).replaceAll('%2C', ',');
}
