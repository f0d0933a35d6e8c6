import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArianeeClient } from '../../src/arianee/index.js';
import { InputValidationError, ResponseValidationError } from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { API_KEY, fakePool, linkObjectBody, linkOf, nmpClient, RESERVE_PATH } from './fake-nmp.js';

// The log keeps credential headers as sent: these tests assert which key or token went out.
const server = useHandlerServer([], { raw: true });
let client: ArianeeClient;
beforeAll(() => {
  client = nmpClient(server);
});
afterAll(() => client.close());

/** Raw query string of the last request, as it was on the wire. */
function rawQueries(): string[] {
  const seen: string[] = [];
  server.use(
    http.get(RESERVE_PATH, ({ request }) => {
      seen.push(new URL(request.url).search);
      return HttpResponse.json(linkObjectBody(7));
    }),
  );
  return seen;
}

describe('formats', () => {
  it('linkObject is the default and returns the documented object', async () => {
    server.use(fakePool(5).handler);
    const passport = await client.reserveOne({ tags: 'vip' });
    expect(passport).toEqual(linkObjectBody(1001));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.method).toBe('GET');
    expect(server.requests[0]?.path).toBe('/dispenser/distribution/reserveOne');
    expect(server.requests[0]?.query.get('format')).toBe('linkObject');
  });

  it('link returns the text/plain body as a string', async () => {
    server.use(fakePool(5).handler);
    const link = await client.reserveOne({ tags: 'vip', format: 'link' });
    expect(link).toBe(linkOf(1001));
    expect(server.requests[0]?.query.get('format')).toBe('link');
  });

  it('link accepts a JSON string body and surrounding whitespace', async () => {
    server.use(http.get(RESERVE_PATH, () => HttpResponse.json(linkOf(3))));
    expect(await client.reserveOne({ tags: 'vip', format: 'link' })).toBe(linkOf(3));
    server.use(http.get(RESERVE_PATH, () => HttpResponse.text(`${linkOf(4)}\n`)));
    expect(await client.reserveOne({ tags: 'vip', format: 'link' })).toBe(linkOf(4));
  });

  it('link rejects a body that is not a link, as applied (the passport was taken)', async () => {
    server.use(http.get(RESERVE_PATH, () => HttpResponse.text('<html><body>hello</body></html>')));
    const error = await failure(client.reserveOne({ tags: 'vip', format: 'link' }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.outcome).toBe('applied');
    expect(error.message).toContain('a passport may have been reserved');
  });

  it('content returns the JSON object as it came', async () => {
    const content = {
      $schema: 'https://cert.arianee.org/version5/ArianeeProductCertificate-i18n.json',
      name: 'Bag',
    };
    server.use(http.get(RESERVE_PATH, () => HttpResponse.json(content)));
    const result = await client.reserveOne({ tags: 'vip', format: 'content' });
    expect(result).toEqual(content);
    expect(server.requests[0]?.query.get('format')).toBe('content');
  });

  it('content must be a JSON object', async () => {
    server.use(http.get(RESERVE_PATH, () => HttpResponse.json([1, 2])));
    const error = await failure(client.reserveOne({ tags: 'vip', format: 'content' }));
    expect(error).toBeInstanceOf(ResponseValidationError);
  });

  it('linkObject tolerates extra fields, a string id and a string deeplink (the kiosk form)', async () => {
    server.use(
      http.get(RESERVE_PATH, () =>
        HttpResponse.json({ ...linkObjectBody(9), certificateId: '9', extra: true, deeplink: linkOf(9) }),
      ),
    );
    expect(await client.reserveOne({ tags: 'vip' })).toEqual(linkObjectBody(9));
  });

  it('linkObject sent as text/plain is still read as JSON', async () => {
    server.use(http.get(RESERVE_PATH, () => HttpResponse.text(JSON.stringify(linkObjectBody(5)))));
    expect(await client.reserveOne({ tags: 'vip' })).toEqual(linkObjectBody(5));
  });

  it('withMeta gives status and attempts', async () => {
    server.use(fakePool(1).handler);
    const { data, meta } = await client.reserveOne({ tags: 'vip' }).withMeta();
    expect(data.certificateId).toBe(1001);
    expect(meta).toMatchObject({ status: 200, attempts: 1, reconciled: false });
  });
});

