import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/core/errors.js';
import { DIDWW_BASE_URLS, DidwwClient, type DidwwClientOptions } from '../../src/didww/index.js';
import { useHandlerServer } from '../support/handler-server.js';
import {
  AVAILABLE_DID_ID,
  AVAILABLE_DIDS_LIST,
  jsonApi,
  redirectingAgent,
  TEST_API_KEY,
  testClient,
} from './fixtures.js';

// The log keeps credential headers as sent: these tests assert which key or token went out.
const server = useHandlerServer(
  [
    http.get('*/v3/available_dids', () =>
      jsonApi(AVAILABLE_DIDS_LIST, 200, { 'x-request-id': 'req_1', 'x-trace': 'tr_9' }),
    ),
  ],
  { raw: true },
);

describe('hosts', () => {
  it.each([
    [undefined, 'https://sandbox-api.didww.com/v3/available_dids'],
    ['sandbox', 'https://sandbox-api.didww.com/v3/available_dids'],
    ['production', 'https://api.didww.com/v3/available_dids'],
  ] as const)('environment %s goes to %s', async (environment, expected) => {
    const seen: string[] = [];
    const agent = redirectingAgent(server.url, seen);
    const client = new DidwwClient({
      apiKey: TEST_API_KEY,
      environment,
      dispatcher: agent,
      rateLimit: false,
    });
    await client.availableDids.list();
    expect(seen).toEqual([expected]);
    await client.close();
    await agent.close();
  });

  it('baseUrl wins over environment, and includes /v3', async () => {
    const client = testClient(server.url, { environment: 'production' });
    await client.availableDids.list();
    expect(server.requests[0]?.path).toBe('/v3/available_dids');
    await client.close();
  });

  it('documents the two hosts', () => {
    expect(DIDWW_BASE_URLS).toEqual({
      sandbox: 'https://sandbox-api.didww.com/v3',
      production: 'https://api.didww.com/v3',
    });
  });
});

describe('headers', () => {
  it('sends the version it is given and the transport’s user agent', async () => {
    const client = testClient(server.url, { apiVersion: '2021-12-15', userAgentSuffix: 'my-app/1.0' });
    await client.availableDids.list();
    const headers = server.requests[0]?.headers;
    expect(headers?.['x-didww-api-version']).toBe('2021-12-15');
    expect(headers?.['user-agent']).toMatch(/^reservekit\/\S+ node\/\S+ my-app\/1\.0$/);
    expect(headers?.['api-key']).toBe(TEST_API_KEY);
    await client.close();
  });

  it('reads the request id from x-request-id by default, or from the headers it is told', async () => {
    const byDefault = testClient(server.url);
    expect((await byDefault.availableDids.list().withMeta()).meta.requestId).toBe('req_1');
    const custom = testClient(server.url, { requestIdHeaders: ['X-Trace'] });
    expect((await custom.availableDids.list().withMeta()).meta.requestId).toBe('tr_9');
    await byDefault.close();
    await custom.close();
  });
});

describe('validation', () => {
  // Options as an untyped caller could pass them.
  const rejected = (options: unknown) => {
    try {
      new DidwwClient(options as DidwwClientOptions);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('refuses API versions that need bearer tokens (2026-11-19 and later)', () => {
    const error = rejected({ apiKey: TEST_API_KEY, apiVersion: '2026-11-19' });
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toContain('bearer tokens');
  });

  it('refuses a missing key, a Bearer-prefixed key and a malformed version, without printing the key', () => {
    for (const options of [
      {},
      { apiKey: '' },
      { apiKey: `Bearer ${TEST_API_KEY}` },
      { apiKey: TEST_API_KEY, apiVersion: 'latest' },
      { apiKey: TEST_API_KEY, environment: 'staging' },
      { apiKey: TEST_API_KEY, rateLimit: { requestsPerSecond: 0 } },
    ]) {
      const error = rejected(options);
      expect(error).toBeInstanceOf(InputValidationError);
      expect(JSON.stringify(error) + (error as Error).message).not.toContain(TEST_API_KEY);
    }
  });

  it('refuses a lookupMaxPages that is not a whole number of pages from 1', () => {
    for (const lookupMaxPages of [0, -1, 1.5, Number.POSITIVE_INFINITY, '20']) {
      const error = rejected({ apiKey: TEST_API_KEY, lookupMaxPages });
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as Error).message).toContain('lookupMaxPages');
    }
  });

  it('refuses a lookupClockSkewMs that is not a whole number of ms from 0', () => {
    for (const lookupClockSkewMs of [-1, 0.5, Number.NaN, '120000']) {
      const error = rejected({ apiKey: TEST_API_KEY, lookupClockSkewMs });
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as Error).message).toContain('lookupClockSkewMs');
    }
    expect(rejected({ apiKey: TEST_API_KEY, lookupClockSkewMs: 0 })).toBeUndefined();
  });

  it('refuses plain http to a non-loopback host', () => {
    const error = rejected({ apiKey: TEST_API_KEY, baseUrl: 'http://api.didww.com/v3' });
    expect(error).toBeInstanceOf(InputValidationError);
  });
});

describe('per-call options', () => {
  it.each([
    ['a negative maxRetries', { maxRetries: -1 }],
    ['a typo', { timeOutMs: 5 }],
    ['null', null],
  ])('refuses %s on a create before anything is sent (no lookup either)', async (_label, options) => {
    const client = testClient(server.url);
    const error = await client.didReservations
      .create({ availableDidId: AVAILABLE_DID_ID }, options as never)
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    await client.close();
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ operation: 'didww.didReservations.create', outcome: 'not_sent' });
    expect(server.requests).toHaveLength(0);
  });
});
