import {
  AuthenticationError,
  ConnectionError,
  NoInventoryError,
  ResponseValidationError,
  ServerError,
} from 'reservekit';
import { ArianeeClient } from 'reservekit/arianee';
import { createSimulator, type Simulator } from 'reservekit/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failure } from '../support/failure.js';
import { useSimulator } from '../support/simulator.js';

// The real ArianeeClient (undici, the shared transport) against the simulator on loopback.
const sim: Simulator = createSimulator();
const base = useSimulator(sim);
let client: ArianeeClient;
beforeEach(() => {
  client = new ArianeeClient({
    baseUrl: base.arianee,
    apiKey: sim.credentials.arianee.apiKey,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
});
afterEach(() => client.close());

const reserveCalls = () => sim.requests.filter((request) => request.operation === 'arianee.reserveOne');

describe('reserveOne', () => {
  it('returns the reserved passport and takes it from the pool', async () => {
    const [passport] = sim.arianee.addPassports('vip', 2);
    const reserved = await client.reserveOne({ tags: 'vip' });
    expect(reserved).toMatchObject({
      method: 'requestOwnership',
      certificateId: passport?.certificateId,
      deeplink: { link: `https://test.arianee.net/${passport?.certificateId},${passport?.passphrase}` },
    });
    expect(sim.arianee.available('vip')).toBe(1);
    expect(reserveCalls()[0]?.query).toEqual({ tags: 'vip', format: 'linkObject' });
  });

  it('returns the bare link in the link format', async () => {
    const [passport] = sim.arianee.addPassports('vip', 1);
    const link = await client.reserveOne({ tags: 'vip', format: 'link' });
    expect(link).toBe(`https://test.arianee.net/${passport?.certificateId},${passport?.passphrase}`);
  });

  it('sends several tags comma-joined', async () => {
    sim.arianee.addPassports('spring', 1);
    await client.reserveOne({ tags: ['vip', 'spring'] });
    expect(reserveCalls()[0]?.query.tags).toBe('vip,spring');
  });

  it('an empty pool is a NoInventoryError with the documented code', async () => {
    const error = await failure(client.reserveOne({ tags: 'vip' }));
    expect(error).toBeInstanceOf(NoInventoryError);
    expect(error).toMatchObject({
      providerCode: 'nmp.back.dispenser.oneToOne.noNFTsToSend',
      outcome: 'rejected',
    });
  });

  it('a wrong key is an AuthenticationError that does not show the key', async () => {
    const wrong = new ArianeeClient({ baseUrl: base.arianee, apiKey: 'not-the-key-1234' });
    const error = await failure(wrong.reserveOne({ tags: 'vip' }));
    await wrong.close();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(error)).not.toContain('not-the-key-1234');
  });
});

describe('exactly once', () => {
  it('a reset after the NMP acted is not retried: outcome unknown, pool down by one', async () => {
    sim.arianee.addPassports('vip', 3);
    sim.faults.next('arianee.reserveOne', { reset: 'after' });
    const error = await failure(client.reserveOne({ tags: 'vip' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.outcome).toBe('unknown');
    expect(error.message).toMatch(/a passport may have been reserved/);
    expect(reserveCalls()).toHaveLength(1);
    expect(sim.arianee.available('vip')).toBe(2);
  });

  it('a 500 is not retried either (the NMP may have acted)', async () => {
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { status: 500, actFirst: true });
    const error = await failure(client.reserveOne({ tags: 'vip' }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.outcome).toBe('unknown');
    expect(reserveCalls()).toHaveLength(1);
  });

  it('a 503 with Retry-After (a planned refusal) is retried and reserves exactly one passport', async () => {
    sim.arianee.addPassports('vip', 2);
    sim.faults.next('arianee.reserveOne', { status: 503, headers: { 'retry-after': '0' } });
    const { meta } = await client.reserveOne({ tags: 'vip' }).withMeta();
    expect(meta.attempts).toBe(2);
    expect(sim.arianee.available('vip')).toBe(1);
  });

  it('a malformed 200 is a ResponseValidationError with outcome applied: the passport was taken', async () => {
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { malformed: true });
    const error = await failure(client.reserveOne({ tags: 'vip' }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.outcome).toBe('applied');
    expect(sim.arianee.available('vip')).toBe(0);
  });

  it('a slow answer past the timeout: not resent, the passport is gone', async () => {
    sim.arianee.addPassports('vip', 2);
    sim.faults.next('arianee.reserveOne', { delayMs: 500 });
    const error = await failure(client.reserveOne({ tags: 'vip' }, { timeoutMs: 50 }));
    expect(error.outcome).toBe('unknown');
    expect(reserveCalls()).toHaveLength(1);
    expect(sim.arianee.available('vip')).toBe(1);
  });
});

describe('reserveMany', () => {
  it('reserves until the pool runs dry and reports exhaustion', async () => {
    sim.arianee.addPassports('vip', 37);
    const progress: number[] = [];
    const batch = await client.reserveMany({
      tags: 'vip',
      count: 50,
      concurrency: 4,
      onProgress: ({ reserved }) => progress.push(reserved),
    });
    expect(batch.reserved).toHaveLength(37);
    expect(batch.exhausted).toBe(true);
    expect(batch.unknownOutcomes).toBe(0);
    expect(new Set(batch.reserved.map((passport) => passport.certificateId)).size).toBe(37);
    expect(sim.arianee.available('vip')).toBe(0);
    expect(progress.at(-1)).toBe(37);
    // At most one failing call per worker after the pool ran dry.
    expect(reserveCalls().length).toBeLessThanOrEqual(37 + 4);
  });

  it('counts a lost answer as an unknown outcome and goes on, without taking more than count', async () => {
    sim.arianee.addPassports('vip', 5);
    sim.faults.next('arianee.reserveOne', { reset: 'after' });
    const batch = await client.reserveMany({ tags: 'vip', count: 3, concurrency: 1 });
    expect(batch.reserved).toHaveLength(2);
    expect(batch.unknownOutcomes).toBe(1);
    expect(sim.arianee.available('vip')).toBe(5 - 3);
  });

  it.each([1, 4])(
    'calls that act then fail never take more than count (concurrency %i)',
    async (concurrency) => {
      sim.arianee.addPassports('vip', 20);
      sim.faults.next('arianee.reserveOne', { actFirst: true, status: 500, times: 4 });
      const batch = await client.reserveMany({ tags: 'vip', count: 3, concurrency });
      const taken = 20 - sim.arianee.available('vip');
      expect(taken).toBeLessThanOrEqual(3);
      expect(batch.reserved.length + batch.unknownOutcomes).toBeLessThanOrEqual(3);
      expect(batch.unknownOutcomes).toBe(3);
      expect(reserveCalls()).toHaveLength(3);
    },
  );

  it('an abort mid-batch loses no passport: calls in flight finish and are returned', async () => {
    sim.arianee.addPassports('vip', 20);
    // The first 4 answers are held back after the simulator took the passport.
    sim.faults.next('arianee.reserveOne', { delayMs: 300, times: 4 });
    const controller = new AbortController();
    const pending = client.reserveMany(
      { tags: 'vip', count: 10, concurrency: 4 },
      { signal: controller.signal },
    );
    await vi.waitFor(() => expect(reserveCalls()).toHaveLength(4));
    controller.abort();
    const batch = await pending;
    expect(batch).toMatchObject({ aborted: true, failed: [], unknownOutcomes: 0 });
    expect(batch.reserved).toHaveLength(4);
    expect(sim.arianee.available('vip')).toBe(20 - 4);
    expect(reserveCalls()).toHaveLength(4);
  });
});
