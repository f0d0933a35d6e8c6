// API version 2026-11-19: bearer tokens minted from the key (issue 16; docs/didww.md, "Bearer tokens").
import { HttpResponse, http } from 'msw';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DidwwClient, type DidwwClientOptions } from '../../src/didww/index.js';
import {
  type AccessToken,
  AuthenticationError,
  InputValidationError,
  MemoryTokenStore,
  ResponseValidationError,
  TimeoutError,
  type TokenStore,
} from '../../src/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { printedForms } from '../support/printed-forms.js';
import { jsonApi, TEST_API_KEY } from './fixtures.js';

const LATEST = '2026-11-19';

function simClient(sim: Simulator, options: Partial<DidwwClientOptions> = {}): DidwwClient {
  return new DidwwClient({
    apiKey: sim.credentials.didww.apiKey,
    apiVersion: LATEST,
    tokenUrl: sim.didww.tokenUrl,
    dispatcher: sim.dispatcher(),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    rateLimit: false,
    ...options,
  });
}

const GB = '1f6fc2bd-f081-4202-9b1a-d9cb88d942b9';

/** A simulator with numbers in stock and no rate limit (the tests of concurrency send 50 at once). */
function seeded(options: Parameters<typeof createSimulator>[0] = {}): Simulator {
  const sim = createSimulator({ ...options, didww: { rateLimitPerSecond: false, ...options.didww } });
  sim.didww.addAvailableDids({ countryId: GB, count: 20 });
  return sim;
}

const apiCalls = (sim: Simulator) => sim.requests.filter((r) => r.operation !== 'didww.mintToken');
const mints = (sim: Simulator) => sim.requests.filter((r) => r.operation === 'didww.mintToken');

afterEach(() => {
  vi.useRealTimers();
});

