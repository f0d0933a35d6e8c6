import { $ZodError } from 'zod/v4/core';
import { type AccessTokenSpec, AccessTokens, TokenHeader } from './access-token.js';
import type { ResultMeta, WithMeta } from './api-promise.js';
import { fullJitterDelay } from './backoff.js';
import type { BaseUrl } from './base-url.js';
import { nextCallId } from './call-id.js';
import { isCallTraced, traceCall } from './call-tracing.js';
import { CredentialHeader, CredentialSourceError, type HeaderValue } from './credential.js';
import { installDebugLog } from './debug-log.js';
import { createSender } from './default-sender.js';
import { isObserved, publish, type RequestEventBase } from './diagnostics.js';
import {
  createApiError,
  fallbackMessage,
  type HttpResponse,
  kindFromCode,
  kindFromStatus,
  type ProviderErrorInfo,
} from './error-mapping.js';
import {
  AbortedError,
  ApiError,
  ClientClosedError,
  ConflictError,
  ConnectionError,
  InputValidationError,
  type Outcome,
  type ProviderName,
  RateLimitError,
  ReconcileError,
  ReservationError,
  ResponseValidationError,
  settleError,
  TimeoutError,
} from './errors.js';
import type { CallOptions, OnceOperation, Operation } from './operation.js';
import { pathAndQuery } from './operation.js';
import { DEFAULTS, type TransportOptions } from './options.js';
import { checkCallOptions, markChecked } from './options-schema.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Secrets } from './redact.js';
import {
  type HeaderOwners,
  lowerCased,
  type RequestHeaders,
  reservedHeaderReason,
} from './request-headers.js';
import { MalformedBodyError, type ParsedBody, parseBody, syntaxErrorPosition } from './response-body.js';
import { parseRetryAfter } from './retry-after.js';
import { RetryBudget } from './retry-budget.js';
import {
  type AttemptVerdict,
  decideRetry,
  mayHaveActed,
  type RetryTiming,
  worstOutcome,
} from './retry-decision.js';
import { runtimeTag } from './runtime.js';
import { bodyText, type Sender } from './sender.js';
import { DeadlineReached, sleep } from './sleep.js';
import { VERSION } from './version.js';
import { AttemptFailure, type OutgoingRequest, type RawResponse } from './wire.js';
import { describeIssues, toIssues, type ZodIssue } from './zod-issues.js';

export type { CallOptions, Effect, Lookup, Operation } from './operation.js';

/** What a provider module tells the transport once, when its client is built. */
export interface ProviderProfile {
  provider: ProviderName;
  baseUrl: BaseUrl;
  /**
   * Sent on every request (auth, accept, API version). A {@link CredentialHeader} (a key given as a
   * function) is read before each request.
   */
  headers: Record<string, HeaderValue>;
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
  /**
   * The client's other key functions, whose header only some operations send (Dots.eco's
   * read-only token). Read with the others before every request, so that each key the client holds
   * is redacted from every call, as a key given as a string is.
   */
  keySources?: readonly CredentialHeader[] | undefined;
  /**
   * Bearer tokens minted from the key (DIDWW 2026-11-19): the transport mints them at the token
   * service, keeps them in the store, sends them in `header`, and after a 401 mints once and resends
   * once (docs/didww.md, "Bearer tokens").
   */
  accessToken?: AccessTokenSpec | undefined;
}

// Most calls send no minted token: they share one empty list instead of allocating their own.
const NO_TOKENS: readonly (readonly [TokenHeader, string])[] = [];

/** Keys a key function gave that a client keeps redacting after it rotated them out. */
const ROTATED_KEYS_KEPT = 16;

// Statuses after which the same request a little later may succeed.
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** One logical call: every attempt, wait and lookup of one `run()`. */
interface Call {
  /** On the call's result, error, events and trace (docs/observability.md, "Call ids"). */
  readonly id: string;
  readonly op: Operation<unknown>;
  /** Grows when a key function gives a key: every key the call sent is redacted from what it prints. */
  secrets: Secrets;
  readonly signal: AbortSignal | undefined;
  /** Told the result's metadata (a lookup's page: see `CallOptions.onResultMeta`). */
  readonly onResultMeta: ((meta: ResultMeta) => void) | undefined;
  /** The call's own headers (`RequestOptions.headers`), checked, names lower-cased. */
  readonly headers: RequestHeaders | undefined;
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxRetries: number;
  /** `performance.now()` time by which everything — limiter waits, attempts, backoff, lookups — ends. */
  readonly deadline: number;
  attempts: number;
  totalRetryDelayMs: number;
  budgetSpent: number;
  /** The most the provider may have done over the attempts so far. */
  outcome: Outcome;
  reconciled: boolean;
  /** The minted tokens the last attempt sent, for a 401 to refuse. */
  sentTokens: readonly (readonly [TokenHeader, string])[];
  /** An attempt was resent with a fresh token already: a second 401 ends the call. */
  credentialRefreshed: boolean;
}

/** An attempt that failed: its error, and what it says for the retry rules. */
interface Failed {
  error: ReservationError;
  verdict: AttemptVerdict;
}

/**
 * The one transport every provider client uses: connections, timeouts, abort, retries, body
 * parsing, validation, redaction and error mapping live here and nowhere else.
 *
 * Retries are an explicit loop around a pure decision ({@link decideRetry}) rather than p-retry:
 * p-retry computes its own waits and cannot wait for a `Retry-After`, end at a deadline shared
 * with lookups, or look up before a resend (docs/transport.md, "Why not p-retry").
 */
