import * as z from 'zod/mini';
import {
  ApiError,
  ConnectionError,
  NoInventoryError,
  ReservationError,
  TimeoutError,
} from '../core/errors.js';
import { lazy } from '../core/lazy.js';
import { strictOptions } from '../core/options-schema.js';
import type { ArianeeFormat } from './reservation.js';
import { formatSchema, RESERVE_ONE, tagsSchema } from './reserve-one.js';

/** Arguments of `reserveMany`. */
export interface ArianeeReserveManyParams<F extends ArianeeFormat = ArianeeFormat> {
  /** The pool's tag, or several tags (comma-joined on the wire). Non-blank, no commas. */
  tags: string | readonly string[];
  /**
   * How many passports to reserve: a positive integer. The NMP never hands out more than this many
   * for the batch: a failed call that may have taken a passport (see
   * {@link ArianeeReserveManyResult.unknownOutcomes}) holds its place, so `reserved` can be shorter
   * than `count` even though nothing else went wrong.
   */
  count: number;
  /** Calls in flight at once, 1 to 64. Default 4. */
  concurrency?: number;
  /** How each passport is returned. Default `linkObject`. */
  format?: F;
  /**
   * The batch stops launching calls once this many have failed (a failing NMP would otherwise be
   * called until `count` succeed, and each failure whose outcome is unknown may cost a passport).
   * Default 10.
   */
  maxFailures?: number;
  /**
   * Called after each call that reserved a passport or failed, with the counts so far: also for the
   * calls that finish after the batch stopped launching (an abort, an empty pool, `stoppedBy`). An
   * empty-pool answer is not a failure and is not reported. An exception it throws is ignored.
   */
  onProgress?: (progress: ArianeeReserveManyProgress) => void;
}

/** Where a batch stands. */
export interface ArianeeReserveManyProgress {
  /** Passports reserved so far. */
  reserved: number;
  /** Calls failed so far (see {@link ArianeeReserveManyResult.failed}). */
  failed: number;
  /** The `count` asked for. */
  requested: number;
}

/** One call of a batch that failed. */
export interface ArianeeReserveManyFailure {
  /** The call's error; `error.outcome` says what the NMP may have done. */
  error: ReservationError;
  /**
   * `true` when this call may have taken a passport whose link you do not have: its outcome is
   * `unknown` (a 5xx, a timeout or a reset after sending) or `applied` (a 200 that could not be read).
   */
  mayHaveReserved: boolean;
}

/** What `reserveMany` reserved, and why it stopped. It never throws once a call was made. */
export interface ArianeeReserveManyResult<T> {
  /** Every passport reserved, in the order the answers arrived. At most `count`. */
  reserved: T[];
  /** The pool ran dry (or a tag does not exist): the NMP answered `noNFTsToSend`. */
  exhausted: boolean;
  /**
   * The caller's signal stopped the batch from launching calls. Calls already in flight were not
   * cancelled: what they reserved is in `reserved`, and what they failed with in `failed`.
   */
  aborted: boolean;
  /**
   * The error that ended the batch early: the {@link NoInventoryError} whenever `exhausted` (even
   * when another error stopped launching first; that one is in `failed`), otherwise an error
   * that every further call would repeat (authentication, a refused request, an unreadable 200),
   * or the failure that reached `maxFailures`. `undefined` when the batch reached `count` (passports
   * reserved plus calls that may have reserved one), or when only the caller's abort ended it.
   */
  stoppedBy: ReservationError | undefined;
  /** Calls that failed, in order. An exhausted pool is not a failure. */
  failed: ArianeeReserveManyFailure[];
  /**
   * How many failed calls may have taken a passport (`mayHaveReserved`): those passports are out of
   * the pool but unseen. Check the pool in the NMP back office and reset them there.
   */
  unknownOutcomes: number;
}

export const RESERVE_MANY = 'arianee.reserveMany';

// Built on first use: see lazy.ts.
export const reserveManyInputSchema = lazy(() =>
  strictOptions(
    {
      tags: tagsSchema(),
      count: z.int({ error: 'count must be a positive integer' }).check(z.gte(1, 'count must be at least 1')),
      concurrency: z._default(
        z
          .int({ error: 'concurrency must be an integer from 1 to 64' })
          .check(z.gte(1, 'concurrency must be at least 1'), z.lte(64, 'concurrency must be at most 64')),
        4,
      ),
      format: formatSchema(),
      maxFailures: z._default(
        z
          .int({ error: 'maxFailures must be a positive integer' })
          .check(z.gte(1, 'maxFailures must be at least 1')),
        10,
      ),
      onProgress: z.optional(
        z.custom<(progress: ArianeeReserveManyProgress) => void>(
          (value) => typeof value === 'function',
          'onProgress must be a function',
        ),
      ),
    },
    'reserveMany needs an object with tags and count',
    'argument',
  ),
);

