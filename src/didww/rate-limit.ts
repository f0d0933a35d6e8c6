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
