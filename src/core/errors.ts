import type { ZodIssue } from './zod-issues.js';

/** Which provider a request went to. */
export type ProviderName = 'arianee' | 'didww' | 'dots';

/** A stable, provider-independent error code. Switch on it, or on the class. */
export type ErrorCode =
  | 'authentication_failed'
  | 'not_found'
  | 'rate_limited'
  | 'no_inventory'
  | 'provider_validation'
  | 'conflict'
  | 'server_error'
  | 'api_error'
  | 'invalid_input'
  | 'invalid_response'
  | 'timeout'
  | 'connection_failed'
  | 'aborted'
  | 'reconcile_failed'
  | 'client_closed';

/**
 * What the provider may have done with the request when it failed.
 * - `not_sent`: no byte reached the provider; nothing happened there.
 * - `rejected`: the provider answered with an error and did not act.
 * - `unknown`: the request may have been acted on (timeout or reset after sending, most 5xx).
 *   For a reservation this means an item **may have been reserved**.
 * - `applied`: the provider acted (2xx) but its answer could not be read or validated.
 */
export type Outcome = 'not_sent' | 'rejected' | 'unknown' | 'applied';

/**
 * What to look a reservation up by when a call's outcome is `unknown` or `applied`: the Dots.eco
 * offering's external unique id, the DIDWW number a hold was asked for, or what a DIDWW order named.
 * Arianee has none.
 */
export type LookupKey =
  | {
      /** The Dots.eco offering's `external_unique_id`: `ecoClubOfferings.findByExternalUniqueId(it)`. */
      readonly externalUniqueId: string;
    }
  | {
      /** The DIDWW available DID a hold was asked for: look among `didReservations.list()` for it. */
      readonly availableDidId: string;
    }
  | {
      /**
       * The DIDWW holds a lost order named (`did_reservation_id`). An order that was placed consumed
       * them, so `didReservations.get(id)` answers 404 — but so does a hold that lapsed: a 404 does
       * not prove the order. A hold still there proves that this order did not buy it.
       */
      readonly didReservationIds: readonly string[];
      /** The numbers in stock a lost order named (`available_did_id`); bought, they leave the stock. */
      readonly availableDidIds: readonly string[];
      /**
       * The order's `externalReferenceId`, when it was sent with one: an order that
       * `orders.list({ filter: { externalReferenceId } })` shows was placed.
       */
      readonly externalReferenceId?: string | undefined;
    };

/** Fields every reservekit error carries. */
export interface ReservationErrorInit {
  /** The error's message (no secrets). */
  message: string;
  /** See {@link ReservationError.code}. */
  code: ErrorCode;
  /** See {@link ReservationError.provider}. */
  provider?: ProviderName | undefined;
  /** See {@link ReservationError.operation}. */
  operation?: string | undefined;
  /** See {@link ReservationError.retryable}. Default `false`. */
  retryable?: boolean | undefined;
  /** See {@link ReservationError.outcome}. Default `not_sent`. */
  outcome?: Outcome | undefined;
  /** See {@link ReservationError.attempts}. Default 1. */
  attempts?: number | undefined;
  /** See {@link ReservationError.totalRetryDelayMs}. Default 0. */
  totalRetryDelayMs?: number | undefined;
  /** See {@link ReservationError.lookupKey}. */
  lookupKey?: LookupKey | undefined;
  /** The underlying error, kept as `error.cause`. */
  cause?: unknown;
}

/** Fields of an {@link ApiError}: every error's, plus what the provider answered. */
export interface ApiErrorInit extends Omit<ReservationErrorInit, 'code'> {
  /** Set by each subclass; `api_error` for a plain {@link ApiError}. */
  code?: ErrorCode;
  /** See {@link ApiError.status}. */
  status: number;
  /** See {@link ApiError.providerCode}. */
  providerCode?: string | undefined;
  /** See {@link ApiError.providerMessage}. */
  providerMessage?: string | undefined;
  /** See {@link ApiError.details}. */
  details?: unknown;
  /** See {@link ApiError.requestId}. */
  requestId?: string | undefined;
  /** See {@link ApiError.headers}. */
  headers?: Record<string, string> | undefined;
  /** See {@link ApiError.body}. */
  body?: unknown;
}

// Errors are branded, as undici does, so that `instanceof` holds across two installed copies of
// reservekit (a wrapper SDK bundling its own) and across the ESM and CJS builds. Each error carries
// the `kind` of every class of ours it is an instance of.
const KINDS = Symbol.for('reservekit.error.kinds');

