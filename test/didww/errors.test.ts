import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from '../../src/core/errors.js';
import { DidwwClient, type DidwwClientOptions, getDidwwErrors } from '../../src/didww/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import {
  AVAILABLE_DIDS_LIST,
  ERROR_404,
  HTML_502,
  jsonApi,
  RESERVATION_ID,
  redirectingAgent,
  TEST_API_KEY,
  testClient,
} from './fixtures.js';

const server = useHandlerServer();
let client: DidwwClient;
beforeAll(() => {
  client = testClient(server.url);
});
afterAll(() => client.close());

describe('error bodies that are not JSON:API', () => {
  it('a proxy’s HTML 502 on a GET is retried, then a ServerError that says it was HTML', async () => {
    server.use(
      http.get(
        '*/v3/did_reservations/:id',
        () => new HttpResponse(HTML_502, { status: 502, headers: { 'content-type': 'text/html' } }),
      ),
    );
    const error = await failure(client.didReservations.get(RESERVATION_ID));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe(
      "didww.didReservations.get failed: 502 HTTP 502 (an HTML page, not the provider's API error format)",
    );
    expect(error).toMatchObject({ attempts: 3, details: undefined });
    expect(server.requests).toHaveLength(3);
  });

  it('plain text keeps its text as the message', async () => {
    server.use(
      http.get(
        '*/v3/available_dids',
        () =>
          new HttpResponse('upstream connect error', {
            status: 500,
            headers: { 'content-type': 'text/plain' },
          }),
      ),
    );
    const error = await failure(client.availableDids.list({}, { maxRetries: 0 }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe('didww.availableDids.list failed: 500 upstream connect error');
  });

  it('a gateway’s own JSON uses its message field', async () => {
    server.use(
      http.get('*/v3/available_dids', () =>
        HttpResponse.json({ message: 'Forbidden by WAF' }, { status: 403 }),
      ),
    );
    const error = await failure(client.availableDids.list());
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('didww.availableDids.list failed: 403 Forbidden by WAF');
    expect(getDidwwErrors(error)).toEqual([]);
  });

  it('an empty error body still gives a typed error', async () => {
    server.use(http.get('*/v3/available_dids', () => new HttpResponse(null, { status: 401 })));
    const error = await failure(client.availableDids.list());
    expect(error.code).toBe('authentication_failed');
    expect(error.message).toMatch(
      /^didww\.availableDids\.list failed: 401 HTTP 401 — DIDWW refused the API key/,
    );
  });
});

describe('429', () => {
  it('is retried after Retry-After, then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get('*/v3/available_dids', () => {
        calls += 1;
        return calls === 1
          ? jsonApi({ errors: [{ title: 'Too Many Requests', status: '429' }] }, 429, { 'retry-after': '0' })
          : jsonApi(AVAILABLE_DIDS_LIST);
      }),
    );
    const { data, meta } = await client.availableDids.list().withMeta();
    expect(data.data).toHaveLength(2);
    expect(meta.attempts).toBe(2);
  });

  it('ends as RateLimitError when it persists', async () => {
    server.use(
      http.get(
        '*/v3/available_dids',
        () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '0' } }),
      ),
    );
    const error = await failure(client.availableDids.list({}, { maxRetries: 1 }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(2);
  });
});

describe('getDidwwErrors', () => {
  it('reads the entries of a DIDWW error, as sent', async () => {
    server.use(http.get('*/v3/did_reservations/:id', () => jsonApi(ERROR_404, 404)));
    const error = await failure(client.didReservations.get(RESERVATION_ID));
    expect(getDidwwErrors(error)).toEqual(ERROR_404.errors);
    expect(getDidwwErrors(new Error('not an API error'))).toEqual([]);
  });

  it('keeps odd entries readable: numeric codes, entries without detail', async () => {
    server.use(
      http.get('*/v3/did_reservations/:id', () =>
        jsonApi({ errors: [{ title: 'Conflict', code: 409, status: 409, source: 'nowhere' }, 'oops'] }, 409),
      ),
    );
    const error = await failure(client.didReservations.get(RESERVATION_ID));
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('didww.didReservations.get failed: 409 Conflict [409]');
    expect(getDidwwErrors(error)).toEqual([
      {
        title: 'Conflict',
        code: '409',
        status: '409',
        source: undefined,
        detail: undefined,
        meta: undefined,
      },
      {},
    ]);
  });
});

describe('errors that say what to change', () => {
  const UNAUTHORIZED = { errors: [{ title: 'Unauthorized', detail: 'Invalid API key', status: '401' }] };

  /** A 401 from the host the options choose, reached through an agent that sends it to the test server. */
  async function keyRefusedAt(options: Partial<DidwwClientOptions>): Promise<AuthenticationError> {
    server.use(http.get('*/v3/available_dids', () => jsonApi(UNAUTHORIZED, 401)));
    const seen: string[] = [];
    const agent = redirectingAgent(server.url, seen);
    const refused = new DidwwClient({
      apiKey: TEST_API_KEY,
      dispatcher: agent,
      rateLimit: false,
      ...options,
    });
    const error = await failure(refused.availableDids.list());
    await refused.close();
    await agent.close();
    expect(error).toBeInstanceOf(AuthenticationError);
    return error as AuthenticationError;
  }

  it('a 401 in the default environment says the key went to sandbox, and how to pick production', async () => {
    const error = await keyRefusedAt({});
    expect(error.message).toContain(
      "DIDWW refused the API key at the sandbox environment (the default; https://sandbox-api.didww.com/v3): a production key does not work in sandbox; pass environment: 'production'",
    );
    expect(error.message).not.toContain(TEST_API_KEY);
    // DIDWW's own text stays as it was sent.
    expect(error.providerMessage).toBe('Invalid API key');
  });

  it('a 401 in production says so, and how to pick sandbox', async () => {
    const error = await keyRefusedAt({ environment: 'production' });
    expect(error.message).toContain(
      "at the production environment (https://api.didww.com/v3): a sandbox key does not work in production; pass environment: 'sandbox'",
    );
  });

  it('a 401 at a baseUrl of your own names that URL', async () => {
    server.use(http.get('*/v3/available_dids', () => jsonApi(UNAUTHORIZED, 401)));
    const error = await failure(client.availableDids.list());
    expect(error.message).toContain(`DIDWW refused the API key at ${server.url}/v3`);
  });

  it('a 404 at a baseUrl without /v3 says DIDWW lives under /v3', async () => {
    server.use(http.get('*/available_dids', () => new HttpResponse('Not Found', { status: 404 })));
    await using noPrefix = testClient(server.url, { baseUrl: server.url });
    const error = await failure(noPrefix.availableDids.list());
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(`baseUrl ${server.url} has no /v3 path; DIDWW's API lives under /v3`);
  });

  it('a 404 under /v3 is only a 404', async () => {
    server.use(http.get('*/v3/did_reservations/:id', () => jsonApi(ERROR_404, 404)));
    const error = await failure(client.didReservations.get(RESERVATION_ID));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).not.toContain('/v3 path');
  });
});
