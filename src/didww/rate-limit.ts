import * as z from 'zod/mini';
import { RateLimiter } from '../core/rate-limiter.js';

/**
 * Client-side pacing. DIDWW allows 20 requests per second per API key, then answers 429
 * (doc.didww.com/api3/2026-04-16/authentication.md).
 */
export interface DidwwRateLimit {
  /** Requests per second. Default 20. */
  requestsPerSecond?: number;
  /**
   * Requests that may go at once before pacing starts. Default 1: requests are spread evenly. A
   * burst of 20 followed by 20/s would allow up to 40 requests in the first second.
   */
  burst?: number;
}

/** DIDWW's documented limit. */
export const DIDWW_REQUESTS_PER_SECOND = 20;

const REFUSED = 'expected false, a RateLimiter, or a plain object { requestsPerSecond?, burst? }';

/**
 * An object literal (or one without a prototype), not a `Map`, a date or an instance of some class:
 * those would otherwise pass for an empty options object and be replaced by the default limiter.
 */
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  // Object.prototype of this realm or another one (a vm context's): the root of its chain.
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * The `rateLimit` option's schema. `instanceof RateLimiter` holds for a limiter of another copy of
 * reservekit or of its other build (the class is branded): such a limiter is kept, not replaced.
 */
export function rateLimitOptionSchema() {
  return z.union(
    [
      z.literal(false),
      z.instanceof(RateLimiter),
      z.pipe(
        z.custom<object>(isPlainObject, { error: REFUSED }),
        z.strictObject({
          // z.number() already refuses Infinity and NaN (classic `.finite()` was a no-op).
          requestsPerSecond: z.optional(z.number().check(z.positive())),
          burst: z.optional(z.int().check(z.gte(1))),
        }),
      ),
    ],
    { error: REFUSED },
  );
}

/**
 * The limiter a client uses: its own (default 20/s), one passed in — share one `RateLimiter` between
 * every client that uses the same API key, since the limit is per key — or none (`false`).
 */
export function createRateLimiter(
  option: DidwwRateLimit | RateLimiter | false | undefined,
): RateLimiter | undefined {
  if (option === false) return undefined;
  if (option instanceof RateLimiter) return option;
  return new RateLimiter(option?.requestsPerSecond ?? DIDWW_REQUESTS_PER_SECOND, option?.burst ?? 1);
}
