import fc from 'fast-check';
import type { ReservationError } from 'reservekit';
import { DidwwClient } from 'reservekit/didww';
import { createSimulator, type FaultSpec } from 'reservekit/testing';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.js';
import {
  CLIENT,
  checkSettings,
  describeSchedule,
  fresh,
  type Schedule,
  SUITE_TIMEOUT_MS,
  schedules,
  settle,
  toldBy,
} from './schedules.js';

// DIDWW: never two holds for one call; a success is the hold on the number with the description
// sent — never an earlier order's hold found by number alone; an error that says it may have acted
// names the number.
const sim = createSimulator({ didww: { maxReservations: 1_000_000, rateLimitPerSecond: false } });
const base = useSimulator(sim);

const LATEST = '2026-11-19';

function client(apiVersion: string, timing: Partial<typeof CLIENT> = {}): DidwwClient {
  return new DidwwClient({
    baseUrl: base.didww,
    apiKey: sim.credentials.didww.apiKey,
    rateLimit: false,
    apiVersion,
    ...(apiVersion === LATEST ? { tokenUrl: sim.didww.tokenUrl } : {}),
    ...CLIENT,
    ...timing,
  });
}

/** For the setup and the checks, which no fault targets: timeouts a loaded machine cannot miss. */
const STEADY = { timeoutMs: 5_000, totalTimeoutMs: 20_000 };

/** Under 2026-11-19: the token service fails too, and DIDWW may refuse a token (401, before acting). */
const MINT_FAULTS: readonly FaultSpec[] = [
  { delayMs: 0 },
  { delayMs: 0 },
  { reset: 'before' },
  { reset: 'after' },
  { status: 503 },
  { status: 500 },
  { status: 401 },
  { delayMs: 60 },
];

const tokenFaults = fc.record({
  mints: fc.array(fc.constantFrom(...MINT_FAULTS), { maxLength: 3 }),
  // DIDWW refuses the token the client holds (it expired on DIDWW's side, or was revoked).
  expired: fc.boolean(),
  refusedCreates: fc.nat({ max: 2 }),
});

type TokenFaults = typeof tokenFaults extends fc.Arbitrary<infer T> ? T : never;

function queue(schedule: Schedule, tokens: TokenFaults | undefined): void {
  sim.faults.clear();
  // A 401 on a create comes before the schedule's faults: DIDWW refused the token, did nothing.
  for (let i = 0; i < (tokens?.refusedCreates ?? 0); i += 1)
    sim.faults.next('didww.createReservation', { status: 401 });
  for (const fault of schedule.creates) sim.faults.next('didww.createReservation', fault);
  for (const fault of schedule.lookups) sim.faults.next('didww.listReservations', fault);
  for (const fault of tokens?.mints ?? []) sim.faults.next('didww.mintToken', fault);
  if (tokens?.expired) sim.didww.expireTokens();
}

describe.each([
  ['2026-04-16', fc.constant(undefined)],
  [LATEST, tokenFaults],
] as const)(
  'model: didww.didReservations.create under random fault schedules (API %s)',
  (apiVersion, tokenArbitrary) => {
    it(
      'one hold per number, with this call’s description; what may exist names its number',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            schedules,
            fc.boolean(),
            tokenArbitrary as fc.Arbitrary<TokenFaults | undefined>,
            async (schedule, earlierOrder, tokens) => {
              // Earlier schedules' holds lapse: each schedule sees only its own.
              sim.clock.advance(11 * 60_000);
              const [did] = sim.didww.addAvailableDids({ countryId: fresh('country'), count: 1 });
              const availableDidId = did?.id ?? '';
              await using didww = client(apiVersion);
              await using steady = client(apiVersion, STEADY);
              // An earlier order of the same account already holds the number: its hold is not this call's.
              if (earlierOrder)
                await steady.didReservations.create({ availableDidId, description: 'order-earlier' });
              const description = fresh('order');
              queue(schedule, tokens);
              const result = await settle(didww.didReservations.create({ availableDidId, description }));
              sim.faults.clear();
              const holds = sim.didww.reservations().filter((hold) => hold.availableDidId === availableDidId);
              const context = `earlier order ${earlierOrder} ${describeSchedule(schedule)} tokens ${JSON.stringify(tokens)}`;
              expect(holds.length, context).toBeLessThanOrEqual(1);
              if ('data' in result) {
                expect(holds, context).toHaveLength(1);
                expect(result.data.id, context).toBe(holds[0]?.id);
                expect(holds[0]?.description, context).toBe(description);
                if (result.data.status === 'found')
                  expect(result.data.description, context).toBe(description);
                return;
              }
              const error = result.error as ReservationError;
              if (toldBy(error) === 'did nothing') {
                if (earlierOrder) expect(holds[0]?.description, context).toBe('order-earlier');
                else expect(holds, context).toHaveLength(0);
                return;
              }
              expect(error.retryable, context).toBe(false);
              expect(error.lookupKey, context).toEqual({ availableDidId });
              // What the key names can be found: the hold on that number, if the provider made one.
              const listed = [];
              for await (const hold of steady.didReservations.list({ include: 'availableDid' })) {
                if (hold.availableDidId === availableDidId) listed.push(hold.id);
              }
              expect(listed, context).toEqual(holds.map((hold) => hold.id));
            },
          ),
          checkSettings(`didww.didReservations.create (API ${apiVersion})`),
        );
      },
      SUITE_TIMEOUT_MS,
    );
  },
);
