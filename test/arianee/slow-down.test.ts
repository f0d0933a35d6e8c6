import { delay, HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArianeeClient } from '../../src/arianee/index.js';
import { RateLimitError } from '../../src/core/errors.js';
import { createSimulator } from '../../src/testing/index.js';
import { useHandlerServer } from '../support/handler-server.js';
import { useSimulator } from '../support/simulator.js';
import { linkObjectBody, nmpClient, RESERVE_PATH } from './fake-nmp.js';

// Both bulk calls slow down on 429 (AIMD): a call that fails with a RateLimitError after its own
// retries halves the calls in flight; successes add them back one window at a time.
const sim = createSimulator();
const base = useSimulator(sim);
const server = useHandlerServer();

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

describe('a persistent 429', () => {
  // Before AIMD, reserveMany at concurrency 4 sent 39 requests into it: 13 calls of 3 attempts
  // (10 failures to reach maxFailures, plus the 3 other calls in flight). Now 4 calls, then 2,
  // then 1, which is refused at one call at a time: 7 calls, 21 requests.
  it('reserveMany: 21 requests instead of 39, nothing taken, every failure rejected', async () => {
    sim.arianee.addPassports('vip', 100);
    sim.faults.next('arianee.reserveOne', { status: 429, times: 1_000 });
    const batch = await client.reserveMany({ tags: 'vip', count: 50, concurrency: 4 });
    expect(reserveCalls()).toHaveLength(21);
    expect(batch.failed).toHaveLength(7);
    expect(batch.stoppedBy).toBeInstanceOf(RateLimitError);
    expect(
      batch.failed.every(({ error }) => error instanceof RateLimitError && error.outcome === 'rejected'),
    ).toBe(true);
    expect(batch.unknownOutcomes).toBe(0);
    expect(batch.reserved).toEqual([]);
    expect(sim.arianee.available('vip')).toBe(100);
  });

  it('reserveStream: the same 21 requests, and the loop ends without a throw', async () => {
    sim.arianee.addPassports('vip', 100);
    sim.faults.next('arianee.reserveOne', { status: 429, times: 1_000 });
    const stream = client.reserveStream({ tags: 'vip', count: 50, concurrency: 4 });
    let yielded = 0;
    for await (const _passport of stream) yielded += 1;
    const summary = await stream.summary();
    expect(yielded).toBe(0);
    expect(reserveCalls()).toHaveLength(21);
    expect(summary.stoppedBy).toBeInstanceOf(RateLimitError);
    expect(summary.unknownOutcomes).toBe(0);
    expect(sim.arianee.available('vip')).toBe(100);
  });

  it('at concurrency 1, a call refused after its own retries ends the batch', async () => {
    sim.arianee.addPassports('vip', 10);
    sim.faults.next('arianee.reserveOne', { status: 429, times: 1_000 });
    const batch = await client.reserveMany({ tags: 'vip', count: 5, concurrency: 1 });
    expect(reserveCalls()).toHaveLength(3);
    expect(batch.failed).toHaveLength(1);
    expect(batch.stoppedBy).toBeInstanceOf(RateLimitError);
  });

  it('a burst of 429s slows the batch down, and it still reserves exactly count', async () => {
    sim.arianee.addPassports('vip', 100);
    // 12 requests are refused, then the NMP answers again. Which calls get them depends on timing
    // (retries wait a jittered backoff): at most 4 calls spend all 3 attempts on them.
    sim.faults.next('arianee.reserveOne', { status: 429, times: 12 });
    const batch = await client.reserveMany({ tags: 'vip', count: 20, concurrency: 4 });
    expect(batch.reserved).toHaveLength(20);
    expect(batch.failed.length).toBeLessThanOrEqual(4);
    for (const { error, mayHaveReserved } of batch.failed) {
      expect(error).toBeInstanceOf(RateLimitError);
      expect(mayHaveReserved).toBe(false);
    }
    expect(batch.stoppedBy).toBeUndefined();
    expect(sim.arianee.available('vip')).toBe(80);
    expect(reserveCalls()).toHaveLength(12 + 20);
  });
});

describe('calls in flight under 429 (AIMD)', () => {
  it('halves after a 429 and grows back one at a time after successes', async () => {
    // The first 4 requests get a 429 (no retries here); the others answer after 20 ms. Each
    // request notes how many were in flight when it arrived.
    let n = 0;
    let inFlight = 0;
    const seen: number[] = [];
    server.use(
      http.get(RESERVE_PATH, async () => {
        n += 1;
        const id = n;
        inFlight += 1;
        seen.push(inFlight);
        try {
          if (id <= 4) return HttpResponse.json({ message: 'slow down' }, { status: 429 });
          await delay(20);
          return HttpResponse.json(linkObjectBody(id));
        } finally {
          inFlight -= 1;
        }
      }),
    );
    const nmp = nmpClient(server);
    const batch = await nmp.reserveMany({ tags: 'vip', count: 40, concurrency: 4 }, { maxRetries: 0 });
    await nmp.close();
    expect(batch.reserved).toHaveLength(40);
    expect(batch.failed).toHaveLength(4);
    const after = seen.slice(4);
    // Right after the 429s, at most 2 at once; later more again (4 unless the machine is slow),
    // never more than concurrency.
    expect(Math.max(...after.slice(0, 2))).toBeLessThanOrEqual(2);
    expect(Math.max(...after)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...after)).toBeLessThanOrEqual(4);
  });
});
