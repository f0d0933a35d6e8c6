import { sleep } from './sleep.js';

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

  /** Resolves when a request may go; waits listen to the signal. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#perSecond);
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000), signal);
    }
  }
}