export class Transport {
  readonly #profile: ProviderProfile;
  readonly #options: TransportOptions;
  /** Sends each attempt: undici's dispatch API or fetch (sender.ts). */
  readonly #sender: Sender;
  /** Whether `close()` closes the sender: not when it is the client's it was lent by (a token service). */
  readonly #ownsSender: boolean;
  readonly #budget: RetryBudget | undefined;
  readonly #timing: RetryTiming;
  readonly #baseHeaders: Record<string, string>;
  /** The profile's headers read before each request (keys given as functions); usually none. */
  readonly #credentialHeaders: readonly (readonly [string, CredentialHeader])[];
  /** Every key function of the client: read before each request, sent or not (see `keySources`). */
  readonly #keySources: readonly CredentialHeader[];
  /**
   * The profile's secrets and the keys its functions gave lately ({@link ROTATED_KEYS_KEPT}):
   * what every call starts redacting, so that a key rotated out still never shows.
   */
  #secrets: Secrets;
  #rotatedKeys: string[] = [];
  readonly #jsonHeaders: Record<string, string>;
  /** What a call's own headers may not replace, and why (request-headers.ts). */
  readonly #headerOwners: HeaderOwners;
  /** Aborted by `close()`: ends every pending wait at once. */
  readonly #closing = new AbortController();
  /** Calls not settled yet; `close()` waits for them. These promises never reject. */
  readonly #inFlight = new Set<Promise<void>>();
  #closed: Promise<void> | undefined;
  /** The token service's transport (same sockets and options), when the profile mints tokens. */
  readonly #tokenService: Transport | undefined;

