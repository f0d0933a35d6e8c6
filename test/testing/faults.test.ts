import { describe, expect, it, vi } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { useSimulator } from '../support/simulator.js';

const sim: Simulator = createSimulator({ didww: { rateLimitPerSecond: false } });
const base = useSimulator(sim);

function reserveOne(signal?: AbortSignal): Promise<Response> {
  return fetch(`${base.arianee}/dispenser/distribution/reserveOne?tags=vip&format=linkObject`, {
    headers: { authorization: `Bearer ${sim.credentials.arianee.apiKey}` },
    signal,
  });
}

function addOffering(
  externalId: string,
  options: { signal?: AbortSignal; code?: string } = {},
): Promise<Response> {
  return fetch(`${base.dots}/eco-club-offering/add`, {
    method: 'POST',
    signal: options.signal,
    headers: { 'content-type': 'application/json', 'auth-token': sim.credentials.dots.authToken },
    body: JSON.stringify({
      app_token: sim.credentials.dots.appToken,
      quantity: 1,
      external_unique_id: externalId,
      ...(options.code === undefined ? {} : { code: options.code }),
    }),
  });
}

/**
 * A signal that aborts once the simulator has logged the next request: the client gives up after
 * the provider had it, whatever the machine's load (a fixed timeout could fire before it arrived).
 */
function abortWhenReceived(): AbortSignal {
  const controller = new AbortController();
  const seen = sim.requests.length;
  const poll = setInterval(() => {
    if (sim.requests.length <= seen) return;
    clearInterval(poll);
    controller.abort();
  }, 2);
  return controller.signal;
}

function listHolds(): Promise<Response> {
  return fetch(`${base.didww}/did_reservations`, {
    headers: { 'api-key': sim.credentials.didww.apiKey },
  });
}

describe('connection resets', () => {
  it("reset: 'before' drops the connection and nothing happens", async () => {
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { reset: 'before' });
    await expect(reserveOne()).rejects.toThrow();
    expect(sim.arianee.available('vip')).toBe(1);
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      operation: 'arianee.reserveOne',
      status: undefined,
      fault: { reset: 'before' },
    });
  });

  it("reset: 'after' acts, then drops the connection: the answer is lost", async () => {
    sim.faults.next('dots.createOffering', { reset: 'after' });
    await expect(addOffering('order-1')).rejects.toThrow();
    expect(sim.dots.offerings({ externalUniqueId: 'order-1' })).toHaveLength(1);
    const retry = await addOffering('order-1');
    expect(retry.status).toBe(422);
  });
});

describe('injected statuses', () => {
  it('answers the status with the provider error shape, without acting, `times` calls in a row', async () => {
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { status: 503, times: 2 });
    const first = await reserveOne();
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ name: 'API Error', httpCode: 503 });
    expect((await reserveOne()).status).toBe(503);
    expect(sim.arianee.available('vip')).toBe(1);
    expect((await reserveOne()).status).toBe(200);
  });

  it("speaks each provider's error format", async () => {
    sim.faults.next('didww.listReservations', { status: 500 });
    sim.faults.next('dots.listOfferings', { status: 500 });
    const didww = await listHolds();
    expect(didww.headers.get('content-type')).toContain('application/vnd.api+json');
    expect(await didww.json()).toEqual({
      errors: [
        { title: 'Internal Server Error', detail: 'Internal Server Error', code: '500', status: '500' },
      ],
    });
    const dots = await fetch(`${base.dots}/eco-club-offering/list/${sim.credentials.dots.appToken}`, {
      headers: { 'auth-token': sim.credentials.dots.authToken },
    });
    expect(await dots.json()).toEqual({ message: 'Internal server error' });
  });

  it('takes a custom body and headers', async () => {
    sim.faults.next('didww.listReservations', {
      status: 429,
      body: 'slow down',
      headers: { 'retry-after': '3' },
    });
    const response = await listHolds();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.text()).toBe('slow down');
  });

  it('actFirst acts, then answers the status (a gateway error after the backend acted)', async () => {
    sim.faults.next('dots.createOffering', { status: 502, actFirst: true });
    expect((await addOffering('order-2')).status).toBe(502);
    expect(sim.dots.offerings({ externalUniqueId: 'order-2' })).toHaveLength(1);
  });
});

