import { DeadlineReached } from './sleep.js';

// Limiters are branded, as the errors are (errors.ts), so that a limiter made by another copy of
// reservekit (a wrapper SDK's bundled copy, or the other of the ESM and CJS builds) is recognised
// and used as is, not replaced (docs/didww.md, "Rate limit"). The brand's value is the version of
// `acquire`'s contract, the one method a client calls on a limiter: a change to that contract
// takes a new version, so that a copy never calls a limiter it does not understand. The brand is
// read by `Symbol.hasInstance` rather than by an `isRateLimiter()` guard because `instanceof
// RateLimiter` is what callers (and the option schema's `z.instanceof`) already write.
const BRAND = Symbol.for('reservekit.rateLimiter');
const ACQUIRE_CONTRACT = 1;

type Branded = { [BRAND]?: unknown };

/** One caller waiting for its turn. */
interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Keeps clients under a provider's documented request rate (e.g. DIDWW's 20 requests/second per
 * key): a token bucket that refills continuously. Callers wait in one queue and go strictly in the
 * order they came, with at most one timer armed for the whole queue.
 *
 * Share one instance between every client that uses the same API key. `instanceof RateLimiter`
 * holds for a limiter made by another installed copy of reservekit or by its other build (ESM or
 * CJS), and clients use such a limiter as is.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter(20, 1);
 * const eu = new DidwwClient({ apiKey, rateLimit: limiter });
 * const us = new DidwwClient({ apiKey, rateLimit: limiter });
 * ```
 */
export class RateLimiter {
  /**
   * @internal `instanceof RateLimiter` by brand, so that it holds across copies of reservekit and
   * its builds; by prototype chain for a subclass the user defines, as for any class.
   */
  // `this` is the class `instanceof` was asked about: only RateLimiter's own prototype holds the brand.
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: see above.
    const ours = Object.hasOwn(this.prototype, BRAND);
    if (ours) return (value as Branded | null | undefined)?.[BRAND] === ACQUIRE_CONTRACT;
    // biome-ignore lint/complexity/noThisInStatic: see above.
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }

  readonly #intervalMs: number;
  /** How far ahead of the rate a burst may run: `burst - 1` intervals. */
  readonly #burstMs: number;
  /**
   * The `performance.now()` time from which the next token is there. The bucket kept as one time
   * rather than a count of tokens (a "generic cell rate" scheduler): the same limits, and the wait
   * of the n-th in the queue is this time plus n intervals.
   */
  #nextTokenAt = Number.NEGATIVE_INFINITY;
  /** The waiters, oldest first: a Set keeps insertion order and lets an aborted one leave at once. */
  readonly #queue = new Set<Waiter>();
  /** The one timer, armed for the oldest waiter's token while anyone waits. */
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param requestsPerSecond - The sustained rate; above 0.
   * @param burst - How many requests may go at once before pacing starts (at least 1). Default: the rate.
   * @throws {RangeError} When `requestsPerSecond` is not above 0, or `burst` is not a number.
   */
  constructor(requestsPerSecond: number, burst: number = requestsPerSecond) {
    if (!(requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be > 0');
    if (Number.isNaN(burst)) throw new RangeError('burst must be a number');
    this.#intervalMs = 1000 / requestsPerSecond;
    // An unbounded rate has no interval to run ahead by (and Infinity × 0 is not a number).
    this.#burstMs = this.#intervalMs === 0 ? 0 : (Math.max(1, burst) - 1) * this.#intervalMs;
  }

  /**
   * Resolves when a request may go. The contract every client relies on, kept across versions:
   * - a caller goes after every caller that came before it;
   * - when `signal` aborts, the caller leaves the queue and the promise rejects with `signal.reason`
   *   (at once if it has already aborted);
   * - with a `deadlineAt` (a `performance.now()` time), a caller whose turn would come at or after it
   *   is refused at once with `DeadlineReached`, and takes no place in the queue.
   */
  acquire(signal?: AbortSignal, deadlineAt: number = Number.POSITIVE_INFINITY): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = performance.now();
    if (this.#queue.size === 0 && now >= this.#nextTokenAt) {
      this.#take(now);
      return Promise.resolve();
    }
    // Every waiter ahead takes one interval; one of them aborting only makes the turn come earlier.
    const turnAt = Math.max(now, this.#nextTokenAt) + this.#queue.size * this.#intervalMs;
    if (turnAt >= deadlineAt) return Promise.reject(new DeadlineReached());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => this.#leave(waiter, signal.reason);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.add(waiter);
      this.#arm();
    });
  }

  #take(now: number): void {
    this.#nextTokenAt = Math.max(this.#nextTokenAt, now - this.#burstMs) + this.#intervalMs;
  }

  #arm(): void {
    if (this.#timer !== undefined || this.#queue.size === 0) return;
    const delay = Math.max(0, Math.ceil(this.#nextTokenAt - performance.now()));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#grant();
    }, delay);
  }

  /** Lets through, oldest first, every waiter a token is there for; then waits for the next token. */
  #grant(): void {
    const now = performance.now();
    for (const waiter of this.#queue) {
      if (now < this.#nextTokenAt) break;
      this.#queue.delete(waiter);
      this.#take(now);
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    this.#arm();
  }

  #leave(waiter: Waiter, reason: unknown): void {
    if (!this.#queue.delete(waiter)) return;
    waiter.reject(reason);
    if (this.#queue.size === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}

// On the prototype, so that subclasses' instances carry it too; set here rather than in the class
// body, where naming the class makes the bundler rename it (see errors.ts).
Object.defineProperty(RateLimiter.prototype, BRAND, { value: ACQUIRE_CONTRACT });