/** How a batch runs, once its arguments are validated. */
export interface BatchPlan {
  count: number;
  concurrency: number;
  maxFailures: number;
  /** Stops launching calls; never passed to the calls themselves. */
  signal: AbortSignal | undefined;
  onProgress: ((progress: ArianeeReserveManyProgress) => void) | undefined;
}

function mayHaveReserved(error: ReservationError): boolean {
  return error.outcome === 'unknown' || error.outcome === 'applied';
}

/** Failures a later call may not repeat: rate limits, 5xx, timeouts, connection trouble. */
function isTransient(error: ReservationError): boolean {
  if (error instanceof ApiError) return error.status === 408 || error.status === 429 || error.status >= 500;
  return error instanceof TimeoutError || error instanceof ConnectionError;
}

// The transport throws only ReservationErrors; anything else is a bug, kept as the cause. Its
// outcome is unknown because nothing says whether the request went out.
function asReservationError(error: unknown): ReservationError {
  if (error instanceof ReservationError) return error;
  return new ReservationError({
    message: `${RESERVE_ONE} failed unexpectedly`,
    code: 'api_error',
    provider: 'arianee',
    operation: RESERVE_ONE,
    outcome: 'unknown',
    cause: error,
  });
}

/**
 * Runs `reserveOne` until `count` passports are reserved, with at most `concurrency` calls in
 * flight. A new call starts only while `reserved + possiblyReserved + inFlight < count`
 * (`possiblyReserved`: failed calls whose outcome is unknown or applied), so the NMP never hands
 * out more than `count` passports, seen or not. Launching stops at the first sign that more calls
 * are useless (an empty pool, an error every call would repeat, `maxFailures`, the caller's
 * abort); calls already in flight are left to finish — cancelling one could lose a passport it
 * took — and what they reserve is kept. So `plan.signal` is only read here: `reserveOne` must not
 * be given it (its own timeouts still apply).
 */
export async function runReserveMany<T>(
  plan: BatchPlan,
  reserveOne: () => Promise<T>,
): Promise<ArianeeReserveManyResult<T>> {
  const reserved: T[] = [];
  const failed: ArianeeReserveManyFailure[] = [];
  let inFlight = 0;
  // Failed calls that may have taken a passport (outcome unknown or applied).
  let possiblyReserved = 0;
  let exhausted = false;
  let aborted = false;
  let stoppedBy: ReservationError | undefined;

  const canLaunch = (): boolean => {
    if (plan.signal?.aborted) aborted = true;
    // Each call in flight or that may have reserved could be a passport taken: one more call only
    // while that cannot make count + 1.
    return !aborted && stoppedBy === undefined && reserved.length + possiblyReserved + inFlight < plan.count;
  };

  /** Records a failed call; says whether the counts changed. */
  const recordFailure = (thrown: unknown): boolean => {
    const error = asReservationError(thrown);
    if (error instanceof NoInventoryError) {
      // `exhausted` always comes with the empty pool's error, even if another error stopped the
      // batch first (that one stays in `failed`). The first empty-pool answer is kept.
      if (!exhausted) stoppedBy = error;
      exhausted = true;
      return false;
    }
    const failure = { error, mayHaveReserved: mayHaveReserved(error) };
    failed.push(failure);
    if (failure.mayHaveReserved) possiblyReserved += 1;
    if (!isTransient(error) || failed.length >= plan.maxFailures) stoppedBy ??= error;
    return true;
  };

  const report = (): void => {
    if (!plan.onProgress) return;
    try {
      plan.onProgress({ reserved: reserved.length, failed: failed.length, requested: plan.count });
    } catch {
      // A progress callback must not end the batch: the passports reserved so far would be lost.
    }
  };

  const worker = async (): Promise<void> => {
    while (canLaunch()) {
      inFlight += 1;
      let changed = true;
      try {
        reserved.push(await reserveOne());
      } catch (error) {
        changed = recordFailure(error);
      } finally {
        inFlight -= 1;
      }
      if (changed) report();
    }
  };

  await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.count) }, worker));
  return {
    reserved,
    exhausted,
    aborted,
    stoppedBy,
    failed,
    unknownOutcomes: possiblyReserved,
  };
}