describe('DIDWW 2026-11-19 on the simulator', () => {
  it('mints a token on the first call and sends it as a bearer token, without Api-Key', async () => {
    await using sim = seeded({ log: { raw: true } });
    await using client = simClient(sim);
    const { data } = await client.availableDids.list({ filter: { countryId: GB } });
    expect(data).toHaveLength(20);
    expect(sim.requests.map((r) => r.operation)).toEqual(['didww.mintToken', 'didww.listAvailableDids']);
    const [mint, list] = sim.requests;
    expect(mint?.method).toBe('POST');
    expect(mint?.headers['api-key']).toBe(sim.credentials.didww.apiKey);
    expect(mint?.headers.authorization).toBeUndefined();
    expect(list?.headers['api-key']).toBeUndefined();
    expect(list?.headers.authorization).toMatch(/^Bearer simtok_/);
    expect(list?.headers['x-didww-api-version']).toBe(LATEST);
  });

  it('sim.didww.tokenUrl works on loopback, and with a dispatcher made after listen()', async () => {
    await using sim = seeded();
    const urls = await sim.listen();
    expect(sim.didww.tokenUrl).toBe(urls.didww.tokenUrl);
    await using overLoopback = simClient(sim, { baseUrl: urls.didww.url, dispatcher: undefined });
    await overLoopback.availableDids.list();
    await using inProcess = simClient(sim);
    await inProcess.availableDids.list();
    expect(sim.didww.tokensMinted()).toBe(2);
  });

  it('reads each token answer shape the simulator can give', async () => {
    for (const shape of ['oauth', 'expires-at', 'json-api'] as const) {
      await using sim = seeded({ didww: { tokenResponseShape: shape } });
      await using client = simClient(sim);
      await client.availableDids.list();
      await client.availableDids.list();
      expect(sim.didww.tokensMinted(), shape).toBe(1);
      expect(
        apiCalls(sim).every((r) => r.status === 200),
        shape,
      ).toBe(true);
    }
  });

  it('mints once for 50 concurrent calls', async () => {
    await using sim = seeded();
    await using client = simClient(sim);
    const lists = await Promise.all(Array.from({ length: 50 }, () => client.availableDids.list()));
    expect(lists).toHaveLength(50);
    expect(sim.didww.tokensMinted()).toBe(1);
    expect(mints(sim)).toHaveLength(1);
    expect(apiCalls(sim)).toHaveLength(50);
  });

  it("a store's optional mintOnce runs every mint, told which token it replaces (a fleet's lock: docs/fleet.md)", async () => {
    await using sim = seeded();
    const memory = new MemoryTokenStore();
    const replaced: (string | undefined)[] = [];
    const store: TokenStore = {
      get: (key) => memory.get(key),
      set: (key, token) => memory.set(key, token),
      mintOnce: (_key, mint, replaces) => {
        replaced.push(replaces);
        return mint();
      },
    };
    await using client = simClient(sim, { tokenStore: store });
    await Promise.all(Array.from({ length: 10 }, () => client.availableDids.list()));
    expect(replaced).toEqual([undefined]);
    sim.didww.expireTokens();
    await client.availableDids.list();
    // The refused token is named: a shared store takes a token other than it, never it again.
    expect(replaced).toHaveLength(2);
    expect(replaced[1]).toEqual(expect.stringMatching(/^simtok_/));
    expect(mints(sim)).toHaveLength(2);
  });

  it('mints once for 50 concurrent calls of two clients sharing a token store', async () => {
    await using sim = seeded();
    const tokenStore = new MemoryTokenStore();
    await using a = simClient(sim, { tokenStore });
    await using b = simClient(sim, { tokenStore });
    await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).availableDids.list()));
    expect(sim.didww.tokensMinted()).toBe(1);
  });

  it('refreshes a token ahead of its expiry on the simulated clock, before DIDWW refuses it', async () => {
    // The simulator's clock follows Date.now(), and so does the client's view of expiry: moving the
    // faked Date moves both.
    vi.useFakeTimers({ toFake: ['Date'] });
    await using sim = seeded({ didww: { tokenTtlMs: 15 * 60_000 } });
    await using client = simClient(sim, { tokenRefreshMarginMs: 60_000 });
    await client.availableDids.list();
    vi.setSystemTime(Date.now() + 13 * 60_000); // 2 minutes left: not due yet
    await client.availableDids.list();
    expect(sim.didww.tokensMinted()).toBe(1);
    vi.setSystemTime(Date.now() + 90_000); // 30 s left: inside the margin
    await client.availableDids.list();
    expect(sim.didww.tokensMinted()).toBe(2);
    expect(apiCalls(sim).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('after a 401 mints once and resends once: two API requests, even for a create', async () => {
    await using sim = seeded();
    await using client = simClient(sim);
    await client.availableDids.list();
    sim.didww.expireTokens(); // DIDWW's side: the token the client holds no longer works
    const [did] = sim.didww.availableDids();
    const hold = await client.didReservations.create({ availableDidId: did!.id });
    const creates = sim.requests.filter((r) => r.operation === 'didww.createReservation');
    expect(creates.map((r) => r.status)).toEqual([401, 201]);
    expect(mints(sim)).toHaveLength(2);
    expect(sim.didww.reservations().map((r) => r.id)).toEqual([hold.id]);
  });

  it('50 concurrent calls refused with one expired token mint one new token', async () => {
    await using sim = seeded();
    await using client = simClient(sim);
    await client.availableDids.list();
    sim.didww.expireTokens();
    await Promise.all(Array.from({ length: 50 }, () => client.availableDids.list()));
    expect(sim.didww.tokensMinted()).toBe(2);
  });

  it('bounds a mint that hangs by the call deadline: TimeoutError, outcome not_sent, nothing sent to the API', async () => {
    await using sim = seeded();
    await using client = simClient(sim);
    sim.faults.next('didww.mintToken', { delayMs: 1_500 });
    const error = await failure(client.availableDids.list(undefined, { totalTimeoutMs: 300 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      scope: 'total',
      outcome: 'not_sent',
      operation: 'didww.availableDids.list',
    });
    expect(apiCalls(sim)).toHaveLength(0);
  });

  it('bounds a mint by the call signal', async () => {
    await using sim = seeded();
    await using client = simClient(sim);
    sim.faults.next('didww.mintToken', { delayMs: 1_500 });
    const error = await failure(client.availableDids.list(undefined, { signal: AbortSignal.timeout(100) }));
    expect(error).toMatchObject({ code: 'aborted', outcome: 'not_sent' });
    expect(apiCalls(sim)).toHaveLength(0);
  });

  it('a key the token service refuses is an AuthenticationError of the call, outcome not_sent', async () => {
    await using sim = seeded();
    await using client = simClient(sim, { apiKey: 'not-the-simulated-key' });
    const [did] = sim.didww.availableDids();
    const error = await failure(client.didReservations.create({ availableDidId: did!.id }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      outcome: 'not_sent',
      operation: 'didww.didReservations.create',
      lookupKey: undefined,
    });
    expect(error.message).toContain('no access token could be minted');
    expect(error.message).toContain('the token service at');
    expect(apiCalls(sim)).toHaveLength(0);
    expect(sim.didww.reservations()).toHaveLength(0);
  });

  it('a token service that fails is retried like a read; the call says nothing was sent', async () => {
    await using sim = seeded();
    await using client = simClient(sim, { maxRetries: 1 });
    sim.faults.next('didww.mintToken', { status: 503, times: 2 });
    const error = await failure(client.availableDids.list());
    expect(error).toMatchObject({ code: 'server_error', status: 503, outcome: 'not_sent', retryable: true });
    expect(mints(sim)).toHaveLength(2);
    expect(apiCalls(sim)).toHaveLength(0);
  });

  it('the simulator refuses Api-Key under 2026-11-19, and an expired or unknown token', async () => {
    await using sim = seeded();
    const dispatcher = sim.dispatcher();
    const send = async (headers: Record<string, string>) => {
      const response = await request('https://sandbox-api.didww.com/v3/available_dids', {
        dispatcher,
        headers: { accept: 'application/vnd.api+json', 'x-didww-api-version': LATEST, ...headers },
      });
      return { status: response.statusCode, text: await response.body.text() };
    };
    const withKey = await send({ 'api-key': sim.credentials.didww.apiKey });
    expect(withKey.status).toBe(401);
    expect(withKey.text).toContain('does not accept the Api-Key header');
    expect(await send({ authorization: 'Bearer made-up' })).toMatchObject({ status: 401 });
    expect((await send({})).text).toContain('Missing access token');
  });

  it('never prints the key or a token: errors, causes, events, hooks', async () => {
    await using sim = seeded({ log: { raw: true } });
    const events: unknown[] = [];
    const hooks = {
      onRequest: (e: unknown) => events.push(e),
      onResponse: (e: unknown) => events.push(e),
      onError: (e: unknown) => events.push(e),
      onRetry: (e: unknown) => events.push(e),
    };
    await using client = simClient(sim, { hooks, maxRetries: 0 });
    await client.availableDids.list();
    sim.didww.expireTokens();
    const errors: unknown[] = [];
    // A 401 after the refresh too: the second token is refused as well.
    sim.faults.next('didww.listAvailableDids', { status: 401, times: 2 });
    errors.push(await failure(client.availableDids.list()));
    sim.faults.next('didww.mintToken', { status: 401 });
    errors.push(await failure(client.availableDids.list()));
    sim.faults.next('didww.mintToken', { status: 500, body: { message: 'boom' } });
    errors.push(await failure(client.availableDids.list()));
    const tokens = sim.requests
      .map((r) => r.headers.authorization)
      .filter((h): h is string => h !== undefined)
      .map((h) => h.slice('Bearer '.length));
    expect(tokens.length).toBeGreaterThan(1);
    const secrets = [sim.credentials.didww.apiKey, ...tokens];
    const printed = [
      ...errors.flatMap(printedForms),
      ...events.map((e) => JSON.stringify(e, (_k, v) => (v instanceof Error ? printedForms(v) : v))),
    ].join('\n');
    for (const secret of secrets) expect(printed).not.toContain(secret);
    expect(errors[0]).toBeInstanceOf(AuthenticationError);
  });
});

describe('DIDWW 2026-11-19 against a scripted token service', () => {
  const server = useHandlerServer([], { raw: true });
  const TOKEN = 'tok.ABCdef123.secret';

  function scripted(options: Partial<DidwwClientOptions> = {}): DidwwClient {
    return new DidwwClient({
      apiKey: TEST_API_KEY,
      apiVersion: LATEST,
      baseUrl: `${server.url}/v3`,
      tokenUrl: `${server.url}/token`,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      rateLimit: false,
      ...options,
    });
  }

  const emptyList = () => jsonApi({ data: [], meta: { total_count: 0 } });
  const apiRequests = () => server.requests.filter((r) => r.path.startsWith('/v3/'));
  const tokenRequests = () => server.requests.filter((r) => r.path === '/token');

  it('a second 401 is an AuthenticationError: two API requests, two mints, no loop', async () => {
    let minted = 0;
    server.use(
      http.post('*/token', () => HttpResponse.json({ access_token: `${TOKEN}${++minted}`, expires_in: 600 })),
      http.get('*/v3/available_dids', () =>
        jsonApi({ errors: [{ title: 'Unauthorized', detail: 'Invalid access token', status: '401' }] }, 401),
      ),
    );
    await using client = scripted();
    const error = await failure(client.availableDids.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, outcome: 'rejected', attempts: 2 });
    expect(apiRequests().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${TOKEN}1`,
      `Bearer ${TOKEN}2`,
    ]);
    expect(tokenRequests()).toHaveLength(2);
    for (const form of printedForms(error)) {
      expect(form).not.toContain(TOKEN);
      expect(form).not.toContain(TEST_API_KEY);
    }
  });

  it('a 401 on a create: one re-mint, one resend, exactly two POSTs', async () => {
    let posts = 0;
    server.use(
      http.post('*/token', () =>
        HttpResponse.json({ token: TOKEN + posts, expires_at: '2099-01-01T00:00:00Z' }),
      ),
      http.post('*/v3/did_reservations', () => {
        posts += 1;
        if (posts === 1) return jsonApi({ errors: [{ title: 'Unauthorized', status: '401' }] }, 401);
        return jsonApi(
          {
            data: {
              id: 'fd38d3ff-80cf-4e67-a605-609a2884a5c4',
              type: 'did_reservations',
              attributes: {
                description: null,
                created_at: new Date().toISOString(),
                expires_at: new Date(Date.now() + 600_000).toISOString(),
              },
            },
          },
          201,
        );
      }),
    );
    await using client = scripted();
    const hold = await client.didReservations.create({
      availableDidId: '857d1462-5f43-4238-b007-ff05f282e41b',
    });
    expect(hold.id).toBe('fd38d3ff-80cf-4e67-a605-609a2884a5c4');
    expect(apiRequests().map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('reads a JSON:API token document', async () => {
    server.use(
      http.post('*/token', () =>
        jsonApi(
          { data: { type: 'tokens', id: '1', attributes: { access_token: TOKEN, expires_in: 300 } } },
          201,
        ),
      ),
      http.get('*/v3/available_dids', emptyList),
    );
    await using client = scripted();
    await client.availableDids.list();
    expect(apiRequests()[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a token answer in no known shape is a ResponseValidationError that never prints the token', async () => {
    server.use(http.post('*/token', () => HttpResponse.json({ jwt: TOKEN, ttl: 300 })));
    await using client = scripted();
    const error = await failure(client.availableDids.list());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ outcome: 'not_sent', status: 200, operation: 'didww.availableDids.list' });
    expect(error.message).toContain('parseTokenResponse');
    for (const form of printedForms(error)) expect(form).not.toContain(TOKEN);
    expect(apiRequests()).toHaveLength(0);
  });

  it('takes the user’s parser for an unknown shape', async () => {
    server.use(
      http.post('*/token', () => HttpResponse.json({ jwt: TOKEN, ttl: 300 })),
      http.get('*/v3/available_dids', emptyList),
    );
    await using client = scripted({
      parseTokenResponse: (body) => {
        const { jwt, ttl } = body as { jwt: string; ttl: number };
        return { accessToken: jwt, expiresAt: Date.now() + ttl * 1000 };
      },
    });
    await client.availableDids.list();
    expect(apiRequests()[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a parser that throws is a ResponseValidationError without its message (it may quote the token)', async () => {
    server.use(http.post('*/token', () => HttpResponse.json({ jwt: TOKEN })));
    await using client = scripted({
      parseTokenResponse: (body) => {
        throw new Error(`cannot read ${JSON.stringify(body)}`);
      },
    });
    const error = await failure(client.availableDids.list());
    expect(error).toBeInstanceOf(ResponseValidationError);
    for (const form of printedForms(error)) expect(form).not.toContain(TOKEN);
  });

  it('refuses a token that is not bearer or not one word', async () => {
    for (const body of [
      { access_token: TOKEN, token_type: 'mac', expires_in: 60 },
      { access_token: `${TOKEN} extra`, expires_in: 60 },
      { access_token: TOKEN, expires_in: -1 },
    ]) {
      server.use(http.post('*/token', () => HttpResponse.json(body)));
      await using client = scripted();
      const error = await failure(client.availableDids.list());
      expect(error, JSON.stringify(Object.keys(body))).toBeInstanceOf(ResponseValidationError);
      for (const form of printedForms(error)) expect(form).not.toContain(TOKEN);
    }
  });

  it('a store that fails is not fatal: the call mints and goes on', async () => {
    server.use(
      http.post('*/token', () => HttpResponse.json({ access_token: TOKEN, expires_in: 600 })),
      http.get('*/v3/available_dids', emptyList),
    );
    const broken: TokenStore = {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
    };
    await using client = scripted({ tokenStore: broken });
    await client.availableDids.list();
    expect(apiRequests()).toHaveLength(1);
  });

  it('keeps tokens in the store under a hash, never the key', async () => {
    server.use(
      http.post('*/token', () => HttpResponse.json({ access_token: TOKEN, expires_in: 600 })),
      http.get('*/v3/available_dids', emptyList),
    );
    const kept = new Map<string, AccessToken>();
    const store: TokenStore = { get: (k) => kept.get(k), set: (k, t) => void kept.set(k, t) };
    await using client = scripted({ tokenStore: store });
    await client.availableDids.list();
    const [[key, token]] = [...kept] as [[string, AccessToken]];
    expect(key).toMatch(/^reservekit:access-token:v1:[0-9a-f]{64}$/);
    expect(key).not.toContain(TEST_API_KEY);
    expect(token.token).toBe(TOKEN);
    expect(token.expiresAt - token.issuedAt).toBeGreaterThan(590_000);
  });

  it('a key function is read for the mint, and a rotated key gets its own token', async () => {
    const keys: string[] = [];
    server.use(
      http.post('*/token', ({ request }) => {
        keys.push(request.headers.get('api-key') ?? '');
        return HttpResponse.json({ access_token: `${TOKEN}-${keys.length}`, expires_in: 600 });
      }),
      http.get('*/v3/available_dids', emptyList),
    );
    let key = 'first-key-123';
    await using client = scripted({ apiKey: () => key });
    await client.availableDids.list();
    await client.availableDids.list();
    key = 'second-key-456';
    await client.availableDids.list();
    expect(keys).toEqual(['first-key-123', 'second-key-456']);
    expect(apiRequests().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${TOKEN}-1`,
      `Bearer ${TOKEN}-1`,
      `Bearer ${TOKEN}-2`,
    ]);
  });
});