  /**
   * @param lentSender the sender of the client this transport serves (a token service shares its
   *   client's sockets); the client closes it, not this transport.
   */
  constructor(profile: ProviderProfile, options: TransportOptions = {}, lentSender?: Sender) {
    installDebugLog();
    this.#profile = profile;
    this.#options = options;
    this.#ownsSender = lentSender === undefined;
    this.#sender = lentSender ?? createSender(options, options.timeoutMs ?? DEFAULTS.timeoutMs);
    this.#budget = options.retryBudget === false ? undefined : new RetryBudget(options.retryBudget);
    const baseDelayMs = options.retry?.baseDelayMs ?? DEFAULTS.baseDelayMs;
    const maxDelayMs = options.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs;
    this.#timing = {
      baseDelayMs,
      maxDelayMs,
      maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
      backoff: (retry) => fullJitterDelay(retry, baseDelayMs, maxDelayMs),
    };
    const userAgent = `reservekit/${VERSION} ${runtimeTag()}${options.userAgentSuffix ? ` ${options.userAgentSuffix}` : ''}`;
    // Header objects are built once per client, not per request.
    const fixed: Record<string, string> = {};
    const read: [string, CredentialHeader][] = [];
    for (const [name, value] of Object.entries(profile.headers)) {
      if (value instanceof CredentialHeader) read.push([name, value]);
      else fixed[name] = value;
    }
    const tokenSpec = profile.accessToken;
    if (tokenSpec) {
      // The token service shares this client's sockets, timeouts, retry rules and hooks.
      const service = new Transport(tokenSpec.service, options, this.#sender);
      this.#tokenService = service;
      const tokens = new AccessTokens(
        tokenSpec,
        async (key) => (await service.run(tokenSpec.mint(key))).data,
      );
      read.push([tokenSpec.header, new TokenHeader(tokenSpec, tokens)]);
    }
    this.#credentialHeaders = read;
    this.#keySources = [...new Set([...read.map(([, header]) => header), ...(profile.keySources ?? [])])];
    this.#secrets = profile.secrets;
    this.#baseHeaders = { 'user-agent': userAgent, ...fixed };
    this.#jsonHeaders = { ...this.#baseHeaders, 'content-type': profile.jsonContentType };
    this.#headerOwners = {
      credentialHeaders: credentialHeaderNames(profile),
      jsonContentType: profile.jsonContentType,
    };
  }

  get provider(): ProviderName {
    return this.#profile.provider;
  }

  /**
   * The text with the client's secrets removed: for what a provider module prints outside a
   * request (a refused `links.next`).
   */
  redactText(text: string): string {
    return this.#secrets.redactText(text);
  }

  /** Runs an operation with the retry rules its effect implies: its data and metadata. */
  run<T>(op: Operation<T>, options: CallOptions = {}): Promise<WithMeta<T>> {
    // Every call comes through here: its options are checked once, before anything else.
    let checked: CallOptions;
    try {
      checked = checkCallOptions(options, this.provider, op.name);
      if (checked.headers) this.#checkCallHeaders(checked.headers, op.name);
    } catch (error) {
      return Promise.reject(error);
    }
    const call = this.#startCall(op as Operation<unknown>, checked);
    // Traced only when someone subscribes to `reservekit:call`: otherwise nothing is built.
    if (!isCallTraced()) return this.#execute(call) as Promise<WithMeta<T>>;
    return traceCall(this.#traceStart(call, checked), () => this.#execute(call)) as Promise<WithMeta<T>>;
  }

  #execute(call: Call): Promise<WithMeta<unknown>> {
    if (this.#closed) return Promise.reject(this.#closedError(call));
    if (call.signal?.aborted)
      return Promise.reject(this.#settle(call, this.#aborted(call, call.signal.reason)));
    const running = this.#runCall(call);
    const settled = running.then(noop, noop);
    this.#inFlight.add(settled);
    void settled.then(() => this.#inFlight.delete(settled));
    return running;
  }

  #traceStart(call: Call, options: CallOptions) {
    const op = call.op;
    const base = this.#profile.baseUrl;
    return {
      callId: call.id,
      parentCallId: options.parentCallId,
      provider: this.provider,
      operation: op.name,
      effect: op.effect,
      method: op.method,
      url: call.secrets.redactText(base.origin + base.pathPrefix + pathAndQuery(op)),
      urlTemplate: call.secrets.redactText(base.origin + base.pathPrefix + (op.route ?? op.path)),
    };
  }

  /**
   * Refuses, before anything is sent, a call's header that the client owns (its credential, the
   * body's content type, what the HTTP layer writes): docs/transport.md, "Per-call headers".
   *
   * @param path Where the caller wrote them: `options.headers`, or `headers` of `client.request()`.
   * @throws {InputValidationError} naming each refused header and why.
   */
  checkCallHeaders(headers: RequestHeaders, operation: string, path: readonly string[]): void {
    const issues: ZodIssue[] = [];
    for (const name of Object.keys(headers)) {
      const reason = reservedHeaderReason(name.toLowerCase(), this.#headerOwners);
      if (reason) issues.push({ path: [...path, name], code: 'custom', message: reason });
    }
    if (issues.length === 0) return;
    throw new InputValidationError({
      provider: this.provider,
      operation,
      message: `${operation}: invalid arguments: ${describeIssues(issues)}`,
      issues,
    });
  }

  #checkCallHeaders(headers: RequestHeaders, operation: string): void {
    this.checkCallHeaders(headers, operation, ['options', 'headers']);
  }

  #startCall(op: Operation<unknown>, options: CallOptions): Call {
    const totalTimeoutMs = options.totalTimeoutMs ?? this.#options.totalTimeoutMs ?? DEFAULTS.totalTimeoutMs;
    const ownDeadline = performance.now() + totalTimeoutMs;
    return {
      id: nextCallId(),
      op,
      secrets: op.secrets?.length ? this.#secrets.with(op.secrets) : this.#secrets,
      signal: options.signal,
      headers: options.headers && lowerCased(options.headers),
      onResultMeta: options.onResultMeta,
      timeoutMs: options.timeoutMs ?? this.#options.timeoutMs ?? DEFAULTS.timeoutMs,
      totalTimeoutMs,
      maxRetries: options.maxRetries ?? this.#options.maxRetries ?? DEFAULTS.maxRetries,
      deadline: options.deadlineAt === undefined ? ownDeadline : Math.min(ownDeadline, options.deadlineAt),
      attempts: 0,
      totalRetryDelayMs: 0,
      budgetSpent: 0,
      outcome: 'not_sent',
      reconciled: false,
      sentTokens: NO_TOKENS,
      credentialRefreshed: false,
    };
  }

  /** The retry loop: attempt, decide, wait, maybe look up, attempt again. */
  async #runCall(call: Call): Promise<WithMeta<unknown>> {
    for (;;) {
      const result = await this.#attempt(call);
      if (!('verdict' in result)) {
        this.#budget?.refund(call.budgetSpent);
        call.onResultMeta?.(result.meta);
        return result;
      }
      const { error, verdict } = result;
      // A token the provider refused is never sent again, whether this call resends or not.
      if (verdict.credentialRejected)
        for (const [header, token] of call.sentTokens) header.tokens.reject(token);
      const decision = decideRetry(verdict, this.#standing(call, verdict), this.#timing);
      if (decision.action === 'stop') throw this.#settle(call, error, verdict.transient);
      if (decision.action === 'resend' && decision.reason === 'credential-refresh') {
        // Not a retry: the provider did not act. The next read of the token header mints anew.
        call.credentialRefreshed = true;
        this.#publishRetry(call, error, 0, decision.reason);
        continue;
      }
      if (decision.action === 'resend') {
        call.budgetSpent += this.#budget?.trySpend(verdict.timedOut === true) ?? 0;
        this.#publishRetry(call, error, decision.delayMs, decision.reason);
      }
      await this.#wait(call, decision.delayMs);
      if (decision.action === 'resend') {
        if (decision.lookUpFirst) {
          const found = await this.#lookUp(call, error);
          if (found) return found;
        }
        continue;
      }
      // A last lookup before giving up: it may still turn an unknown outcome into the result.
      // A duplicate refusal proved the item exists: then we only could not read it (yet).
      if (verdict.refusal === 'exists') call.outcome = 'applied';
      const found = await this.#lookUp(call, error, verdict.refusal);
      if (found) return found;
      throw this.#notFound(call, error, verdict);
    }
  }

  #standing(call: Call, verdict: AttemptVerdict) {
    const op = call.op;
    return {
      effect: op.effect,
      canLookUp: op.effect === 'once' && op.lookup !== undefined,
      attempts: call.attempts,
      maxRetries: call.maxRetries,
      mayHaveActed: mayHaveActed(call.outcome),
      msLeft: call.deadline - performance.now(),
      canAfford: this.#budget?.canSpend(verdict.timedOut === true) ?? true,
      canRefreshCredential: !call.credentialRefreshed,
    };
  }

  /** One attempt: the result, or the error and its verdict. Throws nothing. */
  async #attempt(call: Call): Promise<WithMeta<unknown> | Failed> {
    const op = call.op;
    const remaining = call.deadline - performance.now();
    if (remaining <= 0) return finalFailure(this.#deadlineError(call));
    if (this.#closed) return finalFailure(this.#closedError(call));
    // No await without a limiter: it would cost a microtask on every call.
    const limiter = this.#profile.rateLimiter;
    if (limiter) {
      try {
        await limiter.acquire(this.#waitSignal(call), call.deadline);
      } catch (reason) {
        // Nothing of this attempt was sent, whatever failed (a fleet limiter's Redis, say).
        return finalFailure(this.#interrupted(call, reason, 'not_sent'));
      }
    }

    // Keys given as functions are read now, for this attempt; no await when there are none.
    let keyed: Record<string, string> | undefined;
    const toRead = this.#headersToRead(op);
    if (toRead || this.#keySources.length > 0) {
      try {
        keyed = await this.#readCredentials(call, toRead);
      } catch (reason) {
        if (reason instanceof CredentialSourceError) return finalFailure(this.#credentialError(call, reason));
        if (reason instanceof ReservationError) return this.#tokenFailed(call, reason);
        // A key function or token store that failed its own way: nothing of this attempt was sent.
        return finalFailure(this.#interrupted(call, reason, 'not_sent'));
      }
    }

    let request: OutgoingRequest;
    try {
      request = this.#buildRequest(call, keyed);
    } catch (thrown) {
      // Nothing was sent: an operation whose body cannot be serialised is a bug, not an outcome.
      return finalFailure(this.#unexpected(call, thrown, 'not_sent').error);
    }
    const attemptTimeout = Math.min(call.timeoutMs, call.deadline - performance.now());
    // A limiter's token can come a little after the deadline (a late timer): then nothing is sent,
    // and undici never gets a timeout it would refuse (a negative one).
    if (attemptTimeout <= 0) return finalFailure(this.#deadlineError(call));
    // An attempt is a request sent: the checks and waits above are not.
    call.attempts += 1;
    // Events are built only when someone listens; publish() skips the kinds nobody listens to.
    const hooks = this.#options.hooks;
    const eventBase =
      isObserved('request', hooks) || isObserved('response', hooks) || isObserved('error', hooks)
        ? this.#eventBase(op, request, call)
        : undefined;
    if (eventBase) publish('request', eventBase, hooks);
    const started = performance.now();

    let failed: Failed;
    try {
      const raw = await this.#sender.send(request, attemptTimeout, this.#maxBytes(op), call.signal);
      const requestId = this.#requestId(call, raw.headers);
      if (eventBase) {
        const durationMs = performance.now() - started;
        publish('response', { ...eventBase, status: raw.status, requestId, durationMs }, hooks);
      }
      const answer = this.#answer(call, raw, requestId);
      if (!('verdict' in answer)) {
        const secrets = call.secrets;
        const headers = () => secrets.redactHeaders(raw.headers);
        return { data: answer.data, meta: this.#meta(call, raw.status, requestId, headers) };
      }
      failed = answer;
    } catch (thrown) {
      failed =
        thrown instanceof AttemptFailure
          ? this.#failureToError(thrown, call, attemptTimeout)
          : this.#unexpected(call, thrown);
    }
    call.outcome = worstOutcome(call.outcome, failed.verdict.outcome);
    if (eventBase)
      publish('error', { ...eventBase, error: failed.error, durationMs: performance.now() - started }, hooks);
    return failed;
  }

  /**
   * The headers whose value a key function gives, for this operation: the profile's, unless the
   * operation sets the header itself, and the operation's own. `undefined` when there are none.
   */
  #headersToRead(op: Operation<unknown>): Map<string, CredentialHeader> | undefined {
    let toRead: Map<string, CredentialHeader> | undefined;
    if (this.#credentialHeaders.length > 0) toRead = new Map(this.#credentialHeaders);
    if (op.headers) {
      for (const [name, value] of Object.entries(op.headers)) {
        if (value instanceof CredentialHeader) {
          toRead ??= new Map();
          toRead.set(name, value);
        } else toRead?.delete(name);
      }
    }
    return toRead?.size ? toRead : undefined;
  }

  /**
   * Reads every key function of the client and of this request, each key checked and added to the
   * call's secrets (and the client's, for a while) before anything can print it: a server may echo
   * a key of the client that this request did not send. Only the keys sent must be read: a key
   * function not needed here that fails is left out. Ends at the call's deadline, at its abort and
   * at `close()`: a key function that never settles does not hang the call.
   *
   * @returns the values of the headers `toRead` names; `undefined` when none comes from a function.
   * @throws {CredentialSourceError} when a function whose key is sent fails or gives no valid key.
   */
  async #readCredentials(
    call: Call,
    toRead: Map<string, CredentialHeader> | undefined,
  ): Promise<Record<string, string> | undefined> {
    const sent = new Set(toRead?.values());
    call.sentTokens = NO_TOKENS;
    const reading = Promise.all(
      [...new Set([...sent, ...this.#keySources])].map(async (header) => {
        try {
          return [header, await header.resolve()] as const;
        } catch (error) {
          if (sent.has(header)) throw error;
          return [header, undefined] as const;
        }
      }),
    );
    const signal = this.#waitSignal(call);
    let stop: (() => void) | undefined;
    const interrupted = new Promise<never>((_, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal.reason);
      const timer = setTimeout(() => reject(new DeadlineReached()), call.deadline - performance.now());
      signal.addEventListener('abort', onAbort, { once: true });
      stop = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
    });
    try {
      const resolved = new Map(await Promise.race([reading, interrupted]));
      const keys: string[] = [];
      const tokens: (readonly [TokenHeader, string])[] = [];
      for (const [header, read] of resolved) {
        if (!read) continue;
        keys.push(...read.secrets);
        if (header instanceof TokenHeader && sent.has(header) && 'token' in read)
          tokens.push([header, read.token as string]);
      }
      for (const key of keys) this.#rememberKey(key);
      call.secrets = call.secrets.with(keys);
      call.sentTokens = tokens;
      if (!toRead) return undefined;
      const values: Record<string, string> = {};
      for (const [name, header] of toRead) values[name] = (resolved.get(header) as { value: string }).value;
      return values;
    } finally {
      stop?.();
    }
  }

  /** Keeps a key a function gave among the client's secrets, the most recent few. */
  #rememberKey(key: string): void {
    if (this.#rotatedKeys.includes(key)) return;
    this.#rotatedKeys = [...this.#rotatedKeys, key].slice(-ROTATED_KEYS_KEPT);
    this.#secrets = this.#profile.secrets.with(this.#rotatedKeys);
  }

  /**
   * No token could be minted for this attempt: nothing was sent to the provider's API. The call's
   * error is of the mint's class (an `AuthenticationError` for a 401 or 403 from the token service),
   * names this call, and has the mint's error as its cause.
   */
  #tokenFailed(call: Call, failure: ReservationError): Failed {
    const common = {
      provider: this.provider,
      operation: call.op.name,
      message: `${call.op.name}: no access token could be minted, so nothing was sent (${call.secrets.redactText(failure.message)})`,
      outcome: 'not_sent' as const,
      cause: failure,
    };
    let error: ReservationError;
    if (failure instanceof ApiError)
      error = createApiError(kindFromCode(failure.code), {
        ...common,
        status: failure.status,
        providerCode: failure.providerCode,
        providerMessage: failure.providerMessage,
        details: failure.details,
        requestId: failure.requestId,
        headers: failure.headers,
        body: failure.body,
        retryAfterMs: failure instanceof RateLimitError ? failure.retryAfterMs : undefined,
      });
    else if (failure instanceof TimeoutError)
      error = new TimeoutError({ ...common, scope: failure.scope, timeoutMs: failure.timeoutMs });
    else if (failure instanceof ResponseValidationError)
      error = new ResponseValidationError({
        ...common,
        status: failure.status,
        requestId: failure.requestId,
        issues: failure.issues,
      });
    else if (failure instanceof ConnectionError)
      error = new ConnectionError({ ...common, systemCode: failure.systemCode });
    else return finalFailure(this.#interrupted(call, failure));
    // The mint's own retries are spent: a later call may mint, this one ends here.
    return { error, verdict: { outcome: 'not_sent', transient: failure.retryable, final: true } };
  }

  /** A key function gave no key: nothing was sent; the error names the option, never the value. */
  #credentialError(call: Call, failure: CredentialSourceError): ReservationError {
    const issues: ZodIssue[] = [{ path: [failure.option], code: 'custom', message: failure.problem }];
    return new InputValidationError({
      provider: this.provider,
      operation: call.op.name,
      message: `${call.op.name}: ${failure.message}`,
      issues,
    });
  }

  /** Reads a response: the decoded data, or the error it is. */
  #answer(call: Call, raw: RawResponse, requestId: string | undefined): { data: unknown } | Failed {
    const op = call.op;
    const ok = (raw.status >= 200 && raw.status < 300) || op.acceptStatus?.(raw.status) === true;
    let body: ReturnType<typeof parseBody>;
    let malformed: MalformedBodyError | undefined;
    try {
      body = parseBody(raw);
    } catch (error) {
      if (!(error instanceof MalformedBodyError)) throw error;
      // Not JSON after all: an error body keeps its text for the message, and a 2xx body is handed
      // to the decoder as text (a plain link sent with a JSON content type is still a link).
      malformed = error;
      body = { kind: 'text', value: bodyText(raw.body), html: false };
    }
    const response: HttpResponse = { status: raw.status, headers: raw.headers, body, requestId };
    if (!ok) return this.#apiError(call, response);
    try {
      return { data: op.decode(response) };
    } catch (error) {
      if (malformed)
        return this.#invalidResponse(call, raw.status, requestId, malformed.message, malformed, []);
      if (error instanceof $ZodError) {
        const reason = 'response does not match the documented schema';
        return this.#invalidResponse(call, raw.status, requestId, reason, error, toIssues(error));
      }
      // A JSON SyntaxError quotes the text it could not parse (a passphrase, a code): only its
      // position is kept, and not the error itself.
      if (error instanceof SyntaxError) {
        const reason = `response could not be read (malformed JSON${syntaxErrorPosition(error)})`;
        return this.#invalidResponse(call, raw.status, requestId, reason, undefined, []);
      }
      const reason = `response could not be read (${call.secrets.redactText(String((error as Error)?.message ?? error))})`;
      return this.#invalidResponse(call, raw.status, requestId, reason, call.secrets.redactError(error), []);
    }
  }

  /** Looks up what an earlier attempt whose outcome is unknown did: the result, or `undefined`. */
  async #lookUp(
    call: Call,
    lastError: ReservationError,
    afterRefusal?: 'exists' | 'maybe',
  ): Promise<WithMeta<unknown> | undefined> {
    const op = call.op as OnceOperation<unknown>;
    const lookup = op.lookup as NonNullable<OnceOperation<unknown>['lookup']>;
    let found: unknown;
    // The headers of the last answer the lookup read: the one that held what it found.
    let foundHeaders: Readonly<Record<string, string>> = {};
    try {
      // Made of the call's checked values; `deadlineAt` is the transport's own key, not an option.
      const lookupOptions = markChecked({
        signal: call.signal,
        timeoutMs: call.timeoutMs,
        maxRetries: call.maxRetries,
        deadlineAt: call.deadline,
        parentCallId: call.id,
        // A trace id the caller set goes on the lookup's requests too.
        ...(call.headers ? { headers: call.headers } : {}),
        onResultMeta: (meta: ResultMeta) => {
          foundHeaders = meta.headers;
        },
      });
      found = await lookup.find(lookupOptions, { afterRefusal });
    } catch (error) {
      throw this.#lookupFailed(call, error, lastError);
    }
    const event = {
      callId: call.id,
      provider: this.provider,
      operation: op.name,
      attempt: call.attempts,
      found: found !== undefined,
    };
    publish('reconcile', event, this.#options.hooks);
    if (found === undefined) return undefined;
    call.reconciled = true;
    const headers = foundHeaders;
    return { data: found, meta: this.#meta(call, 200, undefined, () => headers) };
  }

  /**
   * The lookup failed. Its own outcome says nothing about the create, which may still have acted:
   * the create's error says so, with the lookup's error as its cause.
   */
  #lookupFailed(call: Call, thrown: unknown, lastError: ReservationError): ReservationError {
    // The lookup is a call of its own, with its own secrets: the create's (a redeem code) go too.
    const error = call.secrets.redactError(thrown);
    // The lookup judged the id taken by an item with other fields (it names the create, not
    // itself): an answer, not a failure to look.
    if (error instanceof ConflictError && error.operation === call.op.name)
      return this.#settle(call, error, false);
    if (call.signal?.aborted) return this.#settle(call, this.#aborted(call, call.signal.reason, error));
    if (this.#closed) return this.#closedError(call, error);
    if (error instanceof TimeoutError && error.scope === 'total')
      return this.#settle(call, this.#deadlineError(call, error));
    const reconcile = new ReconcileError({
      message: `${lastError.message}; looking up what an earlier attempt did failed (${errorDetail(error, call)})`,
      provider: this.provider,
      operation: call.op.name,
      outcome: call.outcome,
      cause: error,
    });
    return this.#settle(call, reconcile, false);
  }

  /**
   * The last lookup found nothing. The attempt's error stands (with the call's outcome) — unless
   * the provider refused a resend as a duplicate of what exists: that says the lost attempt acted,
   * so the error is a ReconcileError (applied, not confirmed), not a conflict, the refusal its cause.
   */
  #notFound(call: Call, error: ReservationError, verdict: AttemptVerdict): ReservationError {
    if (verdict.refusal !== 'exists') return this.#settle(call, error);
    const reconcile = new ReconcileError({
      message: `${error.message}; an earlier attempt's answer was lost, so the item exists, but the lookup did not find it yet`,
      provider: this.provider,
      operation: call.op.name,
      outcome: call.outcome,
      cause: error,
    });
    return this.#settle(call, reconcile);
  }

  /** Waits before the next step; the caller's abort, `close()` and the deadline end the wait. */
  async #wait(call: Call, delayMs: number): Promise<void> {
    if (this.#closed) throw this.#closedError(call);
    try {
      await sleep(delayMs, this.#waitSignal(call));
    } catch (reason) {
      throw this.#settle(call, this.#interrupted(call, reason));
    }
    call.totalRetryDelayMs += delayMs;
  }

  #waitSignal(call: Call): AbortSignal {
    return call.signal ? AbortSignal.any([call.signal, this.#closing.signal]) : this.#closing.signal;
  }

  /**
   * The error of a wait (limiter, key reading, backoff) that did not run to its end. `outcome` is
   * what this step may have done when it failed unexpectedly: `not_sent` for the waits before an
   * attempt is sent (the call's earlier attempts still count: #settle).
   */
  #interrupted(call: Call, reason: unknown, outcome: Outcome = 'unknown'): ReservationError {
    if (call.signal?.aborted) return this.#aborted(call, call.signal.reason);
    if (this.#closed) return this.#closedError(call);
    if (reason instanceof DeadlineReached) return this.#deadlineError(call);
    return this.#unexpected(call, reason, outcome).error;
  }

  /**
   * Sets on the error what only the end of the call knows: the outcome over every attempt (never
   * less than an earlier attempt's), retryability, what to look up, attempts and delays.
   */
  #settle(call: Call, error: ReservationError, transient = false): ReservationError {
    const op = call.op;
    const merged = worstOutcome(call.outcome, error.outcome);
    const unresolved = op.effect === 'once' && mayHaveActed(merged);
    let note = '';
    if (unresolved)
      note =
        merged === 'applied'
          ? `; the provider acted (${op.unknownOutcomeNote})`
          : `; ${op.unknownOutcomeNote}`;
    settleError(error, {
      outcome: merged,
      // A call that may have acted is never to be retried blindly: look it up (lookupKey) first.
      retryable: transient && !unresolved,
      lookupKey: unresolved && op.effect === 'once' ? (op.lookup?.key ?? op.lookupKey) : undefined,
      attempts: call.attempts,
      totalRetryDelayMs: call.totalRetryDelayMs,
      callId: call.id,
      note,
    });
    return error;
  }

  #failureToError(failure: AttemptFailure, call: Call, attemptTimeout: number): Failed {
    const op = call.op;
    const outcome = this.#outcomeOf(
      op,
      failure.sent ? (isSuccess(failure.status) ? 'applied' : 'unknown') : 'not_sent',
    );
    const common = { provider: this.provider, operation: op.name, outcome };
    const after = failure.sent ? ' (after the request was sent)' : '';
    switch (failure.reason) {
      case 'aborted':
        return finalFailure(this.#aborted(call, failure.cause, undefined, outcome));
      case 'timeout': {
        if (attemptTimeout < call.timeoutMs) {
          const error = this.#deadlineError(call, undefined, outcome);
          return { error, verdict: { outcome, transient: false, final: true } };
        }
        const message = `${op.name} timed out after ${attemptTimeout} ms (timeoutMs ${call.timeoutMs})${after}`;
        const error = new TimeoutError({
          ...common,
          message,
          scope: 'attempt',
          timeoutMs: call.timeoutMs,
          cause: call.secrets.redactError(failure.cause),
        });
        return { error, verdict: { outcome, transient: true, timedOut: true } };
      }
      case 'refused': {
        // A request the dispatcher will not take (a header value undici cannot send, a MockAgent
        // with no match): final, since sending it again would be refused again. Nothing was sent.
        const detail = errorDetail(failure.cause, call);
        const error = new ConnectionError({
          ...common,
          message: `${op.name}: the request was refused before it was sent (${detail})`,
          systemCode: failure.systemCode,
          cause: call.secrets.redactError(failure.cause),
        });
        return finalFailure(error);
      }
      case 'too_large':
        return this.#invalidResponse(
          call,
          failure.status ?? 200,
          undefined,
          `response body exceeds ${op.responseSize === 'list' ? 'maxListResponseBytes' : 'maxResponseBytes'} (${this.#maxBytes(op)})`,
          undefined,
          [],
        );
      default: {
        // undici's errors, or a custom dispatcher's, may quote the request (its path, its headers).
        const cause = call.secrets.redactError(failure.cause as Error | undefined);
        const message = `${op.name}: ${cause?.message || 'connection failed'}${after}`;
        const error = new ConnectionError({ ...common, message, systemCode: failure.systemCode, cause });
        return { error, verdict: { outcome, transient: true } };
      }
    }
  }

  #apiError(call: Call, response: HttpResponse): Failed {
    const op = call.op;
    const secrets = call.secrets;
    // The class and code are read from what the provider sent; every text printed comes from a
    // redacted copy, so that a parser that stringifies, quotes or cuts the body (to 300 characters)
    // works on text without secrets: redact first, then cut.
    const describe = (of: HttpResponse) => {
      const info = this.#profile.describeError(of);
      return op.refineError ? op.refineError(of, info) : info;
    };
    const info = describe(response);
    const body = redactBody(secrets, response.body);
    const printable = body === response.body ? info : describe({ ...response, body });
    const kind = info.kind ?? kindFromStatus(response.status);
    const providerMessage =
      printable.message === undefined ? undefined : secrets.redactText(printable.message);
    const providerCode = info.providerCode === undefined ? undefined : secrets.redactText(info.providerCode);
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    // A 503 with Retry-After is a planned refusal; any other 5xx may come from a gateway after the
    // provider acted (PROVIDERS.md, "Decisions"), and so may a 408 (a proxy that gave up waiting).
    const planned = response.status === 503 && retryAfterMs !== undefined;
    const refused = planned || (response.status < 500 && response.status !== 408);
    const outcome = this.#outcomeOf(op, refused ? 'rejected' : 'unknown');
    const text = providerMessage ?? fallbackMessage(response.status, body);
    const error = createApiError(kind, {
      message: `${op.name} failed: ${response.status} ${secrets.redactText(text)}${providerCode ? ` [${providerCode}]` : ''}${info.hint ? ` — ${secrets.redactText(info.hint)}` : ''}`,
      provider: this.provider,
      operation: op.name,
      status: response.status,
      providerCode,
      providerMessage,
      details: secrets.redactValue(info.details),
      requestId: response.requestId,
      headers: secrets.redactHeaders(response.headers),
      body: body.kind === 'empty' ? undefined : body.value,
      outcome,
      retryAfterMs,
    });
    // After an attempt that may have acted, a refusal of the resend may be the provider refusing
    // what that attempt already did (a duplicate id, a number we hold).
    const refusal =
      op.effect === 'once' && mayHaveActed(call.outcome) && response.status < 500
        ? op.lookup?.explainRefusal?.(error)
        : undefined;
    const credentialRejected = response.status === 401 && call.sentTokens.length > 0;
    return {
      error,
      verdict: {
        outcome,
        transient: TRANSIENT_STATUS.has(response.status),
        retryAfterMs,
        refusal,
        credentialRejected,
      },
    };
  }

  #invalidResponse(
    call: Call,
    status: number,
    requestId: string | undefined,
    reason: string,
    cause: unknown,
    issues: ResponseValidationError['issues'],
  ): Failed {
    const outcome = this.#outcomeOf(call.op, isSuccess(status) ? 'applied' : 'rejected');
    const error = new ResponseValidationError({
      message: `${call.op.name}: ${reason}`,
      provider: this.provider,
      operation: call.op.name,
      status,
      requestId,
      issues,
      outcome,
      cause,
    });
    return { error, verdict: { outcome, transient: false, unreadable: true } };
  }

  /** Anything else thrown after a request may have gone: a bug, reported with the call's outcome. */
  #unexpected(call: Call, thrown: unknown, outcome: Outcome = 'unknown'): Failed {
    const detail = thrown instanceof Error ? call.secrets.redactText(thrown.message) : 'unexpected failure';
    const error = new ReservationError({
      message: `${call.op.name} failed unexpectedly: ${detail}`,
      code: 'api_error',
      provider: this.provider,
      operation: call.op.name,
      outcome: this.#outcomeOf(call.op, outcome),
      cause: call.secrets.redactError(thrown),
    });
    return { error, verdict: { outcome: error.outcome, transient: false, final: true } };
  }

  /** Reads change nothing: whatever happened to one, the provider did not act on anything. */
  #outcomeOf(op: Operation<unknown>, outcome: Outcome): Outcome {
    return op.effect === 'read' && mayHaveActed(outcome) ? 'rejected' : outcome;
  }

  #aborted(
    call: Call,
    reason: unknown,
    lookupError?: unknown,
    outcome: Outcome = call.outcome,
  ): AbortedError {
    const during = lookupError === undefined ? '' : ' while looking up what an earlier attempt did';
    return new AbortedError({
      message: `${call.op.name} was aborted${during}`,
      provider: this.provider,
      operation: call.op.name,
      outcome,
      cause: call.secrets.redactError(lookupError ?? reason),
    });
  }

  #deadlineError(call: Call, cause?: unknown, outcome: Outcome = call.outcome): TimeoutError {
    return new TimeoutError({
      message: `${call.op.name} ran out of its total time (totalTimeoutMs ${call.totalTimeoutMs})`,
      provider: this.provider,
      operation: call.op.name,
      scope: 'total',
      timeoutMs: call.totalTimeoutMs,
      outcome,
      cause,
    });
  }

  #closedError(call: Call, cause?: unknown): ReservationError {
    const waiting = call.attempts > 0 ? ' while it waited to try again' : '';
    return this.#settle(
      call,
      new ClientClosedError({
        message: `${call.op.name}: the client was closed${waiting}`,
        provider: this.provider,
        operation: call.op.name,
        outcome: call.outcome,
        cause,
      }),
    );
  }

  #publishRetry(
    call: Call,
    error: ReservationError,
    delayMs: number,
    reason: 'backoff' | 'retry-after' | 'credential-refresh',
  ): void {
    if (!isObserved('retry', this.#options.hooks)) return;
    const event = { ...this.#eventBase(call.op, this.#buildRequest(call), call), error, delayMs, reason };
    publish('retry', event, this.#options.hooks);
  }

  #buildRequest(call: Call, keyed?: Record<string, string>): OutgoingRequest {
    const op = call.op;
    const base = this.#profile.baseUrl;
    const path = base.pathPrefix + pathAndQuery(op);
    const hasBody = op.body !== undefined;
    const shared = hasBody ? this.#jsonHeaders : this.#baseHeaders;
    // The client's, the operation's (a read token), the keys just read, then the call's own: a new
    // object only when there is something to add.
    const headers =
      op.headers || call.headers || keyed ? mergeHeaders(shared, op.headers, keyed, call.headers) : shared;
    return {
      origin: base.origin,
      path,
      method: op.method,
      headers,
      body: hasBody ? JSON.stringify(op.body) : undefined,
    };
  }

  #eventBase(op: Operation<unknown>, request: OutgoingRequest, call: Call): RequestEventBase {
    return {
      callId: call.id,
      provider: this.provider,
      operation: op.name,
      method: request.method,
      url: call.secrets.redactText(request.origin + request.path),
      attempt: call.attempts,
    };
  }

  /**
   * The provider's request id, redacted: it goes into results, events and errors, and a server
   * may echo anything there. Cheap when it holds no secret (no pattern is built).
   */
  #requestId(call: Call, headers: Record<string, string>): string | undefined {
    for (const name of this.#profile.requestIdHeaders) {
      const value = headers[name];
      if (value) return call.secrets.redactText(value);
    }
    return undefined;
  }

  /**
   * A result's metadata. Its headers are redacted when first read: most results are awaited for
   * their data alone, and then nothing is spent on them.
   */
  #meta(
    call: Call,
    status: number,
    requestId: string | undefined,
    readHeaders: () => Readonly<Record<string, string>>,
  ): ResultMeta {
    let headers: Readonly<Record<string, string>> | undefined;
    return {
      callId: call.id,
      status,
      requestId,
      get headers() {
        headers ??= readHeaders();
        return headers;
      },
      attempts: call.attempts,
      totalRetryDelayMs: call.totalRetryDelayMs,
      reconciled: call.reconciled,
    };
  }

  /** The size cap of the operation's answers: a list read's own, or the single-item one. */
  #maxBytes(op: Operation<unknown>): number {
    return op.responseSize === 'list'
      ? (this.#options.maxListResponseBytes ?? DEFAULTS.maxListResponseBytes)
      : (this.#options.maxResponseBytes ?? DEFAULTS.maxResponseBytes);
  }

  /**
   * Closes the client: new calls are refused, calls waiting to retry end at once with a
   * `ClientClosedError` that carries their true outcome, and it resolves once every call in flight
   * has settled. Then the client's own sockets close (a dispatcher you passed in is left open).
   * Idempotent.
   */
  close(): Promise<void> {
    this.#closed ??= this.#shutDown();
    return this.#closed;
  }

  async #shutDown(): Promise<void> {
    this.#closing.abort(new ClientClosedError({ message: 'the client was closed', provider: this.provider }));
    await Promise.all([...this.#inFlight, this.#tokenService?.close()]);
    if (this.#ownsSender) await this.#sender.close();
  }
}

/**
 * The profile's headers that carry its credential: a value holding one of its secrets (a key, a
 * `Bearer <key>`). A call may not replace them (request-headers.ts).
 */
function credentialHeaderNames(profile: ProviderProfile): Set<string> {
  const names = new Set<string>();
  for (const [name, value] of Object.entries(profile.headers))
    if (value instanceof CredentialHeader || profile.secrets.redactText(value) !== value)
      names.add(name.toLowerCase());
  if (profile.accessToken) names.add(profile.accessToken.header);
  return names;
}

/** One request's headers; an operation's key-function headers come in `keyed`, already read. */
function mergeHeaders(
  shared: Record<string, string>,
  own: Record<string, HeaderValue> | undefined,
  keyed: Record<string, string> | undefined,
  call: RequestHeaders | undefined,
): Record<string, string> {
  const headers = { ...shared };
  if (own)
    for (const [name, value] of Object.entries(own)) if (typeof value === 'string') headers[name] = value;
  return Object.assign(headers, keyed, call);
}

/** A failure that ends the call whatever the rules say. */
function finalFailure(error: ReservationError): Failed {
  return { error, verdict: { outcome: error.outcome, transient: false, final: true } };
}

/** The body with every secret removed; the same object when it held none. */
function redactBody(secrets: Secrets, body: ParsedBody): ParsedBody {
  if (body.kind === 'empty') return body;
  const value = body.kind === 'json' ? secrets.redactValue(body.value) : secrets.redactText(body.value);
  return value === body.value ? body : ({ ...body, value } as ParsedBody);
}

/** An error's message, fit to print: secrets removed. */
function errorDetail(error: unknown, call: Call): string {
  return error instanceof Error ? call.secrets.redactText(error.message) : 'failed';
}

function isSuccess(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

function noop(): void {}
