import { lazy } from '../core/lazy.js';
import { strictOptions } from '../core/options-schema.js';
import type { ArianeeFormat } from './reservation.js';
import type { ArianeeBatchOutcome, ReservationRun } from './reservation-run.js';
import { batchFields } from './reserve-many.js';

/** Arguments of `reserveStream`. */
export interface ArianeeReserveStreamParams<F extends ArianeeFormat = ArianeeFormat> {
  /** The pool's tag, or several tags (comma-joined on the wire). Non-blank, no commas. */
  tags: string | readonly string[];
  /**
   * How many passports to reserve: a positive integer. As with `reserveMany`, the NMP never hands
   * out more than this many for the stream, seen or not: a failed call that may have taken a
   * passport holds its place. To resume a stream that was killed, ask for what is still missing:
   * `count` minus the links you stored.
   */
  count: number;
  /**
   * 1 to 64, default 4: calls in flight plus passports reserved but not yet taken by your loop
   * never exceed this (back-pressure), so a crash loses at most this many passports. Fewer calls
   * run after a 429.
   */
  concurrency?: number;
  /** How each passport is returned. Default `linkObject`. */
  format?: F;
  /** The stream stops launching calls once this many have failed. Default 10. */
  maxFailures?: number;
}

/**
 * How a stream ended: why (see {@link ArianeeBatchOutcome}), how many passports your loop took,
 * and those it did not.
 */
export interface ArianeeReserveStreamSummary<T> extends ArianeeBatchOutcome {
  /** Passports the stream yielded to your loop. */
  delivered: number;
  /**
   * Passports reserved that your loop never took: it left early (`break`, `return`, a throw, or
   * `stream.return()`) while they waited or were still in flight. They are out of the pool: store
   * them like the others. Empty when the loop ran to the end.
   */
  undelivered: T[];
  /** The loop left before the stream ended (`break`, `return`, a throw, `stream.return()`). */
  endedEarly: boolean;
}

/**
 * What `reserveStream` returns: an async iterable of reserved passports, one per `reserveOne` call,
 * yielded as each lands, with the stream's summary once it has ended.
 *
 * It is its own iterator and can be iterated once. Calls start on the first `next()` (the first
 * turn of a `for await` loop). Coming back for the next passport tells the stream the previous one
 * was taken care of: until then it counts as not yet taken, so store each link before asking for
 * the next one.
 */
export interface ArianeeReserveStream<T>
  extends AsyncIterableIterator<T, undefined, undefined>,
    AsyncDisposable {
  /**
   * Stops the stream: no new call is launched; calls in flight finish (they are never cancelled: a
   * cancelled call may have taken a passport), and what they and passports not taken yet reserved
   * goes to the summary's `undelivered`. Resolves once they have finished. A `break` out of a
   * `for await` loop calls it, and so does `await using` when the scope ends.
   */
  return(): Promise<IteratorResult<T, undefined>>;
  /**
   * The stream's summary. Resolves once the stream has ended: the loop took the last passport, or
   * left early and the calls in flight finished. Never rejects. A stream nobody iterates never
   * starts, and then this never resolves: iterate first (or call `return()`).
   */
  summary(): Promise<ArianeeReserveStreamSummary<T>>;
}

export const RESERVE_STREAM = 'arianee.reserveStream';

export const reserveStreamInputSchema = lazy(() =>
  strictOptions(batchFields(), 'reserveStream needs an object with tags and count', 'argument'),
);

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** A reservation waiting for the loop, and how to free its slot once the loop has taken it. */
interface Waiting<T> {
  reservation: T;
  taken: () => void;
}

/**
 * The stream's face of the engine: `start` runs {@link runReservations} with this stream's
 * `deliver`, whose promise settles when the loop has taken the reservation and come back for more.
 */
export class ReservationStream<T> implements ArianeeReserveStream<T> {
  readonly #start: (deliver: (reservation: T) => Promise<void> | undefined) => ReservationRun;
  #run: ReservationRun | undefined;
  /** Landed, not yet yielded. */
  readonly #waiting: Waiting<T>[] = [];
  /** `next()` calls waiting for a reservation. */
  readonly #pulls: ((result: IteratorResult<T, undefined>) => void)[] = [];
  /** Slots of reservations yielded, freed by the loop's next `next()`. */
  readonly #yielded: (() => void)[] = [];
  #delivered = 0;
  readonly #undelivered: T[] = [];
  #closed = false;
  #endedEarly = false;
  #ended = false;
  #resolveSummary: (summary: ArianeeReserveStreamSummary<T>) => void = () => undefined;
  readonly #summary = new Promise<ArianeeReserveStreamSummary<T>>((resolve) => {
    this.#resolveSummary = resolve;
  });

  constructor(start: (deliver: (reservation: T) => Promise<void> | undefined) => ReservationRun) {
    this.#start = start;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    // Coming back for more says the reservation yielded before is taken care of: its slot frees.
    this.#yielded.shift()?.();
    if (this.#closed || this.#ended) return Promise.resolve(DONE);
    if (!this.#run) {
      this.#run = this.#start((reservation) => this.#deliver(reservation));
      void this.#run.ended.then((outcome) => this.#finish(outcome));
    }
    const waiting = this.#waiting.shift();
    if (waiting) return Promise.resolve(this.#yield(waiting));
    return new Promise((resolve) => this.#pulls.push(resolve));
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    if (!this.#closed) {
      this.#closed = true;
      this.#endedEarly = !this.#ended;
      for (const taken of this.#yielded.splice(0)) taken();
      for (const { reservation, taken } of this.#waiting.splice(0)) {
        this.#undelivered.push(reservation);
        taken();
      }
      for (const pull of this.#pulls.splice(0)) pull(DONE);
      if (this.#run) this.#run.stop();
      else
        this.#finish({
          exhausted: false,
          aborted: false,
          stoppedBy: undefined,
          failed: [],
          unknownOutcomes: 0,
        });
    }
    await this.#summary;
    return DONE;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  summary(): Promise<ArianeeReserveStreamSummary<T>> {
    return this.#summary;
  }

  #yield(waiting: Waiting<T>): IteratorResult<T, undefined> {
    this.#delivered += 1;
    this.#yielded.push(waiting.taken);
    return { done: false, value: waiting.reservation };
  }

  #deliver(reservation: T): Promise<void> | undefined {
    if (this.#closed) {
      this.#undelivered.push(reservation);
      return undefined;
    }
    return new Promise<void>((taken) => {
      const waiting = { reservation, taken };
      const pull = this.#pulls.shift();
      if (pull) pull(this.#yield(waiting));
      else this.#waiting.push(waiting);
    });
  }

  #finish(outcome: ArianeeBatchOutcome): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const pull of this.#pulls.splice(0)) pull(DONE);
    this.#resolveSummary({
      ...outcome,
      delivered: this.#delivered,
      undelivered: this.#undelivered,
      endedEarly: this.#endedEarly,
    });
  }
}
