import diagnostics from 'node:diagnostics_channel';
import net from 'node:net';
import { AbortedError, ConnectionError, TimeoutError } from 'reservekit';
import { ArianeeClient } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';
import { createSimulator, DEFAULT_HANDLER_BASE_URLS, type Simulator } from 'reservekit/testing';
import { type Dispatcher, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failure } from '../support/failure.js';

// `sim.dispatcher()`: the simulator answers inside the process, at the providers' real hosts, with
// no socket and no DNS lookup; any other host is refused before anything leaves the process.
const COUNTRY = '3f1c0e4a-5d2b-4c8e-9a7f-6b1d2e3c4f5a';
const sim: Simulator = createSimulator();
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const open: { close(): Promise<void> }[] = [];
beforeEach(() => sim.clear());
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

function track<T extends { close(): Promise<void> }>(client: T): T {
  open.push(client);
  return client;
}

const dots = (options: Partial<ConstructorParameters<typeof DotsClient>[0]> = {}) =>
  track(
    new DotsClient({
      authToken: sim.credentials.dots.authToken,
      appToken: sim.credentials.dots.appToken,
      dispatcher: sim.dispatcher(),
      ...fast,
      ...options,
    }),
  );

const arianee = (options: Partial<ConstructorParameters<typeof ArianeeClient>[0]> = {}) =>
  track(
    new ArianeeClient({
      baseUrl: DEFAULT_HANDLER_BASE_URLS.arianee,
      apiKey: sim.credentials.arianee.apiKey,
      dispatcher: sim.dispatcher(),
      ...fast,
      ...options,
    }),
  );

const sent = (operation: string) => sim.requests.filter((entry) => entry.operation === operation);

/**
 * Watches every way a connection could start: a socket's `connect` (TCP and TLS alike go through
 * it) and undici's `undici:client:beforeConnect` diagnostics channel. `stop()` returns what was seen.
 */
function watchConnections(): { stop(): string[] } {
  const connect = vi.spyOn(net.Socket.prototype, 'connect');
  const seen: string[] = [];
  const onBeforeConnect = () => seen.push('undici:client:beforeConnect');
  diagnostics.subscribe('undici:client:beforeConnect', onBeforeConnect);
  return {
    stop() {
      for (const _ of connect.mock.calls) seen.push('socket.connect');
      connect.mockRestore();
      diagnostics.unsubscribe('undici:client:beforeConnect', onBeforeConnect);
      return seen;
    },
  };
}

describe("the three clients at their providers' default hosts", () => {
  it('Dots.eco: creates and lists at https://impact.dots.eco/api/v1 with no baseUrl', async () => {
    const client = dots();
    const offering = await client.ecoClubOfferings.create({ quantity: 2, externalUniqueId: 'order-1' });
    expect(sim.dots.offerings({ externalUniqueId: 'order-1' })[0]?.uuid).toBe(offering.uuid);
    expect((await client.ecoClubOfferings.list()).map((item) => item.uuid)).toEqual([offering.uuid]);
    expect(sent('dots.createOffering')[0]).toMatchObject({
      path: '/api/v1/eco-club-offering/add',
      status: 200,
    });
  });

  it('DIDWW: holds a number in the sandbox (the default environment) with no baseUrl', async () => {
    const [did] = sim.didww.addAvailableDids({ countryId: COUNTRY, count: 1 });
    const client = track(
      new DidwwClient({ apiKey: sim.credentials.didww.apiKey, dispatcher: sim.dispatcher(), ...fast }),
    );
    const { data } = await client.availableDids.list({ filter: { countryId: COUNTRY } });
    expect(data.map((number) => number.id)).toEqual([did?.id]);
    const hold = await client.didReservations.create({ availableDidId: did?.id ?? '' });
    expect(hold.status).toBe('created');
    expect(sim.didww.reservations()).toHaveLength(1);
    expect(sent('didww.createReservation')[0]).toMatchObject({ path: '/v3/did_reservations', status: 201 });
  });

  it('DIDWW: answers the production host too', async () => {
    sim.didww.addAvailableDids({ countryId: COUNTRY, count: 1 });
    const client = track(
      new DidwwClient({
        apiKey: sim.credentials.didww.apiKey,
        environment: 'production',
        dispatcher: sim.dispatcher(),
        ...fast,
      }),
    );
    const { data } = await client.availableDids.list({ filter: { countryId: COUNTRY } });
    expect(data).toHaveLength(1);
    expect(sim.requests[0]?.headers.host).toBe('api.didww.com');
  });

  it("Arianee: reserves at the simulator's default NMP host, or a brand's own", async () => {
    sim.arianee.addPassports('vip', 2);
    const link = await arianee().reserveOne({ tags: 'vip', format: 'link' });
    expect(link).toMatch(/^https:\/\/test\.arianee\.net\/\d+,/);
    const brand = 'https://mybrand.nmp.arianee.com';
    const own = arianee({ baseUrl: brand, dispatcher: sim.dispatcher({ arianee: brand }) });
    await own.reserveOne({ tags: 'vip' });
    expect(sim.arianee.available('vip')).toBe(0);
    expect(sim.requests.map((entry) => entry.headers.host)).toEqual([
      'nmp.example.com',
      'mybrand.nmp.arianee.com',
    ]);
  });
});

