import type { Outcome } from './errors.js';
import type { Effect } from './operation.js';

/** What one failed attempt says, as the retry rules need it. */
export interface AttemptVerdict {
  /** What the provider may have done with this attempt (see `Outcome`). */
  outcome: Outcome;
  /** Whether the same request a little later may succeed (429, most 5xx, timeouts, resets). */
  transient: boolean;
  /** How long the provider asked us to wait (`Retry-After`), in ms. */
  retryAfterMs?: number | undefined;
  /** The call cannot go on: the caller aborted, the deadline passed, the client closed. */
  final?: boolean;
  /** A 2xx the SDK could not read (malformed, off-schema, over the size cap): a lookup would read no better. */
  unreadable?: boolean;
  /** The attempt timed out: a retry after it costs more of the retry budget. */
  timedOut?: boolean;
  /**
   * A refusal that, after an earlier attempt whose outcome was unknown, says that attempt acted:
   * `exists` (a duplicate unique id) or `maybe` (the number is held — by us or someone else).
   */
  refusal?: 'exists' | 'maybe' | undefined;
  /** A 401 refusing a bearer token the client minted: a new token may fix it. */
  credentialRejected?: boolean;
}

/** Where the call stands when an attempt failed. */
export interface CallStanding {
  effect: Effect;
  /** The operation can look up what a lost attempt did. */
  canLookUp: boolean;
  /** Attempts made so far, this one included. */
  attempts: number;
  maxRetries: number;
  /** Some attempt of this call (this one included) may have acted: its outcome was unknown or applied. */
  mayHaveActed: boolean;
  /** Time left before the call's deadline, in ms. */
  msLeft: number;
  /** The retry budget can pay for one more attempt. */
  canAfford: boolean;
  /** No attempt of this call was resent with a fresh token yet. */
  canRefreshCredential: boolean;
}

/** Backoff settings the decision needs. */
export interface RetryTiming {
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  /** Full-jitter backoff for the given retry number (1 for the first retry). */
  backoff(retry: number): number;
}

/**
 * What to do after a failed attempt:
 * - `stop`: the attempt's error is the call's error.
 * - `resend`: wait `delayMs`, look up first when `lookUpFirst` (returning what it finds), then send again.
 * - `look-up`: nothing may be sent again, but a lookup may still find what an attempt did; wait
 *   `delayMs`, look up, and stop when it finds nothing.
 */
export type RetryDecision =
  | { action: 'stop' }
  | {
      action: 'resend';
      delayMs: number;
      reason: 'backoff' | 'retry-after' | 'credential-refresh';
      lookUpFirst: boolean;
    }
  | { action: 'look-up'; delayMs: number };

const STOP: RetryDecision = { action: 'stop' };

/**
 * The retry rules, as one pure function (docs/transport.md, "Retry rules"):
 * - a read or idempotent call is resent after any transient failure;
 * - a `once` call is resent only when this attempt provably did nothing (not sent, 429, a 503 with
 *   `Retry-After`), or when its outcome is unknown and the call can look up first;
 * - a `once` call that can look up and may have acted never ends without a last lookup;
 * - a 401 refusing a minted bearer token is resent once, at once, with a new token, whatever the
 *   effect: a 401 means the provider did not act (docs/didww.md, "Bearer tokens").
 */
export function decideRetry(verdict: AttemptVerdict, call: CallStanding, timing: RetryTiming): RetryDecision {
  if (verdict.final || verdict.unreadable) return STOP;
  if (verdict.credentialRejected && call.canRefreshCredential && call.msLeft > 0)
    return { action: 'resend', delayMs: 0, reason: 'credential-refresh', lookUpFirst: false };
  const withLookup = call.effect === 'once' && call.canLookUp;
  const finalLookUp: RetryDecision =
    withLookup && call.mayHaveActed && call.msLeft > 0 ? { action: 'look-up', delayMs: 0 } : STOP;

  if (!verdict.transient || !mayResend(verdict.outcome, call.effect, withLookup)) return finalLookUp;
  if (call.attempts > call.maxRetries || !call.canAfford) return finalLookUp;
  const retryAfter = verdict.retryAfterMs;
  if (retryAfter !== undefined && retryAfter > timing.maxRetryAfterMs) return finalLookUp;
  const delayMs = retryAfter ?? timing.backoff(call.attempts);
  // A wait that outlives the deadline is doomed: end now with the real error.
  if (delayMs >= call.msLeft) return finalLookUp;
  return {
    action: 'resend',
    delayMs,
    reason: retryAfter === undefined ? 'backoff' : 'retry-after',
    lookUpFirst: withLookup && verdict.outcome === 'unknown',
  };
}

/** Whether an attempt with this outcome may be sent again, before any backoff or budget rule. */
function mayResend(outcome: Outcome, effect: Effect, withLookup: boolean): boolean {
  if (effect !== 'once') return true;
  if (outcome === 'not_sent' || outcome === 'rejected') return true;
  // Applied: it exists; a resend would make a second one (or be refused). Unknown: only after a lookup.
  return outcome === 'unknown' && withLookup;
}

const OUTCOME_RANK: Readonly<Record<Outcome, number>> = { not_sent: 0, rejected: 1, unknown: 2, applied: 3 };

/**
 * The outcome of a call from its attempts': the most the provider may have done. Once an attempt's
 * outcome was unknown, no later answer can prove the provider did nothing.
 */
export function worstOutcome(a: Outcome, b: Outcome): Outcome {
  return OUTCOME_RANK[a] >= OUTCOME_RANK[b] ? a : b;
}

/** Whether the provider may have acted: the outcomes a caller must look up before acting again. */
export function mayHaveActed(outcome: Outcome): boolean {
  return outcome === 'unknown' || outcome === 'applied';
}
