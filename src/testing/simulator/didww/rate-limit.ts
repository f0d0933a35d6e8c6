/** The answer of {@link KeyRateLimit.take}: allowed, or how long to wait. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * DIDWW's "20 requests per second per API key", as a token bucket per key in real time. How DIDWW
 * counts is not documented; a bucket of `perSecond` tokens refilled continuously accepts what a
 * client pacing itself with the same bucket sends.
 */
export class KeyRateLimit {
  readonly #perSecond: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(perSecond: number) {
    if (!(perSecond > 0)) throw new RangeError('rate limit must be > 0 requests per second');
    this.#perSecond = perSecond;
  }

  take(key: string): RateDecision {
    const now = performance.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#perSecond, at: now };
    bucket.tokens = Math.min(this.#perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perSecond)),
    };
  }

  clear(): void {
    this.#buckets.clear();
  }
}
