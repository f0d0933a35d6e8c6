import diagnosticsChannel from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ArianeeClient } from '../../src/arianee/index.js';
import { CHANNELS } from '../../src/core/diagnostics.js';
import {
  AuthenticationError,
  InputValidationError,
  ResponseValidationError,
  ServerError,
} from '../../src/core/errors.js';
import { DidwwClient } from '../../src/didww/index.js';
import { DotsClient } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { printedForms } from '../support/printed-forms.js';

// client.request(): endpoints reservekit does not wrap, through the same transport and rules.
const server = useHandlerServer([], { raw: true });

const DOTS_TOKEN = 'dots_write_7c1e93b0a4f2';
const DOTS_APP = '101-5653d113';
const DIDWW_KEY = 'didww_test_key_7f3a91c2e5b84d06';

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const dots = () =>
  new DotsClient({ authToken: DOTS_TOKEN, appToken: DOTS_APP, baseUrl: `${server.url}/api/v1`, ...fast });
const didww = () =>
  new DidwwClient({ apiKey: DIDWW_KEY, baseUrl: `${server.url}/v3`, rateLimit: false, ...fast });

/** Answers `first` to the first request on `path`, then `then` to every later one. */
function firstThen(method: 'get' | 'post', path: string, first: () => Response, then: () => Response) {
  let calls = 0;
  server.use(
    http[method](path, () => {
      calls += 1;
      return calls === 1 ? first() : then();
    }),
  );
}