type Branded = { [KINDS]?: readonly string[] };

// This copy's classes that are matched by brand, and their kinds. A class the user defines is not
// among them, even if it declares a `kind`: it is matched by its prototype chain (docs/errors.md,
// "Subclassing errors"). A map of this module, not a property, so that nothing outside can join it.
// The classes join it in one list after the last of them, not from their own bodies: a class that
// names itself inside its body is renamed by the bundler (`class _NoInventoryError`), and `name`
// is what errors print.
const BRANDS = new WeakMap<Function, string>();

function brand(ctor: Function & { readonly kind: string }): void {
  BRANDS.set(ctor, ctor.kind);
}

function kindsOf(ctor: Function): string[] {
  const kinds: string[] = [];
  let current: unknown = ctor;
  while (typeof current === 'function' && current !== Error) {
    const kind = BRANDS.get(current);
    if (kind !== undefined) kinds.push(kind);
    current = Object.getPrototypeOf(current);
  }
  return kinds;
}

/**
 * Base class of every error reservekit throws.
 *
 * @example
 * ```ts
 * try { await client.reserveOne({ tags: 'vip' }) }
 * catch (err) { if (err instanceof ReservationError && err.retryable) scheduleLater() }
 * ```
 */
export class ReservationError extends Error {
  /** @internal The brand `instanceof` checks, one per class. */
  static readonly kind: string = 'ReservationError';

  /**
   * @internal `instanceof` by brand for reservekit's own classes, so that it holds across two copies
   * of reservekit and across its ESM and CJS builds; by prototype chain for a subclass the user
   * defines, so that it matches only its own instances.
   */
  // `this` is the class `instanceof` was asked about (a subclass, usually): that is the point.
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: see above.
    const kind = BRANDS.get(this);
    const kinds = (value as Branded | null | undefined)?.[KINDS];
    if (kind !== undefined && Array.isArray(kinds)) return kinds.includes(kind);
    // biome-ignore lint/complexity/noThisInStatic: see above.
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }

  /** Normalized, provider-independent code. */
  readonly code: ErrorCode;
  /** The provider the request went to, when one was involved. */
  readonly provider: ProviderName | undefined;
  /** The SDK operation, e.g. `arianee.reserveOne`. */
  readonly operation: string | undefined;
  /** Whether trying the same call again later may succeed. */
  readonly retryable: boolean;
  /** What the provider may have done: see {@link Outcome}. */
  readonly outcome: Outcome;
  /**
   * When a reservation may exist (`outcome` is `unknown` or `applied`) and can be looked up: what to
   * look it up by (`findByExternalUniqueId(lookupKey.externalUniqueId)` on Dots.eco, the holds on
   * `lookupKey.availableDidId` on DIDWW). Never retry such a call blindly: look it up first.
   */
  readonly lookupKey: LookupKey | undefined;
  /** Requests sent for this call (1 + resends); lookups are not attempts, and a call refused before sending has 0. */
  attempts: number;
  /** Time spent waiting between attempts, in ms. */
  totalRetryDelayMs: number;
  /**
   * The id of the call that failed, as on its events and trace (docs/observability.md); unset on
   * an error thrown before the call started (bad arguments).
   */
  callId: string | undefined;

  constructor(init: ReservationErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    Object.defineProperty(this, KINDS, { value: kindsOf(new.target), enumerable: false });
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true });
    this.code = init.code;
    this.provider = init.provider;
    this.operation = init.operation;
    this.retryable = init.retryable ?? false;
    this.outcome = init.outcome ?? 'not_sent';
    this.lookupKey = init.lookupKey;
    this.attempts = init.attempts ?? 1;
    this.totalRetryDelayMs = init.totalRetryDelayMs ?? 0;
    this.callId = undefined;
  }

  /** A plain, secret-free object: what `JSON.stringify` prints. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) out[key] = value;
    if (this.cause instanceof Error) out.cause = { name: this.cause.name, message: this.cause.message };
    return out;
  }
}

/** The provider answered with an HTTP error status. */
export class ApiError extends ReservationError {
  /** @internal */
  static override readonly kind: string = 'ApiError';
  /** HTTP status. */
  readonly status: number;
  /** The provider's own error code, e.g. `nmp.back.dispenser.oneToOne.noNFTsToSend` or DIDWW `100`. */
  readonly providerCode: string | undefined;
  /** The provider's message, as sent (secrets removed). */
  readonly providerMessage: string | undefined;
  /** Structured details, e.g. DIDWW's whole `errors[]`. */
  readonly details: unknown;
  /** The provider's request id, when its response carried one. */
  readonly requestId: string | undefined;
  /** Response headers, with secrets and cookies removed. */
  readonly headers: Record<string, string>;
  /** Parsed response body (secrets removed). */
  readonly body: unknown;

