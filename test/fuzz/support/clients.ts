/**
 * Client options of every fuzzed client: short timeouts, fast retries, no retry budget (a property
 * makes hundreds of calls, and a drained budget would change what later cases see).
 */
export const FUZZ_CLIENT = {
  timeoutMs: 1_000,
  totalTimeoutMs: 2_000,
  maxRetries: 1,
  retry: { baseDelayMs: 1, maxDelayMs: 4 },
  retryBudget: false as const,
};

/** A DIDWW country id for seeding numbers (DIDWW ids are UUIDs). */
export const COUNTRY_ID = '1f6fc2bd-f081-4202-9b1a-d9cb88d942b9';

let counter = 0;
/** A value no earlier case used. */
export function fresh(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
