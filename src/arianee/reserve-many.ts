import * as z from 'zod/mini';
import { lazy } from '../core/lazy.js';
import { strictOptions } from '../core/options-schema.js';
import type { ArianeeFormat, ArianeeReservation } from './reservation.js';
import {
  type ArianeeBatchOutcome,
  type ArianeeReserveManyProgress,
  type BatchPlan,
  type ReservationRun,
  runReservations,
} from './reservation-run.js';
import { formatSchema, tagsSchema } from './reserve-one.js';

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
  /**
   * Calls in flight at once, 1 to 64. Default 4. A call also waits while `onReserved` runs for
   * as many passports as this, and fewer run after a 429 (see {@link ArianeeClient.reserveMany}).
   */
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
  /**
   * Called with each passport as soon as it is reserved, and awaited before its slot launches
   * another call: store the link there, and a crash loses at most the `concurrency` calls in
   * flight. Calls for different passports may run at the same time (up to `concurrency`). If it
   * throws or rejects, the batch stops launching calls, the calls in flight finish, it is not
   * called again, and those passports are returned in
   * {@link ArianeeReserveManyResult.undelivered} with the error in
   * {@link ArianeeReserveManyResult.onReservedError}: the batch still resolves, never rejects.
   */
  // Method syntax on purpose: each format's overload narrows the reservation type (bivariant check).
  // What it returns is awaited (a promise, or anything: `(p) => db.insert(p)` fits).
  onReserved?(reservation: ArianeeReservation<F>): unknown;
}

/**
 * What `reserveMany` reserved, and why it stopped. It never throws once a call was made.
 * `stoppedBy`, `exhausted`, `aborted`, `failed` and `unknownOutcomes` are described on
 * {@link ArianeeBatchOutcome}.
 */
export interface ArianeeReserveManyResult<T> extends ArianeeBatchOutcome {
  /** Every passport reserved, in the order the answers arrived. At most `count`. */
  reserved: T[];
  /**
   * The passports of `reserved` that `onReserved` did not take: the one it threw (or rejected) for,
   * and every one that landed after that (it is not called again). Store these yourself. Empty
   * without `onReserved`, or when it never threw.
   */
  undelivered: T[];
  /** What `onReserved` threw (or rejected with) first; `undefined` when it never did. */
  onReservedError: unknown;
}

export const RESERVE_MANY = 'arianee.reserveMany';

/** The fields `reserveMany` and `reserveStream` share; schemas are built on first use (lazy.ts). */
export function batchFields() {
  return {
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
  };
}

export const reserveManyInputSchema = lazy(() =>
  strictOptions(
    {
      ...batchFields(),
      onReserved: z.optional(
        z.custom<(reservation: ArianeeReservation) => unknown>(
          (value) => typeof value === 'function',
          'onReserved must be a function',
        ),
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

/**
 * `reserveMany` on the shared engine ({@link runReservations}): collects every reservation, and
 * awaits `onReserved` for each before its slot launches another call. A throwing `onReserved`
 * stops the batch from launching (like an abort); calls in flight finish and their passports go
 * to `reserved` and `undelivered` without calling it again.
 */
export async function runReserveMany<T>(
  plan: BatchPlan,
  onReserved: ((reservation: T) => unknown) | undefined,
  reserveOne: () => Promise<T>,
): Promise<ArianeeReserveManyResult<T>> {
  const reserved: T[] = [];
  const undelivered: T[] = [];
  let onReservedError: unknown;
  let broken = false;
  let run: ReservationRun | undefined;

  const handOver = async (reservation: T): Promise<void> => {
    if (broken) {
      undelivered.push(reservation);
      return;
    }
    try {
      await onReserved?.(reservation);
    } catch (error) {
      undelivered.push(reservation);
      if (broken) return;
      broken = true;
      onReservedError = error;
      run?.stop();
    }
  };

  run = runReservations(plan, reserveOne, (reservation) => {
    reserved.push(reservation);
    return onReserved ? handOver(reservation) : undefined;
  });
  const outcome = await run.ended;
  return { reserved, ...outcome, undelivered, onReservedError };
}
