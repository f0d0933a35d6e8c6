import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, RateLimitError, ServerError } from '../../src/core/errors.js';
import { type DidwwClient, getDidwwErrors } from '../../src/didww/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { AVAILABLE_DIDS_LIST, ERROR_404, HTML_502, jsonApi, RESERVATION_ID, testClient } from './fixtures.js';

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
    expect(error.message).toBe('didww.availableDids.list failed: 401 HTTP 401');
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
