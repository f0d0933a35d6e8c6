import diagnosticsChannel from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ArianeeClient } from '../../src/arianee/index.js';
import { CHANNELS } from '../../src/core/diagnostics.js';
import { InputValidationError, TimeoutError } from '../../src/core/errors.js';
import { DidwwClient } from '../../src/didww/index.js';
import { DotsClient } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { printedForms } from '../support/printed-forms.js';

// API keys given as a function: read before every request, so a rotation needs no new client.
const server = useHandlerServer([], { raw: true });
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const APP = '101-5653d113';

/** A key store whose current key a test can change, counting how often it is read. */
function keyStore(first: string) {
  const store = {
    current: first,
    reads: 0,
    read: () => {
      store.reads += 1;
      return store.current;
    },
    readAsync: async () => {
      store.reads += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return store.current;
    },
  };
  return store;
}

const offeringsList = http.get('*/eco-club-offering/list/*', () => HttpResponse.json([]));

describe('a key function', () => {
  it('is read before each call: after a rotation, the next request carries the new key (Dots.eco, sync)', async () => {
    server.use(offeringsList);
    const keys = keyStore('dots_token_aaaa1111');
    await using client = new DotsClient({
      authToken: keys.read,
      appToken: APP,
      baseUrl: server.url,
      ...fast,
    });
    await client.ecoClubOfferings.list();
    keys.current = 'dots_token_bbbb2222';
    await client.ecoClubOfferings.list();
    expect(server.requests.map((request) => request.headers['auth-token'])).toEqual([
      'dots_token_aaaa1111',
      'dots_token_bbbb2222',
    ]);
  });

  it('may be async (DIDWW apiKey)', async () => {
    server.use(http.get('*/v3/countries', () => HttpResponse.json({ data: [] })));
    const keys = keyStore('didww_key_aaaa1111');
    await using client = new DidwwClient({
      apiKey: keys.readAsync,
      baseUrl: `${server.url}/v3`,
      rateLimit: false,
      ...fast,
    });
    await client.request({ method: 'GET', path: '/countries' });
    keys.current = 'didww_key_bbbb2222';
    await client.request({ method: 'GET', path: '/countries' });
    expect(server.requests.map((request) => request.headers['api-key'])).toEqual([
      'didww_key_aaaa1111',
      'didww_key_bbbb2222',
    ]);
  });

  it('gets Arianee’s authScheme before the key it returns, and none with authScheme null', async () => {
    server.use(http.get('*/x', () => HttpResponse.json({})));
    const keys = keyStore('nmp_key_aaaa1111');
    await using bearer = new ArianeeClient({ baseUrl: server.url, apiKey: keys.readAsync, ...fast });
    await bearer.request({ method: 'GET', path: '/x' });
    await using bare = new ArianeeClient({
      baseUrl: server.url,
      apiKey: keys.read,
      authHeader: 'x-api-key',
      authScheme: null,
      ...fast,
    });
    await bare.request({ method: 'GET', path: '/x' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer nmp_key_aaaa1111');
    expect(server.requests[1]?.headers['x-api-key']).toBe('nmp_key_aaaa1111');
  });

  it('is read again before a resend', async () => {
    let calls = 0;
    server.use(
      http.get('*/eco-club-offering/list/*', () => {
        calls += 1;
        return calls === 1 ? HttpResponse.json({ message: 'oops' }, { status: 500 }) : HttpResponse.json([]);
      }),
    );
    const keys = keyStore('dots_token_aaaa1111');
    const rotating = () => {
      const key = keys.read();
      keys.current = 'dots_token_bbbb2222';
      return key;
    };
    await using client = new DotsClient({ authToken: rotating, appToken: APP, baseUrl: server.url, ...fast });
    const { meta } = await client.ecoClubOfferings.list().withMeta();
    expect(meta.attempts).toBe(2);
    expect(server.requests.map((request) => request.headers['auth-token'])).toEqual([
      'dots_token_aaaa1111',
      'dots_token_bbbb2222',
    ]);
  });

  it('for Dots.eco readAuthToken carries reads and a create’s lookups; authToken the create', async () => {
    let creates = 0;
    server.use(
      http.post('*/eco-club-offering/add', () => {
        creates += 1;
        return HttpResponse.error();
      }),
      offeringsList,
    );
    const write = keyStore('dots_write_aaaa1111');
    const read = keyStore('dots_read_aaaa1111');
    await using client = new DotsClient({
      authToken: write.readAsync,
      readAuthToken: read.readAsync,
      appToken: APP,
      baseUrl: server.url,
      maxRetries: 0,
      ...fast,
    });
    await failure(client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'o-1' }));
    expect(creates).toBe(1);
    expect(server.requests.map((request) => [request.method, request.headers['auth-token']])).toEqual([
      ['POST', 'dots_write_aaaa1111'],
      ['GET', 'dots_read_aaaa1111'],
    ]);
  });

  it('that rejects ends the call before any request: a typed error naming the option, not_sent, without its message', async () => {
    server.use(offeringsList);
    const leaked = 'dots_token_in_vault_error_9f8e7d';
    await using client = new DotsClient({
      authToken: async () => {
        throw new TypeError(`vault refused token ${leaked}`);
      },
      appToken: APP,
      baseUrl: server.url,
      ...fast,
    });
    const error = await failure(client.ecoClubOfferings.list());
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({
      outcome: 'not_sent',
      attempts: 0,
      operation: 'dots.ecoClubOfferings.list',
    });
    expect(error.message).toContain('authToken');
    expect(error.message).toContain('TypeError');
    for (const form of printedForms(error)) expect(form).not.toContain(leaked);
    expect(server.requests).toHaveLength(0);
  });

  it('that throws synchronously is refused the same way', async () => {
    await using client = new DidwwClient({
      apiKey: () => {
        throw new Error('no key yet');
      },
      baseUrl: `${server.url}/v3`,
      rateLimit: false,
    });
    const error = await failure(client.request({ method: 'GET', path: '/countries' }));
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues[0]?.path).toEqual(['apiKey']);
    expect(error.message).not.toContain('no key yet');
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['an empty string', '', 'must not be empty'],
    ['a key with a line break', 'didww_key_aaaa1111\r\nx-injected: 1', 'control characters'],
    ['a key read with its newline', 'didww_key_aaaa1111\n', 'must not start or end with spaces'],
    ['a key with a scheme', 'Bearer didww_key_aaaa1111', 'without a "Bearer " prefix'],
    ['a key with a NUL', 'didww\0key', 'control characters'],
    ['a number', 42, 'must return a string'],
    ['undefined', undefined, 'must return a string'],
  ])(
    'that returns %s is refused by the rules of a key given as a string, never quoting it',
    async (_label, value, message) => {
      await using client = new DidwwClient({
        apiKey: () => value as string,
        baseUrl: `${server.url}/v3`,
        rateLimit: false,
      });
      const error = await failure(client.request({ method: 'GET', path: '/countries' }));
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error.outcome).toBe('not_sent');
      expect(error.message).toContain('apiKey');
      expect(error.message).toContain(message);
      if (typeof value === 'string' && value !== '') expect(error.message).not.toContain(value);
      expect(server.requests).toHaveLength(0);
    },
  );

  it('that never settles ends at the call’s deadline, nothing sent', async () => {
    await using client = new DidwwClient({
      apiKey: () => new Promise<string>(() => {}),
      baseUrl: `${server.url}/v3`,
      rateLimit: false,
      totalTimeoutMs: 50,
    });
    const error = await failure(client.request({ method: 'GET', path: '/countries' }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'total', outcome: 'not_sent' });
    expect(server.requests).toHaveLength(0);
  });

  it('whose call is aborted while it runs ends with the abort', async () => {
    const controller = new AbortController();
    await using client = new DidwwClient({
      apiKey: () => {
        setImmediate(() => controller.abort(new Error('stop')));
        return new Promise<string>(() => {});
      },
      baseUrl: `${server.url}/v3`,
      rateLimit: false,
    });
    const error = await failure(
      client.request({ method: 'GET', path: '/countries' }, { signal: controller.signal }),
    );
    expect(error.code).toBe('aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('returns a key that is redacted from an error body echoing it, events and meta', async () => {
    const key = 'dots_rotated_key_5e6f7a8b9c';
    server.use(
      http.get('*/eco-club-offering/list/*', ({ request }) =>
        HttpResponse.json(
          { message: `token ${request.headers.get('auth-token')} is not allowed` },
          { status: 403, headers: { 'x-echo': request.headers.get('auth-token') ?? '' } },
        ),
      ),
      http.get('*/echo', ({ request }) =>
        HttpResponse.json({ ok: true }, { headers: { 'x-echo': `${request.headers.get('auth-token')}` } }),
      ),
    );
    const events: unknown[] = [];
    const listener = (event: unknown) => events.push(event);
    for (const name of Object.values(CHANNELS)) diagnosticsChannel.subscribe(name, listener);
    try {
      await using client = new DotsClient({
        authToken: async () => key,
        appToken: APP,
        baseUrl: server.url,
        ...fast,
      });
      const error = await failure(client.ecoClubOfferings.list());
      expect(server.requests[0]?.headers['auth-token']).toBe(key);
      for (const form of printedForms(error)) expect(form).not.toContain(key);
      const { meta } = await client.request({ method: 'GET', path: '/echo' }).withMeta();
      expect(meta.headers['x-echo']).toBe('[REDACTED]');
    } finally {
      for (const name of Object.values(CHANNELS)) diagnosticsChannel.unsubscribe(name, listener);
    }
    expect(events.length).toBeGreaterThan(0);
    expect(inspect(events, { depth: 10 })).not.toContain(key);
  });

  it('makes its header the client’s credential header: a call may not set it', async () => {
    await using client = new DotsClient({
      authToken: () => 'dots_token_aaaa1111',
      appToken: APP,
      baseUrl: server.url,
    });
    const error = await failure(client.ecoClubOfferings.list({}, { headers: { 'auth-token': 'other' } }));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toContain("the client's credential header");
  });

  it('of a key not sent on this call is still read, so that an echo of it is redacted (Dots.eco read token on a create)', async () => {
    const readKey = 'dots_read_rotated_4c3b2a19';
    server.use(
      http.post('*/eco-club-offering/add', () =>
        HttpResponse.json({ message: `the read token is ${readKey}` }, { status: 422 }),
      ),
    );
    await using client = new DotsClient({
      authToken: 'dots_write_aaaa1111',
      readAuthToken: async () => readKey,
      appToken: APP,
      baseUrl: server.url,
    });
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1 }));
    expect(server.requests[0]?.headers['auth-token']).toBe('dots_write_aaaa1111');
    for (const form of printedForms(error)) expect(form).not.toContain(readKey);
  });

  it('of a key not sent on this call does not fail the call when it fails', async () => {
    server.use(
      http.post('*/eco-club-offering/add', () =>
        HttpResponse.json({
          uuid: 'u-1',
          quantity: 1,
          code: 'e-1',
          claim_url: 'https://impact.dots.eco/app/6/eco-club/claim',
        }),
      ),
    );
    await using client = new DotsClient({
      authToken: 'dots_write_aaaa1111',
      readAuthToken: () => {
        throw new Error('read token store down');
      },
      appToken: APP,
      baseUrl: server.url,
    });
    await client.ecoClubOfferings.create({ quantity: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('is not called when the client is built', () => {
    const keys = keyStore('dots_token_aaaa1111');
    const client = new DotsClient({ authToken: keys.read, readAuthToken: keys.readAsync, appToken: APP });
    expect(keys.reads).toBe(0);
    return client.close();
  });
});

describe('the key options', () => {
  it.each([
    [
      'Dots.eco authToken',
      () => new DotsClient({ authToken: 42 as unknown as string }),
      'authToken must be a string, or a function that returns one',
    ],
    [
      'Dots.eco readAuthToken',
      () => new DotsClient({ authToken: 'dots_token_aaaa1111', readAuthToken: {} as unknown as string }),
      'readAuthToken must be a string, or a function that returns one',
    ],
    [
      'DIDWW apiKey',
      () => new DidwwClient({ apiKey: null as unknown as string }),
      'apiKey must be a string, or a function that returns one',
    ],
    [
      'Arianee apiKey',
      () => new ArianeeClient({ baseUrl: 'https://brand.nmp.example', apiKey: ['k'] as unknown as string }),
      'apiKey must be a string, or a function that returns one',
    ],
  ])('%s refuses what is neither a string nor a function', (_label, build, message) => {
    expect(build).toThrow(InputValidationError);
    expect(build).toThrow(message);
  });

  it('a string key is still checked when the client is built', () => {
    expect(() => new DidwwClient({ apiKey: 'Bearer abc' })).toThrow(/without a "Bearer " prefix/);
  });
});