describe('tags', () => {
  it('one tag is sent as is', async () => {
    const seen = rawQueries();
    await client.reserveOne({ tags: 'vip' });
    expect(seen).toEqual(['?tags=vip&format=linkObject']);
  });

  it('several tags are comma-joined, the commas literal', async () => {
    const seen = rawQueries();
    await client.reserveOne({ tags: ['vip', 'spring-2025', 'paris'] });
    expect(seen).toEqual(['?tags=vip,spring-2025,paris&format=linkObject']);
    expect(server.requests[0]?.query.getAll('tags')).toEqual(['vip,spring-2025,paris']);
  });

  it('special characters are percent-encoded', async () => {
    const seen = rawQueries();
    await client.reserveOne({ tags: ['vip club', 'a&b=c', 'été/ü?#+%'] });
    expect(seen).toEqual(['?tags=vip%20club,a%26b%3Dc,%C3%A9t%C3%A9%2F%C3%BC%3F%23%2B%25&format=linkObject']);
    expect(server.requests[0]?.query.get('tags')).toBe('vip club,a&b=c,été/ü?#+%');
  });

  it.each([
    ['an empty string', ''],
    ['a blank string', '   '],
    ['an empty array', []],
    ['an array with a blank tag', ['vip', ' ']],
    ['a tag with a comma', 'vip,gold'],
    ['an array with a comma tag', ['vip', 'a,b']],
    ['a number', 42],
    ['nothing', undefined],
    ['a lone high surrogate', 'vip\uD800'],
    ['a lone low surrogate in an array', ['vip', '\uDC00gold']],
  ])('%s is an InputValidationError, nothing sent', async (_label, tags) => {
    server.use(fakePool(5).handler);
    const error = await failure(client.reserveOne({ tags } as unknown as { tags: string }));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.operation).toBe('arianee.reserveOne');
    expect(error.outcome).toBe('not_sent');
    expect((error as InputValidationError).issues[0]?.path[0]).toBe('tags');
    expect(server.requests).toHaveLength(0);
  });

  it('an unknown format is an InputValidationError, nothing sent', async () => {
    const error = await failure(
      client.reserveOne({ tags: 'vip', format: 'xml' } as unknown as { tags: string; format: 'link' }),
    );
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toContain('format');
    expect(server.requests).toHaveLength(0);
  });
});

describe('authentication', () => {
  it('sends Authorization: Bearer <apiKey> by default', async () => {
    server.use(fakePool(1).handler);
    await client.reserveOne({ tags: 'vip' });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.requests[0]?.headers.accept).toContain('application/json');
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^reservekit\//);
  });

  it('takes another header and the bare key', async () => {
    server.use(fakePool(1).handler);
    const custom = nmpClient(server, { authHeader: 'X-Api-Key', authScheme: null });
    await custom.reserveOne({ tags: 'vip' });
    expect(server.requests[0]?.headers['x-api-key']).toBe(API_KEY);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    await custom.close();
  });

  it('sends the bare key in a custom header unless authScheme says otherwise', async () => {
    server.use(fakePool(2).handler);
    const bare = nmpClient(server, { authHeader: 'x-api-key' });
    await bare.reserveOne({ tags: 'vip' });
    expect(server.requests[0]?.headers['x-api-key']).toBe(API_KEY);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    await bare.close();
    const withScheme = nmpClient(server, { authHeader: 'x-api-key', authScheme: 'Bearer' });
    await withScheme.reserveOne({ tags: 'vip' });
    expect(server.requests[1]?.headers['x-api-key']).toBe(`Bearer ${API_KEY}`);
    await withScheme.close();
  });

  it('keeps Bearer when authHeader names authorization explicitly', async () => {
    server.use(fakePool(1).handler);
    const explicit = nmpClient(server, { authHeader: 'Authorization' });
    await explicit.reserveOne({ tags: 'vip' });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    await explicit.close();
  });

  it('takes another scheme', async () => {
    server.use(fakePool(1).handler);
    const custom = nmpClient(server, { authScheme: 'Token' });
    await custom.reserveOne({ tags: 'vip' });
    expect(server.requests[0]?.headers.authorization).toBe(`Token ${API_KEY}`);
    await custom.close();
  });
});

describe('client options', () => {
  it.each([
    ['no baseUrl', { apiKey: API_KEY }, 'baseUrl'],
    ['no apiKey', { baseUrl: 'https://brand.nmp.example' }, 'apiKey'],
    ['an empty apiKey', { baseUrl: 'https://brand.nmp.example', apiKey: '' }, 'apiKey'],
    ['a key with a line break', { baseUrl: 'https://brand.nmp.example', apiKey: `${API_KEY}\n` }, 'apiKey'],
    [
      'a header name with a space',
      { baseUrl: 'https://b.example', apiKey: API_KEY, authHeader: 'x api' },
      'authHeader',
    ],
    [
      'a transport header',
      { baseUrl: 'https://b.example', apiKey: API_KEY, authHeader: 'Host' },
      'authHeader',
    ],
    [
      'a scheme with a space',
      { baseUrl: 'https://b.example', apiKey: API_KEY, authScheme: 'A B' },
      'authScheme',
    ],
    ['plain http to a remote host', { baseUrl: 'http://brand.nmp.example', apiKey: API_KEY }, 'baseUrl'],
  ])('%s is an InputValidationError that never quotes the key', (_label, options, path) => {
    let thrown: unknown;
    try {
      new ArianeeClient(options as unknown as ConstructorParameters<typeof ArianeeClient>[0]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputValidationError);
    const error = thrown as InputValidationError;
    expect(error.issues[0]?.path[0]).toBe(path);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(error.message).not.toContain(API_KEY);
  });

  it('accepts the nmpUrl as a bare host (https is implied)', async () => {
    const bare = new ArianeeClient({ baseUrl: 'mybrand.nmp.example', apiKey: API_KEY });
    await bare.close();
  });

  it('a closed client refuses calls without sending', async () => {
    const closed = nmpClient(server);
    await closed.close();
    await failure(closed.reserveOne({ tags: 'vip' }));
    expect(server.requests).toHaveLength(0);
  });
});
