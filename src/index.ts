/**
 * reservekit: reserve scarce items from Arianee, DIDWW and Dots.eco through one safe transport.
 * Provider clients live in `reservekit/arianee`, `reservekit/didww` and `reservekit/dots`; this
 * entry holds what they share: the error classes, options and result types.
 * @packageDocumentation
 */

import './core/node-version.js';

export { type AccessToken, MemoryTokenStore, type TokenStore } from './core/access-token.js';
export { ApiPromise, type ResultMeta, type WithMeta } from './core/api-promise.js';
export { CALL_TRACING_CHANNEL, type CallTrace, type CallTraceStart } from './core/call-tracing.js';
export type { CredentialSource } from './core/credential.js';
export {
  CHANNELS,
  type ErrorEvent,
  type ReconcileEvent,
  type RequestEventBase,
  type RequestStartEvent,
  type ResponseEvent,
  type RetryEvent,
  type TransportHooks,
} from './core/diagnostics.js';
export {
  AbortedError,
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  ClientClosedError,
  ConflictError,
  ConnectionError,
  type ErrorCode,
  InputValidationError,
  type LookupKey,
  NoInventoryError,
  NotFoundError,
  type Outcome,
  type ProviderName,
  ProviderValidationError,
  RateLimitError,
  ReconcileError,
  ReservationError,
  type ReservationErrorInit,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from './core/errors.js';
export type { FetchLike } from './core/fetch-sender.js';
export type { Effect } from './core/operation.js';
export type {
  DispatcherLike,
  RequestOptions,
  RetryBudgetOptions,
  RetryTimingOptions,
  TransportOptions,
} from './core/options.js';
export { type Page, PagePromise } from './core/pagination.js';
export type {
  RawQuery,
  RawQueryValue,
  RawReadMethod,
  RawReadRequest,
  RawRequest,
  RawWriteMethod,
  RawWriteRequest,
} from './core/raw-request.js';
export { REDACTED } from './core/redact.js';
export { parseRetryAfter } from './core/retry-after.js';
export { VERSION } from './core/version.js';
export type { ZodIssue } from './core/zod-issues.js';
