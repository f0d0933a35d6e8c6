import {
  AbortedError,
  ClientClosedError,
  ConflictError,
  ConnectionError,
  RateLimitError,
  ReconcileError,
  ServerError,
  TimeoutError,
} from 'reservekit';
import { ArianeeClient } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';
import { createSimulator, type Simulator } from 'reservekit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../support/failure.js';
import { SIM_ROUTES, simTargets, useSimulator } from '../support/simulator.js';

// The contract of docs/errors.md ("What the provider may have done"), each case a fault placed
// where gateways and networks really put them: after the provider acted. Every case holds over
// loopback HTTP and over the in-process dispatcher alike.
const sim: Simulator = createSimulator();
const base = useSimulator(sim);
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

const sent = (operation: string) => sim.requests.filter((request) => request.operation === operation);
// DIDWW orders name a stock keeping unit; the simulator keeps no prices and takes any.
const SKU_ID = '2e5c9d1a-6b7f-4c3e-8d2a-1f0e9b8c7a6d';

describe.each(SIM_ROUTES)('over %s', (route) => {
  const target = simTargets(sim, base, route);

  function arianee(options: Partial<ConstructorParameters<typeof ArianeeClient>[0]> = {}): ArianeeClient {
    const client = new ArianeeClient({
      ...target.arianee(),
      apiKey: sim.credentials.arianee.apiKey,
      ...fast,
      ...options,
    });
    open.push(client);
    return client;
  }

  function dots(options: Partial<ConstructorParameters<typeof DotsClient>[0]> = {}): DotsClient {
    const client = new DotsClient({
      ...target.dots(),
      authToken: sim.credentials.dots.authToken,
      appToken: sim.credentials.dots.appToken,
      ...fast,
      ...options,
    });
    open.push(client);
    return client;
  }

  function didww(options: Partial<ConstructorParameters<typeof DidwwClient>[0]> = {}): DidwwClient {
    const client = new DidwwClient({
      ...target.didww(),
      apiKey: sim.credentials.didww.apiKey,
      rateLimit: false,
      ...fast,
      ...options,
    });
    open.push(client);
    return client;
  }

  describe('1. a 503 after the provider acted', () => {
    it.each([1, 3])(
      'Arianee: %i gateway 503s after the NMP acted take one passport, and say it may be reserved',
      async (times) => {
        sim.arianee.addPassports('vip', 5);
        sim.faults.next('arianee.reserveOne', { status: 503, actFirst: true, times });
        const error = await failure(arianee().reserveOne({ tags: 'vip' }));
        expect(error).toBeInstanceOf(ServerError);
        expect(error).toMatchObject({ status: 503, outcome: 'unknown', retryable: false, attempts: 1 });
        expect(error.message).toContain('a passport may have been reserved');
        expect(sent('arianee.reserveOne')).toHaveLength(1);
        expect(sim.arianee.available('vip')).toBe(4);
      },
    );

    it('Arianee: a 503 with Retry-After is a planned refusal: resent, one passport', async () => {
      sim.arianee.addPassports('vip', 5);
      sim.faults.next('arianee.reserveOne', { status: 503, headers: { 'retry-after': '0' }, times: 2 });
      const { meta } = await arianee().reserveOne({ tags: 'vip' }).withMeta();
      expect(meta.attempts).toBe(3);
      expect(sim.arianee.available('vip')).toBe(4);
    });

    it('DIDWW: a gateway 503 after an order was placed places one order, never resent, and names the hold', async () => {
      const client = didww();
      const [did] = sim.didww.addAvailableDids({ countryIso: 'GB', count: 1 });
      const hold = await client.didReservations.create({ availableDidId: did?.id ?? '' });
      sim.faults.next('didww.createOrder', { status: 503, actFirst: true });
      const error = await failure(
        client.orders.create({ items: [{ skuId: SKU_ID, didReservationId: hold.id }] }),
      );
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({
        status: 503,
        outcome: 'unknown',
        retryable: false,
        attempts: 1,
        lookupKey: { didReservationIds: [hold.id], availableDidIds: [] },
      });
      expect(error.message).toContain('an order may have been placed');
      expect(sent('didww.createOrder')).toHaveLength(1);
      expect(sim.didww.orders()).toHaveLength(1);
    });

    it('Dots.eco: a 503 after the offering was made is looked up, not refused as a duplicate', async () => {
      sim.faults.next('dots.createOffering', { status: 503, actFirst: true });
      const { data, meta } = await dots()
        .ecoClubOfferings.create({ quantity: 2, title: 'Thank you', externalUniqueId: 'order-503' })
        .withMeta();
      expect(meta).toMatchObject({ reconciled: true, attempts: 1 });
      const stored = sim.dots.offerings({ externalUniqueId: 'order-503' });
      expect(stored).toHaveLength(1);
      expect(data.uuid).toBe(stored[0]?.uuid);
      expect(sent('dots.createOffering')).toHaveLength(1);
    });
  });

  describe('3. a duplicate refusal after a resend proves the lost attempt acted', () => {
    it('the lookup lags twice: applied, not rejected, with the id to look up', async () => {
      sim.faults.next('dots.createOffering', { reset: 'after' });
      sim.faults.next('dots.listOfferings', { staleMs: 60_000, times: 2 });
      const error = await failure(
        dots().ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-dup' }),
      );
      // The refusal is not a conflict to trust: the call's own lost attempt made the offering.
      expect(error).toBeInstanceOf(ReconcileError);
      expect(error).toMatchObject({
        code: 'reconcile_failed',
        outcome: 'applied',
        retryable: false,
        lookupKey: { externalUniqueId: 'order-dup' },
      });
      expect(error.cause).toBeInstanceOf(ConflictError);
      expect(sim.dots.offerings({ externalUniqueId: 'order-dup' })).toHaveLength(1);
      // create, lookup (stale), create (refused as a duplicate), lookup (stale): nothing more.
      expect(sim.requests.map((request) => request.operation)).toEqual([
        'dots.createOffering',
        'dots.listOfferings',
        'dots.createOffering',
        'dots.listOfferings',
      ]);
    });

    it('the lookup catches up after the refusal: the offering, reconciled', async () => {
      sim.faults.next('dots.createOffering', { reset: 'after' });
      sim.faults.next('dots.listOfferings', { staleMs: 60_000 });
      const { data, meta } = await dots()
        .ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-dup2' })
        .withMeta();
      expect(meta.reconciled).toBe(true);
      expect(data.uuid).toBe(sim.dots.offerings({ externalUniqueId: 'order-dup2' })[0]?.uuid);
    });
  });

  describe('5. an abort during the lookup', () => {
    it('is the create’s AbortedError: unknown, with its lookup key, the lookup’s error as cause', async () => {
      sim.faults.next('dots.createOffering', { reset: 'after' });
      sim.faults.next('dots.listOfferings', { delayMs: 2_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      const error = await failure(
        dots().ecoClubOfferings.create(
          { quantity: 1, externalUniqueId: 'order-abort' },
          { signal: controller.signal },
        ),
      );
      expect(error).toBeInstanceOf(AbortedError);
      expect(error).toMatchObject({
        operation: 'dots.ecoClubOfferings.create',
        outcome: 'unknown',
        lookupKey: { externalUniqueId: 'order-abort' },
      });
      expect(error.message).toContain("findByExternalUniqueId('order-abort')");
      expect(error.cause).toBeInstanceOf(AbortedError);
      expect((error.cause as AbortedError).operation).toBe('dots.ecoClubOfferings.findByExternalUniqueId');
    });
  });

  describe('6. an unknown outcome is never retryable and names what to look up', () => {
    it('Dots.eco: lookups failing until the end', async () => {
      sim.faults.next('dots.createOffering', { reset: 'after' });
      sim.faults.next('dots.listOfferings', { status: 500, times: 20 });
      const error = await failure(
        dots().ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-6' }, { maxRetries: 1 }),
      );
      expect(error).toBeInstanceOf(ReconcileError);
      expect(error).toMatchObject({
        code: 'reconcile_failed',
        outcome: 'unknown',
        retryable: false,
        lookupKey: { externalUniqueId: 'order-6' },
      });
    });

    it('DIDWW: the number held is the key', async () => {
      const [did] = sim.didww.addAvailableDids({ countryId: 'gb', count: 1 });
      sim.faults.next('didww.createReservation', { reset: 'after' });
      sim.faults.next('didww.listReservations', { status: 500, times: 20 });
      const error = await failure(
        didww().didReservations.create({ availableDidId: did?.id ?? '' }, { maxRetries: 1 }),
      );
      expect(error).toMatchObject({
        outcome: 'unknown',
        retryable: false,
        lookupKey: { availableDidId: did?.id },
      });
    });

    it('DIDWW orders: the holds and numbers the order named, and its reference', async () => {
      const [did] = sim.didww.addAvailableDids({ countryIso: 'GB', count: 1 });
      sim.faults.next('didww.createOrder', { reset: 'after' });
      const error = await failure(
        didww().orders.create({
          items: [{ skuId: SKU_ID, availableDidId: did?.id ?? '' }],
          externalReferenceId: 'order-6',
        }),
      );
      expect(error).toMatchObject({
        outcome: 'unknown',
        retryable: false,
        lookupKey: { didReservationIds: [], availableDidIds: [did?.id], externalReferenceId: 'order-6' },
      });
      expect(sent('didww.createOrder')).toHaveLength(1);
      expect(sim.didww.ownedNumbers()).toHaveLength(1);
    });
  });

  describe('7. totalTimeoutMs is one deadline', () => {
    it('bounds rate-limiter waits', async () => {
      const client = didww({ rateLimit: { requestsPerSecond: 1 }, totalTimeoutMs: 300 });
      const started = performance.now();
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => client.availableDids.list()));
      expect(performance.now() - started).toBeLessThan(2_000);
      const rejected = results.filter((result) => result.status === 'rejected');
      expect(rejected).toHaveLength(3);
      for (const result of rejected) {
        const reason = (result as PromiseRejectedResult).reason;
        expect(reason).toBeInstanceOf(TimeoutError);
        expect(reason).toMatchObject({ scope: 'total', outcome: 'not_sent' });
      }
    });
  });

  describe('10. close()', () => {
    it('ends a call waiting to retry at once, with its true outcome, and sends nothing more', async () => {
      sim.arianee.addPassports('vip', 2);
      sim.faults.next('arianee.reserveOne', { status: 429, headers: { 'retry-after': '30' }, times: 5 });
      const client = arianee();
      const pending = failure(client.reserveOne({ tags: 'vip' }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = performance.now();
      await client.close();
      const error = await pending;
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(error).toBeInstanceOf(ClientClosedError);
      expect(error).toMatchObject({ code: 'client_closed', outcome: 'rejected', attempts: 1 });
      expect(sent('arianee.reserveOne')).toHaveLength(1);
    });

    it('waits for a call in flight to settle before it resolves', async () => {
      sim.arianee.addPassports('vip', 1);
      sim.faults.next('arianee.reserveOne', { delayMs: 300 });
      const client = arianee();
      const pending = client.reserveOne({ tags: 'vip', format: 'link' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      let settled = false;
      void pending.then(() => {
        settled = true;
      });
      await client.close();
      expect(settled).toBe(true);
      await expect(pending).resolves.toMatch(/^https:/);
    });
  });

  describe('12. a 2xx whose body was cut', () => {
    it('Arianee: applied, the passport is gone, nothing resent', async () => {
      sim.arianee.addPassports('vip', 2);
      sim.faults.next('arianee.reserveOne', { cutBody: true });
      const error = await failure(arianee().reserveOne({ tags: 'vip' }));
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ outcome: 'applied', retryable: false });
      expect(sim.arianee.available('vip')).toBe(1);
      expect(sent('arianee.reserveOne')).toHaveLength(1);
    });

    it('DIDWW orders: applied, one order, nothing resent', async () => {
      const [did] = sim.didww.addAvailableDids({ countryIso: 'GB', count: 1 });
      sim.faults.next('didww.createOrder', { cutBody: true });
      const error = await failure(
        didww().orders.create({ items: [{ skuId: SKU_ID, availableDidId: did?.id ?? '' }] }),
      );
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ outcome: 'applied', retryable: false });
      expect(sim.didww.orders()).toHaveLength(1);
      expect(sent('didww.createOrder')).toHaveLength(1);
    });

    it('Dots.eco: looked up, returned, never created twice', async () => {
      sim.faults.next('dots.createOffering', { cutBody: true });
      const { meta } = await dots()
        .ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-cut' })
        .withMeta();
      expect(meta.reconciled).toBe(true);
      expect(sim.dots.offerings({ externalUniqueId: 'order-cut' })).toHaveLength(1);
      expect(sent('dots.createOffering')).toHaveLength(1);
    });
  });

  describe('13. reads report read outcomes', () => {
    it('a list that fails with 500 says the provider did nothing', async () => {
      sim.faults.next('dots.listOfferings', { status: 500, times: 5 });
      const error = await failure(dots().ecoClubOfferings.list({}, { maxRetries: 1 }));
      expect(error).toBeInstanceOf(ServerError);
      expect(error.outcome).toBe('rejected');
      expect(error.lookupKey).toBeUndefined();
    });
  });

  describe('15. once unknown, never rejected', () => {
    it('Dots.eco: a lost answer, a lookup that lags, then 429 until retries run out', async () => {
      sim.faults.next('dots.createOffering', { reset: 'after' });
      sim.faults.next('dots.listOfferings', { staleMs: 60_000, times: 10 });
      sim.faults.next('dots.createOffering', { status: 429, times: 10 });
      const error = await failure(
        dots().ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-15' }, { maxRetries: 2 }),
      );
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({
        outcome: 'unknown',
        retryable: false,
        lookupKey: { externalUniqueId: 'order-15' },
      });
      expect(sim.dots.offerings({ externalUniqueId: 'order-15' })).toHaveLength(1);
    });

    it('Dots.eco: the same id with other fields is a conflict, whatever the network did', async () => {
      await dots().ecoClubOfferings.create({ quantity: 5, title: 'Earlier', externalUniqueId: 'order-c' });
      sim.faults.next('dots.createOffering', { status: 500 });
      const error = await failure(
        dots().ecoClubOfferings.create({ quantity: 1, title: 'Later', externalUniqueId: 'order-c' }),
      );
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ providerCode: 'external_unique_id_taken', retryable: false });
      expect(sim.dots.offerings({ externalUniqueId: 'order-c' })).toHaveLength(1);
    });
  });
});
