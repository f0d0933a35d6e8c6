import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { ArianeeClient } from '../../src/arianee/index.js';
import { InputValidationError } from '../../src/core/errors.js';
import type { RequestOptions } from '../../src/core/options.js';
import type { Transport } from '../../src/core/transport.js';
import { DidwwClient } from '../../src/didww/index.js';
import { DotsClient } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { genericTransport, getItem, TEST_KEY } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';
import { printedForms } from '../support/printed-forms.js';

// Per-call headers (RequestOptions.headers): checked before anything is sent, sent on every attempt.
const server = useHandlerServer([], { raw: true });
const item = http.get('*/item', () => HttpResponse.json({ id: 'a', n: 1 }));

// Transports a test opened, closed after it.
const transports = {
  opened: [] as Transport[],
  open(): Transport {
    const transport = genericTransport(server.url);
    this.opened.push(transport);
    return transport;
  },
};
afterEach(async () => {
  await Promise.all(transports.opened.splice(0).map((transport) => transport.close()));
});

/** The error a call with these (untyped) headers ends with; nothing may have been sent. */
async function refused(headers: unknown): Promise<InputValidationError> {
  server.use(item);
  const transport = genericTransport(server.url);
  const error = await failure(transport.run(getItem(true), { headers } as RequestOptions));
  await transport.close();
  expect(error).toBeInstanceOf(InputValidationError);
  expect(error).toMatchObject({ outcome: 'not_sent', attempts: 0, operation: 'test.getItem' });
  expect(server.requests).toHaveLength(0);
  return error as InputValidationError;
}

describe('per-call headers', () => {
  it('sends them with the request, next to the client’s own', async () => {
    server.use(item);
    const transport = transports.open();
    await transport.run(getItem(true), { headers: { 'X-Trace-Id': 'trace-1', 'x-tenant': 'acme' } });
    const [request] = server.requests;
    expect(request?.headers['x-trace-id']).toBe('trace-1');
    expect(request?.headers['x-tenant']).toBe('acme');
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(request?.headers['user-agent']).toMatch(/^reservekit\//);
  });

  it('sends them on every attempt, resends included', async () => {
    let calls = 0;
    server.use(
      http.get('*/item', () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({ message: 'busy' }, { status: 500 })
          : HttpResponse.json({ id: 'a', n: 1 });
      }),
    );
    const transport = transports.open();
    const { meta } = await transport.run(getItem(true), { headers: { 'x-trace-id': 't-2' } });
    expect(meta.attempts).toBe(2);
    expect(server.requests.map((request) => request.headers['x-trace-id'])).toEqual(['t-2', 't-2']);
  });

  it('replace a header of the client that is not reserved, whatever the case of its name', async () => {
    server.use(item);
    const transport = transports.open();
    await transport.run(getItem(true), { headers: { Accept: 'application/problem+json' } });
    expect(server.requests[0]?.headers.accept).toBe('application/problem+json');
  });

  it('take a value that holds a secret, and keep it out of what the call prints', async () => {
    server.use(
      http.get('*/item', ({ request }) =>
        HttpResponse.json({ message: `refused ${request.headers.get('x-forwarded-key')}` }, { status: 400 }),
      ),
    );
    const transport = transports.open();
    const error = await failure(
      transport.run(getItem(true), { headers: { 'x-forwarded-key': `k=${TEST_KEY}` } }),
    );
    expect(server.requests[0]?.headers['x-forwarded-key']).toBe(`k=${TEST_KEY}`);
    for (const form of printedForms(error)) expect(form).not.toContain(TEST_KEY);
  });

  it.each([
    ['an array', [['x-a', '1']]],
    ['a string', 'x-a: 1'],
    ['null', null],
    ['a Map', new Map([['x-a', '1']])],
  ])('refuses %s instead of an object of headers', async (_label, headers) => {
    const error = await refused(headers);
    expect(error.issues[0]?.path).toEqual(['options', 'headers']);
    expect(error.message).toContain('headers must be an object of header names and string values');
  });

  it.each([
    ['a number', { 'x-count': 5 }],
    ['undefined', { 'x-count': undefined }],
    ['an array', { 'x-count': ['1', '2'] }],
  ])('refuses %s as a value', async (_label, headers) => {
    const error = await refused(headers);
    expect(error.issues[0]?.path).toEqual(['options', 'headers', 'x-count']);
    expect(error.message).toContain('must be a string');
  });

  it.each([
    ['a space', 'x trace'],
    ['a colon', 'x-trace:'],
    ['a line break', 'x-trace\r\nx-injected'],
    ['an empty name', ''],
    ['a non-ASCII letter', 'x-tracé'],
  ])('refuses a name with %s (not an RFC 9110 token)', async (_label, name) => {
    const error = await refused({ [name]: 'v' });
    expect(error.issues[0]?.path).toEqual(['options', 'headers', name]);
    expect(error.message).toContain('is not a header name (an RFC 9110 token');
  });

  it.each([
    ['CR LF', 'a\r\nx-injected: 1'],
    ['LF', 'a\nb'],
    ['NUL', 'a\0b'],
    ['a tab', 'a\tb'],
    ['DEL', 'a\u007fb'],
    ['a non-ASCII character', 'café'],
  ])('refuses a value with %s, without quoting it', async (_label, value) => {
    const error = await refused({ 'x-note': value });
    expect(error.issues[0]?.path).toEqual(['options', 'headers', 'x-note']);
    expect(error.message).toContain('must be printable ASCII');
    expect(error.message).not.toContain(value);
  });

  it('refuses two names for one header', async () => {
    const error = await refused({ 'X-Trace': 'a', 'x-trace': 'b' });
    expect(error.message).toContain('X-Trace and x-trace name the same header');
  });

  it.each([
    ['authorization', "the client's credential header"],
    ['Authorization', "the client's credential header"],
    ['host', 'set by the HTTP layer'],
    ['content-length', 'set by the HTTP layer'],
    ['transfer-encoding', 'set by the HTTP layer'],
    ['connection', 'set by the HTTP layer'],
    ['content-type', 'bodies are always JSON'],
    ['user-agent', 'userAgentSuffix'],
  ])('refuses %s, saying why', async (name, why) => {
    const error = await refused({ [name]: 'x' });
    expect(error.issues[0]?.path).toEqual(['options', 'headers', name]);
    expect(error.message).toContain(why);
  });

  it('are an option of each call, not of the client', () => {
    expect(
      () => new DotsClient({ authToken: 'dots_write_7c1e93b0a4f2', headers: { 'x-a': '1' } } as never),
    ).toThrow(/headers is an option of each call, not of the client/);
  });
});