describe('malformed bodies and delays', () => {
  it('malformed acts and answers half a JSON document', async () => {
    sim.faults.next('dots.createOffering', { malformed: true });
    const response = await addOffering('order-3');
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
    expect(sim.dots.offerings()).toHaveLength(1);
  });

  it('delayMs holds the answer back after acting: a client that gives up has lost a real reservation', async () => {
    sim.arianee.addPassports('vip', 1);
    sim.faults.next('arianee.reserveOne', { delayMs: 5_000 });
    await expect(reserveOne(abortWhenReceived())).rejects.toThrow();
    await vi.waitFor(() => expect(sim.arianee.available('vip')).toBe(0));
  });
});

describe('act, then hang', () => {
  it('actFirst with a status and delayMs acts before the delay: a client that timed out left the offering created', async () => {
    sim.faults.next('dots.createOffering', { actFirst: true, status: 503, delayMs: 5_000 });
    await expect(addOffering('order-4', { signal: abortWhenReceived() })).rejects.toThrow();
    await vi.waitFor(() => expect(sim.dots.offerings({ externalUniqueId: 'order-4' })).toHaveLength(1));
    expect(sim.requests[0]).toMatchObject({ status: undefined, fault: { actFirst: true, status: 503 } });
  });

  it("reset: 'after' with delayMs acts before the delay: a client that timed out left the passport taken", async () => {
    sim.arianee.addPassports('vip', 2);
    sim.faults.next('arianee.reserveOne', { reset: 'after', delayMs: 5_000 });
    await expect(reserveOne(abortWhenReceived())).rejects.toThrow();
    await vi.waitFor(() => expect(sim.arianee.available('vip')).toBe(1));
  });
});

describe('targets and bookkeeping', () => {
  it("'provider.*' and '*' match every operation of a provider / of all", async () => {
    sim.faults.next('didww.*', { status: 503 });
    sim.faults.next('*', { status: 504 });
    expect((await listHolds()).status).toBe(503);
    expect((await addOffering('x')).status).toBe(504);
    expect((await listHolds()).status).toBe(200);
  });

  it('faults are used in order; pending() lists what is left; clear() drops them', async () => {
    sim.faults.next('didww.listReservations', { status: 500 });
    sim.faults.next('didww.listReservations', { status: 502, times: 2 });
    expect((await listHolds()).status).toBe(500);
    expect(sim.faults.pending()).toEqual([
      { target: 'didww.listReservations', remaining: 2, spec: { status: 502, times: 2 } },
    ]);
    sim.faults.clear();
    expect((await listHolds()).status).toBe(200);
  });

  it('rejects contradictory faults', () => {
    expect(() => sim.faults.next('arianee.reserveOne', { reset: 'after', status: 500 })).toThrow(RangeError);
    expect(() => sim.faults.next('arianee.reserveOne', { malformed: true, reset: 'before' })).toThrow(
      RangeError,
    );
    expect(() => sim.faults.next('arianee.reserveOne', { times: 0 })).toThrow(RangeError);
  });
  it.each([
    { staleMs: -1 },
    { staleMs: Number.NaN },
    { staleMs: Number.POSITIVE_INFINITY },
    { staleMs: 1_000, status: 503 },
    { staleMs: 1_000, reset: 'before' as const },
    { staleMs: 1_000, reset: 'after' as const },
    { staleMs: 1_000, malformed: true },
    { cutBody: true, status: 502 },
    { cutBody: true, reset: 'after' as const },
    { cutBody: true, malformed: true },
  ])('rejects %o', (spec) => {
    expect(() => sim.faults.next('didww.listReservations', spec)).toThrow(RangeError);
    expect(sim.faults.pending()).toEqual([]);
  });

  it('takes staleMs with times and delayMs, and cutBody with delayMs', () => {
    sim.faults.next('didww.listReservations', { staleMs: 0 });
    sim.faults.next('didww.listReservations', { staleMs: 60_000, times: 2, delayMs: 10 });
    sim.faults.next('dots.createOffering', { cutBody: true, delayMs: 10 });
    expect(sim.faults.pending()).toHaveLength(3);
  });
});