describe('client.request: what it sends and returns', () => {
  it('GETs a path below the base URL with the client’s headers and an encoded query', async () => {
    server.use(http.get('*/api/v1/company/stats', () => HttpResponse.json({ offerings: 3 })));
    await using client = dots();
    const { data, meta } = await client
      .request({
        method: 'GET',
        path: '/company/stats',
        query: { from: '2024-01-01', limit: 50, active: true, tag: ['a b', 'c,d'], skipped: undefined },
      })
      .withMeta();
    expect(data).toEqual({ offerings: 3 });
    expect(meta).toMatchObject({ status: 200, attempts: 1, reconciled: false });
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/api/v1/company/stats');
    expect([...(request?.query.entries() ?? [])]).toEqual([
      ['from', '2024-01-01'],
      ['limit', '50'],
      ['active', 'true'],
      ['tag', 'a b'],
      ['tag', 'c,d'],
    ]);
    expect(request?.headers['auth-token']).toBe(DOTS_TOKEN);
    expect(request?.headers['user-agent']).toMatch(/^reservekit\//);
  });

  it('takes a path without its leading slash, and a method in lower case', async () => {
    server.use(http.get('*/v3/countries', () => HttpResponse.json({ data: [] })));
    await using client = didww();
    expect(await client.request({ method: 'get', path: 'countries' })).toEqual({ data: [] });
    expect(server.requests[0]?.path).toBe('/v3/countries');
    expect(server.requests[0]?.method).toBe('GET');
  });

  it('sends a body as JSON, with the provider’s JSON content type', async () => {
    server.use(http.post('*/v3/orders', () => HttpResponse.json({ data: { id: 'o-1' } }, { status: 201 })));
    await using client = didww();
    const body = { data: { type: 'orders', attributes: { allow_back_ordering: true } } };
    const created = await client.request({ method: 'POST', path: '/orders', body });
    expect(created).toEqual({ data: { id: 'o-1' } });
    const [request] = server.requests;
    expect(JSON.parse(request?.body ?? '')).toEqual(body);
    expect(request?.headers['content-type']).toBe('application/vnd.api+json');
    expect(request?.headers['api-key']).toBe(DIDWW_KEY);
  });

  it('returns text as a string, an empty body as undefined, and HEAD as undefined', async () => {
    server.use(
      http.get(
        '*/api/v1/ping',
        () => new HttpResponse('pong', { headers: { 'content-type': 'text/plain' } }),
      ),
      http.delete('*/api/v1/things/1', () => new HttpResponse(null, { status: 204 })),
      http.head('*/api/v1/ping', () => new HttpResponse(null, { headers: { 'x-alive': 'yes' } })),
    );
    await using client = dots();
    expect(await client.request({ method: 'GET', path: '/ping' })).toBe('pong');
    expect(await client.request({ method: 'DELETE', path: '/things/1' })).toBeUndefined();
    const { data, meta } = await client.request({ method: 'HEAD', path: '/ping' }).withMeta();
    expect(data).toBeUndefined();
    expect(meta.headers['x-alive']).toBe('yes');
  });

  it('sends its own headers, checked like a call’s', async () => {
    server.use(http.get('*/api/v1/x', () => HttpResponse.json({})));
    await using client = dots();
    await client.request(
      { method: 'GET', path: '/x', headers: { 'X-Feature': 'beta' } },
      { headers: { 'x-trace-id': 't-1' } },
    );
    expect(server.requests[0]?.headers['x-feature']).toBe('beta');
    expect(server.requests[0]?.headers['x-trace-id']).toBe('t-1');
  });

  it('maps errors through the provider’s error mapping, naming the provider and <provider>.request', async () => {
    server.use(
      http.get('*/api/v1/secret-area', () =>
        HttpResponse.json(
          { message: 'Access denied. You are not a manager of specified application.' },
          { status: 403 },
        ),
      ),
    );
    await using client = dots();
    const error = await failure(client.request({ method: 'GET', path: '/secret-area' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ provider: 'dots', operation: 'dots.request', outcome: 'rejected' });
    expect((error as AuthenticationError).providerCode).toBe('access_denied');
  });

  it('a 2xx JSON body that does not parse is a ResponseValidationError, not text', async () => {
    server.use(
      http.post(
        '*/api/v1/broken',
        () => new HttpResponse('{"id": ', { headers: { 'content-type': 'application/json' } }),
      ),
    );
    await using client = dots();
    const error = await failure(client.request({ method: 'POST', path: '/broken', body: {} }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.outcome).toBe('applied');
  });

  it('keeps the client’s secrets out of a path’s printed forms (an app token in the path)', async () => {
    server.use(
      http.get('*/api/v1/eco-club-offering/stats/*', () =>
        HttpResponse.json({ message: 'no' }, { status: 500 }),
      ),
    );
    const events: unknown[] = [];
    const listener = (event: unknown) => events.push(event);
    for (const name of Object.values(CHANNELS)) diagnosticsChannel.subscribe(name, listener);
    try {
      await using client = dots();
      const error = await failure(
        client.request({ method: 'POST', path: `/eco-club-offering/stats/${DOTS_APP}` }, { maxRetries: 0 }),
      );
      for (const form of printedForms(error)) expect(form).not.toContain(DOTS_APP);
    } finally {
      for (const name of Object.values(CHANNELS)) diagnosticsChannel.unsubscribe(name, listener);
    }
    expect(events.length).toBeGreaterThan(0);
    expect(inspect(events, { depth: 10 })).not.toContain(DOTS_APP);
  });
});

describe('client.request: retry rules follow idempotent', () => {
  it('a POST answered 503 without Retry-After is unknown, sent once, and says what may have happened', async () => {
    server.use(
      http.post('*/api/v1/vouchers', () => HttpResponse.json({ message: 'unavailable' }, { status: 503 })),
    );
    await using client = dots();
    const error = await failure(client.request({ method: 'POST', path: '/vouchers', body: { n: 1 } }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ outcome: 'unknown', retryable: false, attempts: 1 });
    expect(error.message).toContain('POST /vouchers');
    expect(error.message).toContain('idempotent: false');
    expect(server.requests).toHaveLength(1);
  });

  it('a POST whose connection broke after it was sent is unknown and not resent', async () => {
    server.use(http.post('*/api/v1/vouchers', () => HttpResponse.error()));
    await using client = dots();
    const error = await failure(client.request({ method: 'POST', path: '/vouchers', body: { n: 1 } }));
    expect(error).toMatchObject({ outcome: 'unknown', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('a POST answered 503 with Retry-After is resent (the provider refused it)', async () => {
    firstThen(
      'post',
      '*/api/v1/vouchers',
      () => HttpResponse.json({ message: 'maintenance' }, { status: 503, headers: { 'retry-after': '0' } }),
      () => HttpResponse.json({ id: 'v-1' }),
    );
    await using client = dots();
    const { data, meta } = await client
      .request({ method: 'POST', path: '/vouchers', body: { n: 1 } })
      .withMeta();
    expect(data).toEqual({ id: 'v-1' });
    expect(meta.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('a POST answered 429 is resent', async () => {
    firstThen(
      'post',
      '*/api/v1/vouchers',
      () => HttpResponse.json({ message: 'slow down' }, { status: 429, headers: { 'retry-after': '0' } }),
      () => HttpResponse.json({ id: 'v-2' }),
    );
    await using client = dots();
    expect(await client.request({ method: 'POST', path: '/vouchers' })).toEqual({ id: 'v-2' });
    expect(server.requests).toHaveLength(2);
  });

  it('a GET answered 500 is resent', async () => {
    firstThen(
      'get',
      '*/api/v1/stats',
      () => HttpResponse.json({ message: 'oops' }, { status: 500 }),
      () => HttpResponse.json({ ok: true }),
    );
    await using client = dots();
    const { data, meta } = await client.request({ method: 'GET', path: '/stats' }).withMeta();
    expect(data).toEqual({ ok: true });
    expect(meta.attempts).toBe(2);
  });

  it('a PUT marked idempotent is resent after a 500', async () => {
    let calls = 0;
    server.use(
      http.put('*/api/v1/settings', () => {
        calls += 1;
        return calls === 1 ? HttpResponse.json({}, { status: 500 }) : HttpResponse.json({ saved: true });
      }),
    );
    await using client = dots();
    expect(
      await client.request({ method: 'PUT', path: '/settings', body: { a: 1 }, idempotent: true }),
    ).toEqual({ saved: true });
    expect(calls).toBe(2);
  });

  it('a GET marked not idempotent (a GET that reserves, like reserveOne) is not resent after a 500', async () => {
    server.use(http.get('*/dispenser/distribution/reserveAll', () => HttpResponse.json({}, { status: 500 })));
    await using client = new ArianeeClient({
      baseUrl: server.url,
      apiKey: 'nmp_key_5b0e7f3c-91d2-4a6e',
      ...fast,
    });
    const error = await failure(
      client.request({ method: 'GET', path: '/dispenser/distribution/reserveAll', idempotent: false }),
    );
    expect(error).toMatchObject({ provider: 'arianee', operation: 'arianee.request', outcome: 'unknown' });
    expect(error.message).toContain('GET /dispenser/distribution/reserveAll');
    expect(server.requests).toHaveLength(1);
  });
});

describe('client.request: refused before anything is sent', () => {
  /** The error of a request the client must refuse; the server must have seen nothing. */
  async function refused(input: unknown): Promise<InputValidationError> {
    server.use(http.all('*', () => HttpResponse.json({})));
    await using client = dots();
    const error = await failure(client.request(input as never));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ outcome: 'not_sent', attempts: 0, operation: 'dots.request' });
    expect(server.requests).toHaveLength(0);
    return error as InputValidationError;
  }

  it.each([
    ['an absolute URL', 'https://evil.example/steal', /relative to the client's base URL/],
    ['an absolute URL in another case', 'HTTP://evil.example/', /relative to the client's base URL/],
    ['a scheme-relative URL', '//evil.example/steal', /'\/\/'/],
    ['a backslash-relative URL', '/\\evil.example', /backslash/],
    ['a .. segment', '/eco-club-offering/../admin', /'\.' or '\.\.' segments/],
    ['a leading ..', '../admin', /'\.' or '\.\.' segments/],
    ['a . segment', '/a/./b', /'\.' or '\.\.' segments/],
    ['a percent-encoded ..', '/a/%2e%2e/admin', /'\.' or '\.\.' segments/],
    ['a half-encoded ..', '/a/.%2E/admin', /'\.' or '\.\.' segments/],
    ['a doubly encoded ..', '/a/%252e%252e/admin', /'\.' or '\.\.' segments/],
    ['an encoded ../', '/a/..%2fadmin', /'\.' or '\.\.' segments/],
    ['an encoded ..\\', '/a/..%5cadmin', /'\.' or '\.\.' segments/],
    ['a .. with a matrix parameter', '/a/..;x=1/admin', /'\.' or '\.\.' segments/],
    ['a backslash', '/a\\..\\admin', /backslash/],
    ['a query', '/things?limit=5', /pass the query in `query`/],
    ['a fragment', '/things#top', /'\?' or '#'/],
    ['CR LF', '/things\r\nx-injected: 1', /control characters/],
    ['NUL', '/things\0', /control characters/],
    ['a space', '/my things', /percent-encode/],
    ['a non-ASCII letter', '/café', /percent-encode/],
    ['a lone surrogate', '/\uD800', /percent-encode/],
    ['a stray %', '/100%', /'%' that is not a percent-encoding/],
    ['nothing', '', /must not be empty/],
  ])('a path with %s', async (_label, path, message) => {
    const error = await refused({ method: 'GET', path });
    expect(error.issues[0]?.path).toEqual(['path']);
    expect(error.message).toMatch(message);
  });

  it('never quotes the path (it may hold a token)', async () => {
    const error = await refused({ method: 'GET', path: `/list/${DOTS_APP}/../x` });
    expect(error.message).not.toContain(DOTS_APP);
  });

  it.each([
    ['TRACE', /GET, HEAD, POST, PUT, PATCH or DELETE/],
    ['CONNECT', /GET, HEAD, POST, PUT, PATCH or DELETE/],
    [42, /GET, HEAD, POST, PUT, PATCH or DELETE/],
  ])('the method %o', async (method, message) => {
    const error = await refused({ method, path: '/x' });
    expect(error.issues[0]?.path).toEqual(['method']);
    expect(error.message).toMatch(message);
  });

  it.each(['GET', 'head'])('a body on %s', async (method) => {
    const error = await refused({ method, path: '/x', body: { a: 1 } });
    expect(error.issues[0]?.path).toEqual(['body']);
    expect(error.message).toContain('takes no body: pass its parameters in `query`');
  });

  it.each([
    ['a BigInt', { n: 10n }],
    [
      'a cycle',
      (() => {
        const cycle: Record<string, unknown> = {};
        cycle.self = cycle;
        return cycle;
      })(),
    ],
    ['a function', () => 1],
  ])('a body that is not JSON: %s', async (_label, body) => {
    const error = await refused({ method: 'POST', path: '/x', body });
    expect(error.issues[0]?.path).toEqual(['body']);
    expect(error.message).toContain('body must be a JSON value');
  });

  it.each([
    ['an object value', { filter: { a: 1 } }, ['query', 'filter']],
    ['NaN', { n: Number.NaN }, ['query', 'n']],
    ['null', { n: null }, ['query', 'n']],
    ['an array of objects', { n: [{}] }, ['query', 'n']],
    ['a lone surrogate', { n: '\uD800' }, ['query', 'n']],
    ['an array', [['a', '1']], ['query']],
  ])('a query with %s', async (_label, query, path) => {
    const error = await refused({ method: 'GET', path: '/x', query });
    expect(error.issues[0]?.path).toEqual(path);
  });

  it('idempotent that is not a boolean, and an unknown field', async () => {
    const error = await refused({ method: 'GET', path: '/x', idempotent: 'yes', url: '/y' });
    expect(error.message).toContain('idempotent must be true or false');
    expect(error.message).toContain('unknown field "url"');
  });

  it('the client’s credential header in its headers', async () => {
    const error = await refused({ method: 'GET', path: '/x', headers: { 'Auth-Token': 'x' } });
    expect(error.issues[0]?.path).toEqual(['headers', 'Auth-Token']);
    expect(error.message).toContain("the client's credential header");
  });

  it('a header value with CR LF', async () => {
    const error = await refused({ method: 'GET', path: '/x', headers: { 'x-a': 'a\r\nb' } });
    expect(error.issues[0]?.path).toEqual(['headers', 'x-a']);
  });

  it('no input at all', async () => {
    const error = await refused(undefined);
    expect(error.message).toContain('request needs { method, path }');
  });
});