describe('per-call headers and each provider’s credential header', () => {
  it('refuses Dots.eco auth-token', async () => {
    await using client = new DotsClient({
      authToken: 'dots_write_7c1e93b0a4f2',
      appToken: '101-5653d113',
      baseUrl: server.url,
    });
    const error = await failure(
      client.ecoClubOfferings.list({}, { headers: { 'auth-token': 'other_token_1234' } }),
    );
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toContain('auth-token');
    expect(error.message).toContain('credential');
    expect(error.message).not.toContain('other_token_1234');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses DIDWW Api-Key', async () => {
    await using client = new DidwwClient({ apiKey: 'didww_test_key_7f3a91c2e5b84d06', baseUrl: server.url });
    const error = await failure(client.availableDids.list({}, { headers: { 'Api-Key': 'other' } }));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toContain('credential');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses Arianee’s configured authHeader', async () => {
    await using client = new ArianeeClient({
      baseUrl: server.url,
      apiKey: 'nmp_key_5b0e7f3c-91d2-4a6e',
      authHeader: 'x-brand-key',
      authScheme: null,
    });
    const error = await failure(client.reserveOne({ tags: 'vip' }, { headers: { 'x-brand-key': 'other' } }));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toContain('x-brand-key');
    expect(server.requests).toHaveLength(0);
  });

  it('go on the lookups a create runs, too', async () => {
    let creates = 0;
    server.use(
      http.post('*/eco-club-offering/add', () => {
        creates += 1;
        return HttpResponse.error();
      }),
      http.get('*/eco-club-offering/list/*', () => HttpResponse.json([])),
    );
    await using client = new DotsClient({
      authToken: 'dots_write_7c1e93b0a4f2',
      appToken: '101-5653d113',
      baseUrl: server.url,
      maxRetries: 0,
    });
    await failure(
      client.ecoClubOfferings.create(
        { quantity: 1, externalUniqueId: 'o-1' },
        { headers: { 'x-trace-id': 't-9' } },
      ),
    );
    expect(creates).toBe(1);
    const lookup = server.requests.find((request) => request.method === 'GET');
    expect(lookup?.headers['x-trace-id']).toBe('t-9');
  });
});