describe('a host the simulator does not serve', () => {
  it('is refused inside the process: ConnectionError, not_sent, no socket, no DNS lookup', async () => {
    const watch = watchConnections();
    let seen: string[] = [];
    try {
      // The real Dots.eco host, while the dispatcher simulates Dots.eco somewhere else.
      const client = dots({ dispatcher: sim.dispatcher({ dots: 'https://dots.test.example/api/v1' }) });
      const error = await failure(
        client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-x' }),
      );
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ outcome: 'not_sent', attempts: 1 });
      expect(error.message).toContain('https://impact.dots.eco');
      const other = arianee({ baseUrl: 'https://nmp.unknown.example' });
      const refused = await failure(other.reserveOne({ tags: 'vip' }));
      expect(refused).toMatchObject({ outcome: 'not_sent', attempts: 1 });
    } finally {
      seen = watch.stop();
    }
    expect(seen).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it('(the same watch sees a client that does connect: the loopback server)', async () => {
    const urls = await sim.listen();
    const watch = watchConnections();
    let seen: string[] = [];
    try {
      sim.arianee.addPassports('vip', 1);
      await arianee({ baseUrl: urls.arianee.url, dispatcher: undefined }).reserveOne({ tags: 'vip' });
    } finally {
      seen = watch.stop();
      await sim.close();
    }
    expect(seen).toContain('socket.connect');
    expect(seen).toContain('undici:client:beforeConnect');
  });

  it('is refused to a plain undici request as well, naming the hosts it serves', async () => {
    const error = await request('https://api.unknown.example/v1/things', {
      dispatcher: sim.dispatcher(),
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('https://api.unknown.example');
    expect(error?.message).toContain('https://sandbox-api.didww.com/v3');
  });
});

describe('faults, as over the loopback server', () => {
  it("reset: 'before' reaches the simulator, so the request counts as sent: unknown, not not_sent", async () => {
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { reset: 'before' });
    const error = await failure(arianee().reserveOne({ tags: 'vip' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'unknown', systemCode: 'ECONNRESET', attempts: 1 });
    expect(sim.arianee.available('vip')).toBe(1);
  });

  it("reset: 'after' loses the answer; the Dots.eco client looks the offering up", async () => {
    sim.faults.next('dots.createOffering', { reset: 'after' });
    const { meta } = await dots()
      .ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-r' })
      .withMeta();
    expect(meta).toMatchObject({ reconciled: true, attempts: 1 });
    expect(sim.dots.offerings()).toHaveLength(1);
  });

  it('a 2xx whose body is cut: the status arrived, the body broke off: applied', async () => {
    sim.arianee.addPassports('vip', 2);
    sim.faults.next('arianee.reserveOne', { cutBody: true });
    const error = await failure(arianee().reserveOne({ tags: 'vip' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'applied', systemCode: 'UND_ERR_SOCKET', retryable: false });
    expect(sim.arianee.available('vip')).toBe(1);
    expect(sent('arianee.reserveOne')).toHaveLength(1);
  });

  it('a cut body through undici.request: status and headers, then the body read fails', async () => {
    sim.faults.next('dots.createOffering', { cutBody: true });
    const response = await request(`${DEFAULT_HANDLER_BASE_URLS.dots}/eco-club-offering/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'auth-token': sim.credentials.dots.authToken },
      body: JSON.stringify({ app_token: sim.credentials.dots.appToken, quantity: 1 }),
      dispatcher: sim.dispatcher(),
    });
    expect(response.statusCode).toBe(200);
    expect(Number(response.headers['content-length'])).toBeGreaterThan(1);
    await expect(response.body.text()).rejects.toThrow('other side closed');
    expect(sim.dots.offerings()).toHaveLength(1);
  });

  it('a 503 with Retry-After is resent', async () => {
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { status: 503, headers: { 'retry-after': '0' } });
    const { meta } = await arianee().reserveOne({ tags: 'vip' }).withMeta();
    expect(meta.attempts).toBe(2);
  });
});

describe('abort and timeout while the answer is on its way', () => {
  it('a timeout while the simulator holds the answer (delayMs): the Dots.eco create is looked up', async () => {
    sim.faults.next('dots.createOffering', { delayMs: 400 });
    const { meta } = await dots()
      .ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-t' }, { timeoutMs: 100 })
      .withMeta();
    expect(meta.reconciled).toBe(true);
    expect(sim.dots.offerings()).toHaveLength(1);
  });

  it('an abort while the answer is held: AbortedError, the request was sent', async () => {
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { delayMs: 2_000 });
    const controller = new AbortController();
    const pending = failure(arianee().reserveOne({ tags: 'vip' }, { signal: controller.signal }));
    await vi.waitFor(() => expect(sent('arianee.reserveOne')).toHaveLength(1));
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.outcome).toBe('unknown');
  });

  it('a timeout before the answer: TimeoutError, sent', async () => {
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { delayMs: 1_000 });
    const error = await failure(arianee().reserveOne({ tags: 'vip' }, { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.outcome).toBe('unknown');
  });

  it('an abort after the headers: the body read fails with the reason', async () => {
    const controller = new AbortController();
    const response = await request(
      `${DEFAULT_HANDLER_BASE_URLS.dots}/eco-club-offering/list/${sim.credentials.dots.appToken}`,
      {
        headers: { 'auth-token': sim.credentials.dots.authToken },
        dispatcher: sim.dispatcher(),
        signal: controller.signal,
      },
    );
    expect(response.statusCode).toBe(200);
    controller.abort(new Error('caller gave up'));
    await expect(response.body.text()).rejects.toThrow('caller gave up');
  });
});

describe('the dispatch contract, as undici handlers see it', () => {
  /** Dispatches a Dots.eco list and records every callback; `onData` runs on each chunk. */
  function listOfferings(onData: (controller: Dispatcher.DispatchController) => void) {
    const events: string[] = [];
    let controller: Dispatcher.DispatchController | undefined;
    const settled = new Promise<void>((resolve) => {
      sim.dispatcher().dispatch(
        {
          origin: 'https://impact.dots.eco',
          path: `/api/v1/eco-club-offering/list/${sim.credentials.dots.appToken}`,
          method: 'GET',
          headers: { 'auth-token': sim.credentials.dots.authToken },
        },
        {
          onRequestStart(ctrl) {
            controller = ctrl;
            events.push('start');
          },
          onRequestSent: () => events.push('sent'),
          onResponseStart: (_ctrl, status) => events.push(`status ${status}`),
          onResponseData(ctrl) {
            events.push('data');
            onData(ctrl);
          },
          onResponseEnd() {
            events.push('end');
            resolve();
          },
          onResponseError(_ctrl, error) {
            events.push(`error ${error.message}`);
            resolve();
          },
        },
      );
    });
    return { events, settled, controller: () => controller };
  }
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('start, sent, status, data, end — and a paused reader holds the end back until resume()', async () => {
    const exchange = listOfferings((ctrl) => ctrl.pause());
    await vi.waitFor(() => expect(exchange.events).toContain('data'));
    await turn();
    expect(exchange.events).toEqual(['start', 'sent', 'status 200', 'data']);
    exchange.controller()?.resume();
    await exchange.settled;
    expect(exchange.events).toEqual(['start', 'sent', 'status 200', 'data', 'end']);
  });

  it('abort() while paused mid-body: onResponseError with the reason, never onResponseEnd', async () => {
    const exchange = listOfferings((ctrl) => ctrl.pause());
    await vi.waitFor(() => expect(exchange.events).toContain('data'));
    exchange.controller()?.abort(new Error('caller gave up'));
    await exchange.settled;
    await turn();
    expect(exchange.events).toEqual(['start', 'sent', 'status 200', 'data', 'error caller gave up']);
  });
});