describe('DIDWW token options', () => {
  const base = { apiKey: TEST_API_KEY };

  it('2026-11-19 without tokenUrl is refused, naming the docs page', () => {
    const error = (() => {
      try {
        new DidwwClient({ ...base, apiVersion: LATEST });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).message).toContain('tokenUrl is required');
    expect((error as InputValidationError).message).toContain(
      'doc.didww.com/api3/2026-11-19/authentication.md',
    );
  });

  it('token options with an older version are refused: they would do nothing', () => {
    expect(() => new DidwwClient({ ...base, tokenUrl: 'https://token.example/token' })).toThrow(
      /tokenUrl is used only with apiVersion 2026-11-19/,
    );
    expect(() => new DidwwClient({ ...base, tokenRefreshMarginMs: 1000 })).toThrow(InputValidationError);
  });

  it('checks tokenUrl like a base URL, and the store and parser', () => {
    const latest = { ...base, apiVersion: LATEST };
    expect(() => new DidwwClient({ ...latest, tokenUrl: 'http://token.example/token' })).toThrow(
      /tokenUrl uses plain http/,
    );
    expect(() => new DidwwClient({ ...latest, tokenUrl: 'not a url' })).toThrow(/tokenUrl is not a valid/);
    expect(
      () =>
        new DidwwClient({
          ...latest,
          tokenUrl: 'https://token.example/token',
          tokenStore: {} as TokenStore,
        }),
    ).toThrow(/tokenStore must be an object with get/);
    expect(
      () => new DidwwClient({ ...latest, tokenUrl: 'https://t.example/token', tokenRefreshMarginMs: -1 }),
    ).toThrow(InputValidationError);
  });

  it('a call may not set Authorization itself under 2026-11-19', async () => {
    await using client = new DidwwClient({
      ...base,
      apiVersion: LATEST,
      tokenUrl: 'https://t.example/token',
    });
    const error = await failure(
      client.availableDids.list(undefined, { headers: { Authorization: 'Bearer x' } }),
    );
    expect(error).toBeInstanceOf(InputValidationError);
  });
});
