import type fc from 'fast-check';

/**
 * Fuzz suites: hostile inputs and planted secrets against the simulator on loopback.
 *
 * `npm test` runs RUNS cases per property with a fixed seed, so a failure replays exactly.
 * `npm run test:fuzz` runs 2,000 per property with a random seed, printed so that a failure can be
 * replayed: `FUZZ_SEED=<seed> npm run test:fuzz` (FUZZ_RUNS sets the count).
 */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 50);

const seedSetting = process.env.FUZZ_SEED;
/** The seed of this run: fixed unless FUZZ_SEED says `random` or gives one. */
export const SEED =
  seedSetting === undefined
    ? 20_261_414
    : seedSetting === 'random'
      ? Math.floor(Math.random() * 2 ** 31)
      : Number(seedSetting);

/**
 * How long fast-check may search and shrink one property. Most cases take milliseconds; a case
 * that hangs costs HANG_MS, and shrinking a hang replays several. Past this, fast-check stops and
 * reports the smallest counterexample it has.
 */
const SEARCH_LIMIT_MS = Math.max(60_000, RUNS * 300);

/** A property's time limit in vitest: the search, and the time to close what it opened. */
export const PROPERTY_TIMEOUT_MS = SEARCH_LIMIT_MS + 30_000;

/** fast-check's settings for one property; prints the seed when it is not the fixed one. */
export function fuzzSettings(property: string): fc.Parameters<unknown> {
  if (seedSetting !== undefined) console.log(`[fuzz] ${property}: ${RUNS} runs, seed ${SEED}`);
  return { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: SEARCH_LIMIT_MS };
}
