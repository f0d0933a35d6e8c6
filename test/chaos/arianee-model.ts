import fc from 'fast-check';
import { NoInventoryError } from 'reservekit';
import { ArianeeClient } from 'reservekit/arianee';
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

// Arianee: passports taken at the provider are never more than the caller can know about —
// reservations returned plus errors that say a passport may have been reserved.
const sim = createSimulator();
const base = useSimulator(sim);

function client(): ArianeeClient {
  return new ArianeeClient({ baseUrl: base.arianee, apiKey: sim.credentials.arianee.apiKey, ...CLIENT });
}

function queue(schedule: Schedule): void {
  sim.faults.clear();
  // reserveOne has no lookup: every fault goes to its attempts, in order.
  for (const fault of [...schedule.creates, ...schedule.lookups])
    sim.faults.next('arianee.reserveOne', fault);
}

/** The model suite of `reserveOne`. */
export function describeReserveOneModel(): void {
  describe('model: arianee.reserveOne under random fault schedules', () => {
    it(
      'takes a passport only when it says so, or says it may have',
      async () => {
        await fc.assert(
          fc.asyncProperty(schedules, async (schedule) => {
            const tag = fresh('vip');
            sim.arianee.addPassports(tag, 3);
            queue(schedule);
            await using arianee = client();
            const result = await settle(arianee.reserveOne({ tags: tag, format: 'link' }));
            const taken = 3 - sim.arianee.available(tag);
            const context = describeSchedule(schedule);
            if ('data' in result) {
              expect(taken, context).toBe(1);
              expect(result.data, context).toMatch(/^https:/);
            } else if (toldBy(result.error) === 'did nothing') {
              expect(taken, context).toBe(0);
            } else {
              expect(taken, context).toBeLessThanOrEqual(1);
              expect((result.error as { retryable: boolean }).retryable, context).toBe(false);
            }
          }),
          checkSettings('arianee.reserveOne'),
        );
      },
      SUITE_TIMEOUT_MS,
    );
  });
}

/** The model suite of `reserveMany`. */
export function describeReserveManyModel(): void {
  describe('model: arianee.reserveMany under random fault schedules', () => {
    it(
      'never takes more than count, and every passport taken is returned or reported',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            schedules,
            fc.integer({ min: 1, max: 4 }),
            fc.integer({ min: 1, max: 3 }),
            async (schedule, count, concurrency) => {
              const tag = fresh('vip');
              const stock = 3;
              sim.arianee.addPassports(tag, stock);
              queue(schedule);
              await using arianee = client();
              const result = await arianee.reserveMany({ tags: tag, count, concurrency, format: 'link' });
              const taken = stock - sim.arianee.available(tag);
              const context = `${describeSchedule(schedule)} count ${count} concurrency ${concurrency}`;
              expect(taken, context).toBeLessThanOrEqual(count);
              expect(result.reserved.length + result.unknownOutcomes, context).toBeLessThanOrEqual(count);
              expect(taken, context).toBeGreaterThanOrEqual(result.reserved.length);
              expect(taken, context).toBeLessThanOrEqual(result.reserved.length + result.unknownOutcomes);
              if (result.exhausted) expect(result.stoppedBy, context).toBeInstanceOf(NoInventoryError);
              for (const failure of result.failed) toldBy(failure.error);
            },
          ),
          checkSettings('arianee.reserveMany'),
        );
      },
      SUITE_TIMEOUT_MS,
    );
  });
}

/** The model suite of `reserveStream`, with a loop that may leave early. */
export function describeReserveStreamModel(): void {
  describe('model: arianee.reserveStream under random fault schedules', () => {
    it(
      'never takes more than count, and every passport taken is yielded, undelivered or reported',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            schedules,
            fc.integer({ min: 1, max: 4 }),
            fc.integer({ min: 1, max: 3 }),
            fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
            async (schedule, count, concurrency, leaveAfter) => {
              const tag = fresh('vip');
              const stock = 3;
              sim.arianee.addPassports(tag, stock);
              queue(schedule);
              await using arianee = client();
              // linkObject: each passport is told apart by its id (a `link` body cut in half by a
              // `malformed` fault is still an http(s) URL, and two such halves can be equal).
              const stream = arianee.reserveStream({ tags: tag, count, concurrency });
              const yielded: number[] = [];
              for await (const passport of stream) {
                yielded.push(passport.certificateId);
                if (yielded.length === leaveAfter) break;
              }
              const summary = await stream.summary();
              const taken = stock - sim.arianee.available(tag);
              const seen = summary.delivered + summary.undelivered.length;
              const context = `${describeSchedule(schedule)} count ${count} concurrency ${concurrency} leave after ${leaveAfter}`;
              expect(summary.delivered, context).toBe(yielded.length);
              const ids = [...yielded, ...summary.undelivered.map((passport) => passport.certificateId)];
              expect(new Set(ids).size, context).toBe(seen);
              expect(taken, context).toBeLessThanOrEqual(count);
              expect(seen + summary.unknownOutcomes, context).toBeLessThanOrEqual(count);
              expect(taken, context).toBeGreaterThanOrEqual(seen);
              expect(taken, context).toBeLessThanOrEqual(seen + summary.unknownOutcomes);
              if (summary.exhausted) expect(summary.stoppedBy, context).toBeInstanceOf(NoInventoryError);
              for (const failure of summary.failed) toldBy(failure.error);
            },
          ),
          checkSettings('arianee.reserveStream'),
        );
      },
      SUITE_TIMEOUT_MS,
    );
  });
}
