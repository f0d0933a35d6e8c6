import fc from 'fast-check';
import type { FaultSpec } from 'reservekit/testing';
import { expect } from 'vitest';
import { ReservationError } from '../../src/core/errors.js';

/**
 * Model-based fault suites: random schedules of faults, placed on attempt 1, 2 or 3 of a create and
 * on the lookups that follow, against the simulator on loopback and the real clients.
 *
 * `npm test` runs 200 schedules per operation with a fixed seed; `npm run test:chaos` runs 5,000
 * with a random seed, printed so that a failure can be replayed: `CHAOS_SEED=<seed> npm run test:chaos`.
 */
export const RUNS = Number(process.env.CHAOS_RUNS ?? 200);

const seedSetting = process.env.CHAOS_SEED;
/** The seed of this run: fixed unless CHAOS_SEED says `random` or gives one. */
export const SEED =
  seedSetting === undefined
    ? 20_261_201
    : seedSetting === 'random'
      ? Math.floor(Math.random() * 2 ** 31)
      : Number(seedSetting);

/** A suite's time limit: schedules take a few to a hundred milliseconds each (hangs, retries). */
export const SUITE_TIMEOUT_MS = Math.max(120_000, RUNS * 150);

/** fast-check's settings for one suite; prints the seed when it is not the fixed one. */
export function checkSettings(suite: string): fc.Parameters<unknown> {
  if (seedSetting !== undefined) console.log(`[chaos] ${suite}: ${RUNS} schedules, seed ${SEED}`);
  return { numRuns: RUNS, seed: SEED, endOnFailure: true };
}

/** Client timeouts: short, so that a "hang" costs little; a hang outlasts them. */
export const CLIENT = {
  timeoutMs: 30,
  totalTimeoutMs: 3_000,
  maxRetries: 2,
  retry: { baseDelayMs: 1, maxDelayMs: 4 },
  retryBudget: false as const,
};
const HANG_MS = 60;

/** No fault for this call (the queue has no "skip"; a zero delay changes nothing). */
const NONE: FaultSpec = { delayMs: 0 };

/** Every way a create attempt fails in the simulator, before or after the provider acted. */
const CREATE_FAULTS: readonly FaultSpec[] = [
  NONE,
  NONE,
  { reset: 'before' },
  { reset: 'after' },
  { status: 429 },
  { status: 503, headers: { 'retry-after': '0' } },
  { status: 500 },
  { status: 502 },
  { status: 503 },
  { status: 504 },
  { status: 500, actFirst: true },
  { status: 502, actFirst: true },
  { status: 503, actFirst: true },
  { status: 504, actFirst: true },
  { cutBody: true },
  { malformed: true },
  // Act, then hang past the client's timeout.
  { delayMs: HANG_MS },
  { status: 503, actFirst: true, delayMs: HANG_MS },
];

/** Every way a lookup fails or lags. */
const LOOKUP_FAULTS: readonly FaultSpec[] = [
  NONE,
  NONE,
  { staleMs: 60_000 },
  { staleMs: 60_000 },
  { status: 500 },
  { status: 503 },
  { status: 429 },
  { reset: 'before' },
  { delayMs: HANG_MS },
];

/** One schedule: the faults of the create's attempts in order, and of its lookups in order. */
export interface Schedule {
  creates: FaultSpec[];
  lookups: FaultSpec[];
}

export const schedules: fc.Arbitrary<Schedule> = fc.record({
  creates: fc.array(fc.constantFrom(...CREATE_FAULTS), { minLength: 1, maxLength: 3 }),
  lookups: fc.array(fc.constantFrom(...LOOKUP_FAULTS), { maxLength: 4 }),
});

/** A readable form of a schedule for failure messages. */
export function describeSchedule(schedule: Schedule): string {
  return JSON.stringify(schedule);
}

/** What the provider may have done, by the error's own account. */
export type Told = 'success' | 'did nothing' | 'may have acted';

/** Checks the error is ours and says what it claims the provider did. */
export function toldBy(error: unknown): Exclude<Told, 'success'> {
  expect(error).toBeInstanceOf(ReservationError);
  const outcome = (error as ReservationError).outcome;
  return outcome === 'not_sent' || outcome === 'rejected' ? 'did nothing' : 'may have acted';
}

/** Runs a call, returning its data or its error. */
export async function settle<T>(promise: PromiseLike<T>): Promise<{ data: T } | { error: unknown }> {
  try {
    return { data: await promise };
  } catch (error) {
    return { error };
  }
}

let counter = 0;
/** A name no earlier schedule used: late answers of one schedule never touch another's items. */
export function fresh(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
