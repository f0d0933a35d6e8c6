import {
  type ApiError,
  type ApiErrorInit,
  AuthenticationError,
  ConflictError,
  type ErrorCode,
  ApiError as GenericApiError,
  NoInventoryError,
  NotFoundError,
  ProviderValidationError,
  RateLimitError,
  ServerError,
} from './errors.js';
import type { ParsedBody } from './response-body.js';

/** Which error class a provider failure maps to. */
export type ErrorKind =
  | 'authentication'
  | 'not_found'
  | 'rate_limit'
  | 'no_inventory'
  | 'validation'
  | 'conflict'
  | 'server'
  | 'api';

/** What a provider module reads out of an error response. Unset fields fall back to the status. */
export interface ProviderErrorInfo {
  kind?: ErrorKind;
  providerCode?: string;
  /** The provider's message. */
  message?: string;
  /** Structured details kept on the error (e.g. DIDWW `errors[]`). */
  details?: unknown;
  /**
   * What the caller can change, in reservekit's words (e.g. the option that picks the DIDWW
   * environment): added to the error's `message` after the provider's text, never to
   * `providerMessage`, which keeps what the provider sent.
   */
  hint?: string | undefined;
}

/** A response as provider modules see it. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: ParsedBody;
  readonly requestId: string | undefined;
}

/** The class a bare status maps to when the provider said nothing more specific. */
export function kindFromStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'authentication';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 422) return 'validation';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  return 'api';
}

// Which class each kind of failure is thrown as.
const ERROR_CLASSES: Record<
  ErrorKind,
  new (
    init: ApiErrorInit & { retryAfterMs?: number | undefined },
  ) => ApiError
> = {
  authentication: AuthenticationError,
  not_found: NotFoundError,
  rate_limit: RateLimitError,
  no_inventory: NoInventoryError,
  validation: ProviderValidationError,
  conflict: ConflictError,
  server: ServerError,
  api: GenericApiError,
};

// The kind each of those classes has as its `code`: a mapped error rebuilt for another call.
const KIND_OF_CODE: Partial<Record<ErrorCode, ErrorKind>> = {
  authentication_failed: 'authentication',
  not_found: 'not_found',
  rate_limited: 'rate_limit',
  no_inventory: 'no_inventory',
  provider_validation: 'validation',
  conflict: 'conflict',
  server_error: 'server',
};

/** The kind of an {@link ApiError}'s code: `api` for a code no subclass has. */
export function kindFromCode(code: ErrorCode): ErrorKind {
  return KIND_OF_CODE[code] ?? 'api';
}

/** Builds the error class for a kind. */
export function createApiError(
  kind: ErrorKind,
  init: ApiErrorInit & { retryAfterMs?: number | undefined },
): ApiError {
  return new ERROR_CLASSES[kind](init);
}

// How much of a plain-text body a message keeps.
const MAX_TEXT = 300;

/**
 * A short text for a body no provider parser understood (an HTML error page, plain text). Pass a
 * body already redacted: a secret cut in two by the limit would no longer be recognised.
 */
export function fallbackMessage(status: number, body: ParsedBody): string {
  if (body.kind === 'text') {
    if (body.html) return `HTTP ${status} (an HTML page, not the provider's API error format)`;
    const text = body.value.trim().replace(/\s+/g, ' ');
    if (text.length <= MAX_TEXT) return text || `HTTP ${status}`;
    // Not between the two halves of a surrogate pair.
    const end = /[\uD800-\uDBFF]/.test(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
    return `${text.slice(0, end)}…`;
  }
  return `HTTP ${status}`;
}
