import type { TracingChannel } from 'node:diagnostics_channel';
import type { ResultMeta } from './api-promise.js';
import type { Outcome, ProviderName, ReservationError } from './errors.js';
import type { Effect } from './operation.js';
import { builtin } from './runtime.js';

/** The name of the tracing channel every logical call is published on (docs/observability.md). */
export const CALL_TRACING_CHANNEL = 'reservekit:call';

/**
 * The context object of one logical call on the `reservekit:call` tracing channel (Node's
 * `tracing:reservekit:call:start` / `end` / `asyncStart` / `asyncEnd` / `error`). One object per
 * call, the same in every event of the call: the fields below `urlTemplate` are filled in when the
 * call settles, before `error` / `asyncStart` / `asyncEnd`. Nothing in it is a secret: URLs are
 * redacted, errors are the call's redacted errors, and the result's data (a claim link, a redeem
 * code) is not here — unlike Node's `tracePromise`, there is no `result`.
 */
export interface CallTrace {
  /** Unique per call; also `meta.callId`, `error.callId` and `callId` of every event of the call. */
  readonly callId: string;
  /** For a call made for another call (the reads of a lookup): that call's id. */
  readonly parentCallId: string | undefined;
  /** The provider the call goes to. */
  readonly provider: ProviderName;
  /** e.g. `dots.ecoClubOfferings.create`. */
  readonly operation: string;
  /** `read`, `idempotent` or `once` (a reservation: see docs/transport.md, "Retry rules"). */
  readonly effect: Effect;
  /** The HTTP method. */
  readonly method: string;
  /** The URL of the call's requests, secrets replaced by `[REDACTED]`. */
  readonly url: string;
  /**
   * The endpoint with its variable parts named, no query: low cardinality, fit for a span or a
   * metric (e.g. `https://api.dots.eco/api/v1/eco-club-offering/list/{appToken}`).
   */
  readonly urlTemplate: string;
  /** Requests sent (1 + resends; lookups are not attempts). Set when the call settles. */
  attempts: number | undefined;
  /** Time spent waiting between attempts, in ms. Set when the call settles. */
  totalRetryDelayMs: number | undefined;
  /** `applied` on success; on failure the error's outcome. Set when the call settles. */
  outcome: Outcome | undefined;
  /** Whether a lookup found what an attempt whose answer was lost did. Set when the call settles. */
  reconciled: boolean | undefined;
  /** The HTTP status of the last answer, when there was one. Set when the call settles. */
  status: number | undefined;
  /** The provider's request id of the last answer, when it had one. Set when the call settles. */
  requestId: string | undefined;
  /** The call's error, on failure (Node sets it before publishing `error`). */
  error: ReservationError | undefined;
}

/** What a call is known by before it runs. */
export type CallTraceStart = Pick<
  CallTrace,
  'callId' | 'parentCallId' | 'provider' | 'operation' | 'effect' | 'method' | 'url' | 'urlTemplate'
>;

// Looked up on first use: importing the package does no work. `null`: the runtime has no
// diagnostics channels (runtime.ts).
let channel: TracingChannel<unknown, CallTrace> | null | undefined;

/** The `reservekit:call` tracing channel, where the runtime has diagnostics channels. */
export function callTracingChannel(): TracingChannel<unknown, CallTrace> | undefined {
  if (channel === undefined)
    channel =
      builtin('node:diagnostics_channel')?.tracingChannel<unknown, CallTrace>(CALL_TRACING_CHANNEL) ?? null;
  return channel ?? undefined;
}

/** Whether anyone subscribes to the call tracing channel: when nobody does, a call pays nothing. */
export function isCallTraced(): boolean {
  return callTracingChannel()?.hasSubscribers === true;
}

/**
 * Runs one logical call on the tracing channel, as Node's `tracePromise` does (start through the
 * bound stores, so that a subscriber's context — an OpenTelemetry span — is active for every attempt
 * and lookup; end when `run` returns; error, asyncStart and asyncEnd when it settles), but with the
 * call's summary in place of its result.
 */
export function traceCall<T extends { meta: ResultMeta }>(
  start: CallTraceStart,
  run: () => Promise<T>,
): Promise<T> {
  const tracing = callTracingChannel();
  if (!tracing) return run();
  const trace: CallTrace = {
    ...start,
    attempts: undefined,
    totalRetryDelayMs: undefined,
    outcome: undefined,
    reconciled: undefined,
    status: undefined,
    requestId: undefined,
    error: undefined,
  };
  return tracing.start.runStores(trace, () => {
    try {
      return run().then(
        (result) => {
          succeeded(trace, result.meta);
          tracing.asyncStart.publish(trace);
          tracing.asyncEnd.publish(trace);
          return result;
        },
        (error: ReservationError) => {
          failed(trace, error);
          tracing.error.publish(trace);
          tracing.asyncStart.publish(trace);
          tracing.asyncEnd.publish(trace);
          throw error;
        },
      );
    } finally {
      tracing.end.publish(trace);
    }
  });
}

function succeeded(trace: CallTrace, meta: ResultMeta): void {
  trace.attempts = meta.attempts;
  trace.totalRetryDelayMs = meta.totalRetryDelayMs;
  trace.outcome = 'applied';
  trace.reconciled = meta.reconciled;
  trace.status = meta.status;
  trace.requestId = meta.requestId;
}

function failed(trace: CallTrace, error: ReservationError): void {
  trace.attempts = error.attempts;
  trace.totalRetryDelayMs = error.totalRetryDelayMs;
  trace.outcome = error.outcome;
  trace.reconciled = false;
  const answer = error as Partial<{ status: number; requestId: string }>;
  trace.status = typeof answer.status === 'number' ? answer.status : undefined;
  trace.requestId = typeof answer.requestId === 'string' ? answer.requestId : undefined;
  trace.error = error;
}
