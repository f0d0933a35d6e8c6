/**
 * Full-jitter exponential backoff: a uniformly random wait in [0, min(cap, base·2^retry)].
 * Spreads retries of many clients instead of synchronising them.
 */
export function fullJitterDelay(
  retryNumber: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random = Math.random,
): number {
  const bound = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.floor(random() * bound);
}
