import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/core/errors.js';
import { DidwwClient } from '../../src/didww/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { AVAILABLE_DID_ID, RESERVATION_ID, TEST_API_KEY, testClient } from './fixtures.js';

// A lone UTF-16 surrogate cannot be encoded as UTF-8: encodeURIComponent throws a URIError on it
// and JSON would carry it to DIDWW as an unpaired `\ud800`. Every string argument refuses it first.
const LONE = '\uD800';

const server = useHandlerServer();
let client: DidwwClient;
beforeAll(() => {
  client = testClient(server.url);
});
afterAll(() => client.close());

describe('a lone surrogate in a string argument', () => {
  const calls: [string, string, () => Promise<unknown>][] = [
    [
      'create description',
      'description',
      () => client.didReservations.create({ availableDidId: AVAILABLE_DID_ID, description: `order ${LONE}` }),
    ],
    [
      'create availableDidId',
      'availableDidId',
      () => client.didReservations.create({ availableDidId: LONE }),
    ],
    [
      'list filter.description',
      'filter.description',
      () => client.didReservations.list({ filter: { description: `order ${LONE}` } }),
    ],
    [
      'list filter.id',
      'filter.id',
      () => client.didReservations.list({ filter: { id: [RESERVATION_ID, `${RESERVATION_ID}${LONE}`] } }),
    ],
    ['get id', 'id', () => client.didReservations.get(`${RESERVATION_ID}${LONE}`)],
    ['delete id', 'id', () => client.didReservations.delete(`${LONE}${RESERVATION_ID}`)],
    [
      'available DIDs filter.didGroupFeatures',
      'filter.didGroupFeatures',
      () => client.availableDids.list({ filter: { didGroupFeatures: ['voice', `sms${LONE}`] } }),
    ],
    [
      'available DIDs filter.numberContains',
      'filter.numberContains',
      () => client.availableDids.list({ filter: { numberContains: `949${LONE}` } }),
    ],
    [
      'available DIDs filter.countryId',
      'filter.countryId',
      () => client.availableDids.list({ filter: { countryId: LONE } }),
    ],
    ['available DID id', 'id', () => client.availableDids.get(LONE)],
  ];

  it.each(calls)('%s is an InputValidationError, and nothing is sent', async (_label, path, call) => {
    const error = await failure(call());
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toContain(path);
    expect(server.requests).toHaveLength(0);
  });

  it('in the API key is an InputValidationError from the constructor', () => {
    let thrown: unknown;
    try {
      new DidwwClient({ apiKey: `${TEST_API_KEY}${LONE}`, baseUrl: `${server.url}/v3` });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputValidationError);
    expect((thrown as Error).message).toContain('apiKey');
  });
});