  constructor(init: ApiErrorInit) {
    super({ ...init, code: init.code ?? 'api_error', outcome: init.outcome ?? 'rejected' });
    this.status = init.status;
    this.providerCode = init.providerCode;
    this.providerMessage = init.providerMessage;
    this.details = init.details;
    this.requestId = init.requestId;
    this.headers = init.headers ?? {};
    this.body = init.body;
  }
}

/** 401/403 or the provider's equivalent: the credentials are missing, wrong or lack a right. */
export class AuthenticationError extends ApiError {
  /** @internal */
  static override readonly kind: string = 'AuthenticationError';
  constructor(init: ApiErrorInit) {
    super({ ...init, code: 'authentication_failed' });
  }
}

/** The resource does not exist (or is not yours). */
export class NotFoundError extends ApiError {
  /** @internal */
  static override readonly kind: string = 'NotFoundError';
  constructor(init: ApiErrorInit) {
    super({ ...init, code: 'not_found' });
  }
}

/** The provider is rate limiting this key. */
export class RateLimitError extends ApiError {
  /** @internal */
  static override readonly kind: string = 'RateLimitError';
  /** How long the provider asked us to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super({ ...init, code: 'rate_limited', retryable: true });
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * Nothing is left to reserve — whichever provider ran dry: an empty Arianee pool (or unknown tag),
 * a DIDWW number that can no longer be held.
 */
export class NoInventoryError extends ApiError {
  /** @internal */
  static override readonly kind: string = 'NoInventoryError';
  constructor(init: ApiErrorInit) {
    super({ ...init, code: 'no_inventory' });
  }
}

/** The provider refused the request's content (usually HTTP 422). */
export class ProviderValidationError extends ApiError {
  /** @internal */
  static override readonly kind: string = 'ProviderValidationError';
  constructor(init: ApiErrorInit) {
    super({ ...init, code: init.code ?? 'provider_validation' });
  }
}

/** A unique value (code, external id) is already taken at the provider. */
export class ConflictError extends ProviderValidationError {
  /** @internal */
  static override readonly kind: string = 'ConflictError';
  constructor(init: ApiErrorInit) {
    super({ ...init, code: 'conflict' });
  }
}

/** The provider failed (5xx). */
export class ServerError extends ApiError {
  /** @internal */
  static override readonly kind: string = 'ServerError';
  constructor(init: ApiErrorInit) {
    super({ ...init, code: 'server_error' });
  }
}

/** The call's arguments are wrong; thrown before any request is sent. */
export class InputValidationError extends ReservationError {
  /** @internal */
  static override readonly kind: string = 'InputValidationError';
  /** What is wrong, one entry per problem (`path` names the argument). */
  readonly issues: readonly ZodIssue[];
  constructor(init: Omit<ReservationErrorInit, 'code'> & { issues: readonly ZodIssue[] }) {
    // Refused before anything was sent: no attempt.
    super({ ...init, code: 'invalid_input', outcome: 'not_sent', retryable: false, attempts: 0 });
    this.issues = init.issues;
  }
}

/**
 * The request worked but the response is not what the provider documents: malformed JSON, a body
 * over the size cap, or a schema mismatch. `outcome` is `applied` when the status was 2xx.
 */
export class ResponseValidationError extends ReservationError {
  /** @internal */
  static override readonly kind: string = 'ResponseValidationError';
  /** HTTP status of the response that could not be read. */
  readonly status: number;
  /** The provider's request id, when its response carried one. */
  readonly requestId: string | undefined;
  /** Schema problems (paths and expectations only: never the values, which may be secrets). */
  readonly issues: readonly ZodIssue[];
  constructor(
    init: Omit<ReservationErrorInit, 'code'> & {
      status: number;
      requestId?: string | undefined;
      issues?: readonly ZodIssue[];
    },
  ) {
    super({ ...init, code: 'invalid_response', retryable: false });
    this.status = init.status;
    this.requestId = init.requestId;
    this.issues = init.issues ?? [];
  }
}

/** An attempt or the whole call ran out of time. */
export class TimeoutError extends ReservationError {
  /** @internal */
  static override readonly kind: string = 'TimeoutError';
  /** `attempt`: one attempt hit `timeoutMs`; `total`: the call hit `totalTimeoutMs`. */
  readonly scope: 'attempt' | 'total';
  /** The limit that ran out, in ms: `timeoutMs` or `totalTimeoutMs`. */
  readonly timeoutMs: number;
  constructor(init: Omit<ReservationErrorInit, 'code'> & { scope: 'attempt' | 'total'; timeoutMs: number }) {
    super({ ...init, code: 'timeout' });
    this.scope = init.scope;
    this.timeoutMs = init.timeoutMs;
  }
}

/** The connection failed (refused, reset, DNS, TLS). */
export class ConnectionError extends ReservationError {
  /** @internal */
  static override readonly kind: string = 'ConnectionError';
  /** The system or undici error code, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`. */
  readonly systemCode: string | undefined;
  constructor(init: Omit<ReservationErrorInit, 'code'> & { systemCode?: string | undefined }) {
    super({ ...init, code: 'connection_failed' });
    this.systemCode = init.systemCode;
  }
}

/** The caller's `AbortSignal` fired. Never retried. */
export class AbortedError extends ReservationError {
  /** @internal */
  static override readonly kind: string = 'AbortedError';
  constructor(init: Omit<ReservationErrorInit, 'code'>) {
    super({ ...init, code: 'aborted', retryable: false });
  }
}

/**
 * An earlier attempt's outcome was unknown and looking up what it did failed (the lookup's error is
 * the `cause`). The reservation may exist: look it up by `lookupKey` before trying again.
 */
export class ReconcileError extends ReservationError {
  /** @internal */
  static override readonly kind: string = 'ReconcileError';
  constructor(init: Omit<ReservationErrorInit, 'code' | 'retryable'>) {
    super({ ...init, code: 'reconcile_failed', retryable: false });
  }
}

/**
 * The client was closed: the call was refused before sending (`not_sent`), or it was waiting to
 * retry when `close()` ended the wait (its `outcome` says what earlier attempts may have done).
 */
export class ClientClosedError extends ReservationError {
  /** @internal */
  static override readonly kind: string = 'ClientClosedError';
  constructor(init: Omit<ReservationErrorInit, 'code' | 'retryable'>) {
    super({ ...init, code: 'client_closed', retryable: false });
  }
}

// Every class above, matched by brand (see BRANDS). A class left out would match only within one copy.
for (const ctor of [
  ReservationError,
  ApiError,
  AuthenticationError,
  NotFoundError,
  RateLimitError,
  NoInventoryError,
  ProviderValidationError,
  ConflictError,
  ServerError,
  InputValidationError,
  ResponseValidationError,
  TimeoutError,
  ConnectionError,
  AbortedError,
  ReconcileError,
  ClientClosedError,
]) {
  brand(ctor);
}

/** What the transport settles on an error when its call ends. */
export interface ErrorSettlement {
  outcome: Outcome;
  retryable: boolean;
  lookupKey: LookupKey | undefined;
  attempts: number;
  totalRetryDelayMs: number;
  callId: string;
  /** Appended to the message (e.g. what to look up). */
  note: string;
}

/**
 * @internal Sets what only the end of a call knows — its outcome over every attempt, whether it may
 * be retried, what to look up — on the error it ends with. Errors are built by the transport for
 * this one call, so this is the last step of building them, not a change seen by anyone else.
 */
export function settleError(error: ReservationError, settlement: ErrorSettlement): void {
  for (const key of ['outcome', 'retryable', 'lookupKey'] as const) {
    Object.defineProperty(error, key, {
      value: settlement[key],
      enumerable: true,
      writable: false,
      configurable: true,
    });
  }
  error.attempts = settlement.attempts;
  error.totalRetryDelayMs = settlement.totalRetryDelayMs;
  error.callId = settlement.callId;
  if (settlement.note && !error.message.endsWith(settlement.note)) {
    const message = `${error.message}${settlement.note}`;
    Object.defineProperty(error, 'message', { value: message, writable: true, configurable: true });
    // The stack's first line was rendered from the old message.
    if (typeof error.stack === 'string') {
      const [, ...frames] = error.stack.split('\n');
      error.stack = [
        `${error.name}: ${message}`,
        ...frames.filter((line) => line.startsWith('    at ')),
      ].join('\n');
    }
  }
}
