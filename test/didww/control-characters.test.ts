import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/core/errors.js';
import type { DidwwClient, ListDidReservationsParams } from '../../src/didww/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import {
  AVAILABLE_DID_ID,
  jsonApi,
  RESERVATION_ID,
  reservationDocument,
  reservationListPage,
  testClient,
} from './fixtures.js';

const server = useHandlerServer();
let client: DidwwClient;
beforeAll(() => {
  client = testClient(server.url);
});
afterAll(() => client.close());

async function refused(call: () => PromiseLike<unknown>, path: string): Promise<InputValidationError> {
  const error = await failure(call());
  expect(error).toBeInstanceOf(InputValidationError);
  const paths = (error as InputValidationError).issues.map((issue) => issue.path.join('.'));
  expect(paths.some((found) => found === path || found.startsWith(`${path}.`))).toBe(true);
  expect(server.requests).toHaveLength(0);
  return error as InputValidationError;
}

describe('ids and feature filters: no control character, never blank', () => {
  it.each<[string, string]>([
    ['a NUL', 'voice\u0000'],
    ['a DEL', 'voice\u007F'],
    ['an ESC', '\u001Bvoice'],
    ['a line break', 'voice\n'],
  ])('availableDids.list refuses a didGroupFeatures value with %s', async (_label, feature) => {
    await refused(
      () => client.availableDids.list({ filter: { didGroupFeatures: ['sms', feature] } }),
      'filter.didGroupFeatures',
    );
  });

  it.each<[string, () => PromiseLike<unknown>, string]>([
    ['get: an id with a trailing line break', () => client.didReservations.get(`${RESERVATION_ID}\n`), 'id'],
    ['delete: a blank id', () => client.didReservations.delete('   '), 'id'],
    ['delete: an empty id', () => client.didReservations.delete(''), 'id'],
    [
      'create: an id with a NUL',
      () => client.didReservations.create({ availableDidId: `${AVAILABLE_DID_ID}\u0000` }),
      'availableDidId',
    ],
    ['availableDids.get: a dot segment', () => client.availableDids.get('..'), 'id'],
    [
      'list: a filter id with CR LF',
      () => client.didReservations.list({ filter: { id: `${RESERVATION_ID}\r\n` } }),
      'filter.id',
    ],
  ])('%s is refused (DIDWW ids are UUIDs)', async (_label, call, path) => {
    await refused(call, path);
  });
});

describe('description: free text, but no control character except tab and line breaks', () => {
  it.each<[string, string]>([
    ['a NUL', 'order 42\u0000'],
    ['an ESC', 'order \u001B[31m42'],
    ['a DEL', 'order 42\u007F'],
  ])('create refuses a description with %s', async (_label, description) => {
    await refused(
      () => client.didReservations.create({ availableDidId: AVAILABLE_DID_ID, description }),
      'description',
    );
  });

  it.each<[string, string]>([
    ['a NUL', 'order 42\u0000'],
    ['a DEL', 'order 42\u007F'],
  ])('list refuses a description filter with %s', async (_label, description) => {
    await refused(() => client.didReservations.list({ filter: { description } }), 'filter.description');
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['blank', '   '],
  ])(
    'list refuses a description filter that is %s (it matches nothing you meant)',
    async (_label, description) => {
      const error = await refused(
        () => client.didReservations.list({ filter: { description } } as ListDidReservationsParams),
        'filter.description',
      );
      expect(error.message).toMatch(/empty or blank/);
    },
  );

  it('a description spanning lines is sent as given, and can be filtered by', async () => {
    const description = 'order 42\n\tgift';
    server.use(
      http.post('*/v3/did_reservations', () => jsonApi(reservationDocument({ description }), 201)),
      http.get('*/v3/did_reservations', () =>
        jsonApi(reservationListPage({ host: server.url, items: [], totalRecords: 0 })),
      ),
    );
    await client.didReservations.create({ availableDidId: AVAILABLE_DID_ID, description });
    await client.didReservations.list({ filter: { description } });
    expect(JSON.parse(server.requests[0]?.body ?? '').data.attributes.description).toBe(description);
    expect(server.requests[1]?.query.get('filter[description]')).toBe(description);
  });
});

describe('page numbers are positive safe integers', () => {
  it.each<[string, Record<string, number>]>([
    ['number 0', { number: 0 }],
    ['a negative number', { number: -1 }],
    ['a fractional size', { size: 1.5 }],
    ['NaN', { number: Number.NaN }],
    ['Infinity', { size: Number.POSITIVE_INFINITY }],
    ['a number past 2^53', { number: 2 ** 53 }],
  ])('%s is refused', async (_label, page) => {
    await refused(() => client.didReservations.list({ page }), 'page');
  });

  it('sends the largest page number as plain digits', async () => {
    server.use(
      http.get('*/v3/did_reservations', () =>
        HttpResponse.json(reservationListPage({ host: server.url, items: [], totalRecords: 0 })),
      ),
    );
    await client.didReservations.list({ page: { number: Number.MAX_SAFE_INTEGER } }).catch(() => undefined);
    expect(server.requests[0]?.query.get('page[number]')).toBe('9007199254740991');
  });
});
