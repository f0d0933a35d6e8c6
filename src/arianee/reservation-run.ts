import {
  ApiError,
  ConnectionError,
  NoInventoryError,
  RateLimitError,
  ReservationError,
  TimeoutError,
} from '../core/errors.js';
import { RESERVE_ONE } from './reserve-one.js';

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

/**
 * Why a batch of `reserveOne` calls ended, and what failed: shared by `reserveMany`'s result and
 * `reserveStream`'s summary.
 */
export interface ArianeeBatchOutcome {
  /** The pool ran dry (or a tag does not exist): the NMP answered `noNFTsToSend`. */
  exhausted: boolean;
  /**
   * The caller's signal stopped the batch from launching calls. Calls already in flight were not
   * cancelled: what they reserved is returned, and what they failed with is in `failed`.
   */
  aborted: boolean;
  /**
   * The error that ended the batch early: the {@link NoInventoryError} whenever `exhausted` (even
   * when another error stopped launching first; that one is in `failed`), otherwise an error
   * that every further call would repeat (authentication, a refused request, an unreadable 200),
   * a `RateLimitError` of a call sent while only one call was allowed in flight (the NMP refuses
   * even one call at a time), or the failure that reached `maxFailures`. `undefined` when the batch
   * reached `count` (passports reserved plus calls that may have reserved one), or when only the
   * caller stopped it (its signal, its callback, leaving the loop).
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

/** How a batch runs, once its arguments are validated. */
export interface BatchPlan {
  count: number;
  /** Most calls in flight plus reservations not yet handed over (see {@link runReservations}). */
  concurrency: number;
  maxFailures: number;
  /** Stops launching calls; never passed to the calls themselves. */
  signal: AbortSignal | undefined;
  onProgress: ((progress: ArianeeReserveManyProgress) => void) | undefined;
}

/** A batch under way: stop it, or wait for its end. */
export interface ReservationRun {
  /** Stops launching calls (the caller is done); calls in flight still finish and are delivered. */
  stop(): void;
  /** Settles once no call is in flight, no delivery is pending and none will be launched. Never rejects. */
  readonly ended: Promise<ArianeeBatchOutcome>;
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
 * The one engine behind `reserveMany` and `reserveStream`: runs `reserveOne` until `count`
 * passports are reserved, and hands each reservation to `deliver` as soon as it lands.
 *
 * - **Never more than `count`.** A call starts only while
 *   `reserved + possiblyReserved + inFlight < count` (`possiblyReserved`: failed calls whose outcome is
 *   unknown or applied), so the NMP never hands out more than `count` passports, seen or not.
 * - **Back-pressure.** A reservation holds its slot until the promise `deliver` returned settles
 *   (the stream's caller took it and came back for the next; `onReserved` resolved): a call starts
 *   only while `inFlight + delivering < concurrency`. So at any moment at most `concurrency`
 *   passports are taken but not yet handed over: what a crash can cost a caller who stores each
 *   one before taking the next.
 * - **Slowing down on 429 (AIMD).** Calls in flight are also capped by a window that starts at
 *   `concurrency`, is halved (down to 1) when a call fails with a `RateLimitError` after its own
 *   retries, and grows by one call per window's worth of successes. Only calls sent since the last
 *   halving halve it again (the others saw the same congestion). A `RateLimitError` of a call sent
 *   while the window was 1 stops the batch: the NMP refuses even one call at a time.
 * - **Stopping.** Launching stops at the first sign that more calls are useless (an empty pool, an
 *   error every call would repeat, `maxFailures`, the caller's abort or `stop()`); calls already in
 *   flight are left to finish — cancelling one could lose a passport it took — and what they
 *   reserve is delivered. So `plan.signal` is only read here: `reserveOne` must not be given it.
 *
 * `deliver` must not reject. `onProgress` is called after each call that reserved or failed.
 */
export function runReservations<T>(
  plan: BatchPlan,
  reserveOne: () => Promise<T>,
  deliver: (reservation: T) => Promise<void> | undefined,
): ReservationRun {
  let reserved = 0;
  const failed: ArianeeReserveManyFailure[] = [];
  let inFlight = 0;
  // Reservations handed to `deliver` whose promise has not settled: each holds a slot.
  let delivering = 0;
  // Failed calls that may have taken a passport (outcome unknown or applied).
  let possiblyReserved = 0;
  let exhausted = false;
  let aborted = false;
  let stopped = false;
  let stoppedBy: ReservationError | undefined;
  // The AIMD window: calls allowed in flight is its floor, from 1 to `concurrency`.
  let window = plan.concurrency;
  // Counts the halvings: a call remembers the epoch it was sent in.
  let epoch = 0;
  let settled = false;
  let resolveEnded: (outcome: ArianeeBatchOutcome) => void = () => undefined;
  const ended = new Promise<ArianeeBatchOutcome>((resolve) => {
    resolveEnded = resolve;
  });

  const allowedInFlight = (): number => Math.max(1, Math.floor(window));

  const mayContinue = (): boolean => {
    if (plan.signal?.aborted) aborted = true;
    // Each call in flight or that may have reserved could be a passport taken: one more call only
    // while that cannot make count + 1.
    return (
      !aborted && !stopped && stoppedBy === undefined && reserved + possiblyReserved + inFlight < plan.count
    );
  };

  const canLaunch = (): boolean =>
    mayContinue() && inFlight < allowedInFlight() && inFlight + delivering < plan.concurrency;

  const report = (): void => {
    if (!plan.onProgress) return;
    try {
      plan.onProgress({ reserved, failed: failed.length, requested: plan.count });
    } catch {
      // A progress callback must not end the batch: the passports reserved so far would be lost.
    }
  };

  const slowDown = (error: RateLimitError, sentInEpoch: number, sentWithWindow: number): void => {
    // The calls sent before the last halving saw the congestion that caused it.
    if (sentInEpoch !== epoch) return;
    if (sentWithWindow === 1) {
      stoppedBy ??= error;
      return;
    }
    window = Math.max(1, Math.floor(sentWithWindow / 2));
    epoch += 1;
  };

  /** Records a failed call; says whether the counts changed. */
  const recordFailure = (thrown: unknown, sentInEpoch: number, sentWithWindow: number): boolean => {
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
    if (error instanceof RateLimitError) slowDown(error, sentInEpoch, sentWithWindow);
    if (!isTransient(error) || failed.length >= plan.maxFailures) stoppedBy ??= error;
    return true;
  };

  const landed = (reservation: T): void => {
    inFlight -= 1;
    reserved += 1;
    // Additive increase: one more call in flight after a window's worth of successes.
    window = Math.min(plan.concurrency, window + 1 / allowedInFlight());
    report();
    delivering += 1;
    const delivered = deliver(reservation);
    if (delivered === undefined) delivering -= 1;
    else
      void delivered.then(() => {
        delivering -= 1;
        pump();
      });
    pump();
  };

  const launch = (): void => {
    inFlight += 1;
    const sentInEpoch = epoch;
    const sentWithWindow = allowedInFlight();
    reserveOne().then(landed, (error: unknown) => {
      inFlight -= 1;
      if (recordFailure(error, sentInEpoch, sentWithWindow)) report();
      pump();
    });
  };

  function pump(): void {
    if (settled) return;
    while (canLaunch()) launch();
    if (inFlight > 0 || delivering > 0) return;
    settled = true;
    resolveEnded({ exhausted, aborted, stoppedBy, failed, unknownOutcomes: possiblyReserved });
  }

  pump();
  return {
    stop() {
      stopped = true;
      pump();
    },
    ended,
  };
}
