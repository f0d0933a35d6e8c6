import { DeadlineReached, sleep } from './sleep.js';

/**
 * Keeps one client under a provider's documented request rate (e.g. DIDWW's 20 requests/second
 * per key): a token bucket that refills continuously; callers wait for a token.
 */
export class RateLimiter {
  readonly #perSecond: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;

  constructor(requestsPerSecond: number, burst: number = requestsPerSecond) {
    if (!(requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be > 0');
    this.#perSecond = requestsPerSecond;
    this.#burst = Math.max(1, burst);
    this.#tokens = this.#burst;
    this.#last = performance.now();
  }

  /**
   * Resolves when a request may go; waits listen to the signal. With a `deadlineAt`
   * (a `performance.now()` time), a wait that would end after it rejects at once with `DeadlineReached`.
   */
  async acquire(signal?: AbortSignal, deadlineAt = Number.POSITIVE_INFINITY): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#perSecond);
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000);
      if (now + waitMs >= deadlineAt) throw new DeadlineReached();
      await sleep(waitMs, signal);
    }
  }
}