describe('the request log', () => {
  it('records provider, operation, method, path, query, parsed body, status; secrets redacted', async () => {
    sim.clock.advance(5_000);
    await addOffering('order-9');
    await listHolds();
    sim.arianee.addPassports('vip', 1);
    await reserveOne();
    const [dots, didww, arianee] = sim.requests;
    expect(dots).toMatchObject({
      provider: 'dots',
      operation: 'dots.createOffering',
      method: 'POST',
      path: '/api/v1/eco-club-offering/add',
      body: { app_token: '[REDACTED]', quantity: 1, external_unique_id: 'order-9' },
      status: 200,
      fault: undefined,
    });
    expect(dots?.headers['auth-token']).toBe('[REDACTED]');
    expect(didww).toMatchObject({
      provider: 'didww',
      operation: 'didww.listReservations',
      path: '/v3/did_reservations',
    });
    expect(didww?.headers['api-key']).toBe('[REDACTED]');
    expect(arianee?.query).toEqual({ tags: 'vip', format: 'linkObject' });
    expect(arianee?.headers.authorization).toBe('[REDACTED]');
    expect(JSON.stringify(sim.requests)).not.toContain(sim.credentials.didww.apiKey);
    expect(dots?.receivedAt).toBeGreaterThanOrEqual(sim.clock.now() - 60_000);
  });

  it('redacts Dots.eco app tokens (paths and bodies) and redeem codes (bodies, also not JSON)', async () => {
    const { appToken, readAuthToken } = sim.credentials.dots;
    const code = '7QX';
    await addOffering('order-10', { code });
    await fetch(
      `${base.dots}/eco-club-offering/list/${encodeURIComponent(appToken)}?external-unique-id=order-10`,
      {
        headers: { 'auth-token': readAuthToken },
      },
    );
    await fetch(`${base.dots}/eco-club-offering/list/${encodeURIComponent(appToken)}/some-uuid`, {
      headers: { 'auth-token': readAuthToken },
    });
    // Not JSON (cut short), yet it holds both.
    await fetch(`${base.dots}/eco-club-offering/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'auth-token': sim.credentials.dots.authToken },
      body: `{"app_token": "${appToken}", "code":"${code}", "quantity": 1`,
    });
    const [create, list, get, cut] = sim.requests;
    expect(create?.body).toMatchObject({
      app_token: '[REDACTED]',
      code: '[REDACTED]',
      external_unique_id: 'order-10',
    });
    expect(list).toMatchObject({
      operation: 'dots.listOfferings',
      path: '/api/v1/eco-club-offering/list/[REDACTED]',
      query: { 'external-unique-id': 'order-10' },
    });
    expect(get).toMatchObject({
      operation: 'dots.getOffering',
      path: '/api/v1/eco-club-offering/list/[REDACTED]/some-uuid',
    });
    expect(cut?.body).toBe('{"app_token": "[REDACTED]", "code":"[REDACTED]", "quantity": 1');
    const printed = JSON.stringify(sim.requests);
    for (const secret of [appToken, encodeURIComponent(appToken), `"${code}"`, readAuthToken])
      expect(printed).not.toContain(secret);
  });

  it('keeps everything as received with createSimulator({ log: { raw: true } })', async () => {
    await using raw = createSimulator({ log: { raw: true } });
    const urls = await raw.listen();
    const { appToken, authToken } = raw.credentials.dots;
    await fetch(`${urls.dots.url}/eco-club-offering/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'auth-token': authToken },
      body: JSON.stringify({ app_token: appToken, quantity: 1, code: '7QX' }),
    });
    await fetch(`${urls.dots.url}/eco-club-offering/list/${appToken}`, {
      headers: { 'auth-token': authToken },
    });
    const [create, list] = raw.requests;
    expect(create?.body).toMatchObject({ app_token: appToken, code: '7QX' });
    expect(create?.headers['auth-token']).toBe(authToken);
    expect(list?.path).toBe(`/api/v1/eco-club-offering/list/${appToken}`);
  });
});
