import fc from 'fast-check';
import { ConflictError, type ReservationError } from 'reservekit';
import { DotsClient } from 'reservekit/dots';
import { createSimulator } from 'reservekit/testing';
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

// Dots.eco: never two offerings for one logical call; a success is the one offering with the fields
// sent; an error that says it may have acted names the id, and that id finds the offering.
const sim = createSimulator();
const base = useSimulator(sim);

function client(options: Partial<ConstructorParameters<typeof DotsClient>[0]> = {}): DotsClient {
  return new DotsClient({
    baseUrl: base.dots,
    authToken: sim.credentials.dots.authToken,
    appToken: sim.credentials.dots.appToken,
    ...CLIENT,
    ...options,
  });
}

function queue(schedule: Schedule): void {
  sim.faults.clear();
  for (const fault of schedule.creates) sim.faults.next('dots.createOffering', fault);
  for (const fault of schedule.lookups) sim.faults.next('dots.listOfferings', fault);
}

/** Which create call a suite drives. */
export type Call = 'create' | 'createOrGet';

/** The model suite of one Dots.eco create call; each test file runs one, in its own process. */
export function describeDotsModel(call: Call): void {
  describe(`model: dots.ecoClubOfferings.${call} under random fault schedules`, () => {
    it(
      'one offering per call, with the fields sent; what may exist can be found by its lookupKey',
      async () => {
        await fc.assert(
          fc.asyncProperty(schedules, fc.integer({ min: 1, max: 3 }), async (schedule, quantity) => {
            const externalUniqueId = fresh('order');
            const params = { quantity, title: `Gift ${externalUniqueId}`, externalUniqueId };
            queue(schedule);
            await using dots = client();
            const result = await settle(dots.ecoClubOfferings[call](params));
            sim.faults.clear();
            const stored = sim.dots.offerings({ externalUniqueId });
            const context = `${call} ${describeSchedule(schedule)}`;
            expect(stored.length, context).toBeLessThanOrEqual(1);
            if ('data' in result) {
              expect(stored, context).toHaveLength(1);
              expect(result.data, context).toMatchObject({
                uuid: stored[0]?.uuid,
                quantity,
                title: params.title,
              });
              return;
            }
            const error = result.error as ReservationError;
            expect(error, context).not.toBeInstanceOf(ConflictError);
            if (toldBy(error) === 'did nothing') {
              expect(stored, context).toHaveLength(0);
              return;
            }
            expect(error.retryable, context).toBe(false);
            expect(error.lookupKey, context).toEqual({ externalUniqueId });
            if (error.outcome === 'applied') expect(stored, context).toHaveLength(1);
            if (stored.length === 1) {
              await using reader = client();
              const found = await reader.ecoClubOfferings.findByExternalUniqueId(externalUniqueId);
              expect(found?.uuid, context).toBe(stored[0]?.uuid);
            }
          }),
          checkSettings(`dots.ecoClubOfferings.${call}`),
        );
      },
      SUITE_TIMEOUT_MS,
    );
  });
}
