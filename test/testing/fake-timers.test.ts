import { ArianeeClient } from 'reservekit/arianee';
import { DotsClient } from 'reservekit/dots';
import { createSimulator, DEFAULT_HANDLER_BASE_URLS, type Simulator } from 'reservekit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The recipes of docs/testing.md ("Fake timers"): reservekit waits (backoff, Retry-After, the
// per-attempt timeout) with setTimeout, so under fake timers a retried call waits until the test
// moves time. In-process, nothing but those timers stands between two attempts, so the test moves
// fake time; over loopback sockets, real I/O does, so the SDK's timers must run in real time.
const sim: Simulator = createSimulator();
const open: { close(): Promise<void> }[] = [];
beforeEach(() => sim.clear());
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((client) => client.close()));
});

function arianee(target: {
  baseUrl: string;
  dispatcher?: ReturnType<Simulator['dispatcher']>;
}): ArianeeClient {
  const client = new ArianeeClient({ apiKey: sim.credentials.arianee.apiKey, ...target });
  open.push(client);
  return client;
}

describe('in-process (sim.dispatcher()): every timer faked, the test moves time', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it('a 503 with Retry-After: 1, then a success: attempts 2 after advancing 1 s', async () => {
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { status: 503, headers: { 'retry-after': '1' } });
    const client = arianee({ baseUrl: DEFAULT_HANDLER_BASE_URLS.arianee, dispatcher: sim.dispatcher() });
    const started = sim.clock.now();
    const pending = client.reserveOne({ tags: 'vip' }).withMeta();
    await vi.advanceTimersByTimeAsync(1_000);
    const { meta } = await pending;
    expect(meta).toMatchObject({ attempts: 2, totalRetryDelayMs: 1_000 });
    expect(sim.arianee.available('vip')).toBe(0);
    // The simulator's clock follows the faked Date: the resend arrived one (fake) second later.
    expect(sim.requests.map((entry) => entry.receivedAt - started)).toEqual([0, 1_000]);
  });

  it('a backoff of unknown length: runAllTimersAsync() runs the call to its end', async () => {
    sim.faults.next('dots.listOfferings', { status: 500, times: 2 });
    const client = new DotsClient({
      authToken: sim.credentials.dots.authToken,
      appToken: sim.credentials.dots.appToken,
      dispatcher: sim.dispatcher(),
    });
    open.push(client);
    const pending = client.ecoClubOfferings.list().withMeta();
    await vi.runAllTimersAsync();
    const { data, meta } = await pending;
    expect(data).toEqual([]);
    expect(meta.attempts).toBe(3);
  });
});

describe('loopback (sim.listen()): real sockets, so the SDK waits in real time', () => {
  let url: string;
  beforeAll(async () => {
    url = (await sim.listen()).arianee.url;
  });
  afterAll(() => sim.close());

  it.each([
    { name: "fake only Date (toFake: ['Date'])", config: { toFake: ['Date' as const] } },
    { name: 'fake time that follows real time (shouldAdvanceTime)', config: { shouldAdvanceTime: true } },
  ])('$name: a 503 with Retry-After: 1, then a success: attempts 2', async ({ config }) => {
    vi.useFakeTimers(config);
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { status: 503, headers: { 'retry-after': '1' } });
    const { meta } = await arianee({ baseUrl: url }).reserveOne({ tags: 'vip' }).withMeta();
    expect(meta).toMatchObject({ attempts: 2, totalRetryDelayMs: 1_000 });
    expect(sim.requests).toHaveLength(2);
  });
});
