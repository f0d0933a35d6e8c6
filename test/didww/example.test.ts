import { HttpResponse, http } from 'msw';
import { expect, it } from 'vitest';
import { run } from '../../examples/didww-reserve-number.js';
import type { ExampleEnv } from '../../examples/support/example-env.js';
import type { HandlerServer } from '../../src/testing/serve-handlers.js';
import { useHandlerServer } from '../support/handler-server.js';
import {
  AVAILABLE_DIDS_LIST,
  availableDidResource,
  COUNTRY_ID,
  ERROR_422_AVAILABLE_DID,
  jsonApi,
  RESERVATION_ID,
  reservationDocument,
  reservationListPage,
  TEST_API_KEY,
} from './fixtures.js';

// The example end to end against a loopback DIDWW whose first listed number is already taken.
const TAKEN = AVAILABLE_DIDS_LIST.data[0]?.id;
const FREE = AVAILABLE_DIDS_LIST.data[1]?.id ?? '';

let held = false;

const server: HandlerServer = useHandlerServer([
  // DIDWW's country list, filtered by ISO code (as the example asks for AU).
  http.get('*/v3/countries', ({ request }) =>
    jsonApi({
      data:
        new URL(request.url).searchParams.get('filter[iso]') === 'AU'
          ? [
              {
                id: COUNTRY_ID,
                type: 'countries',
                attributes: { name: 'Australia', prefix: '61', iso: 'AU' },
              },
            ]
          : [],
      meta: { api_version: '2026-04-16' },
    }),
  ),
  http.get('*/v3/available_dids', () => jsonApi(AVAILABLE_DIDS_LIST)),
  http.post('*/v3/did_reservations', async ({ request }) => {
    const body = (await request.json()) as {
      data: { relationships: { available_did: { data: { id: string } } } };
    };
    if (body.data.relationships.available_did.data.id === TAKEN) return jsonApi(ERROR_422_AVAILABLE_DID, 422);
    held = true;
    return jsonApi(reservationDocument({ description: 'reservekit example' }), 201);
  }),
  http.get('*/v3/did_reservations', () =>
    jsonApi(
      reservationListPage({
        host: server.url,
        totalRecords: held ? 1 : 0,
        items: held ? [reservationDocument({ availableDidId: FREE }).data] : [],
        included: held ? [availableDidResource(FREE, '61872285223')] : [],
      }),
    ),
  ),
  http.delete('*/v3/did_reservations/:id', () => {
    held = false;
    return new HttpResponse(null, { status: 204 });
  }),
]);

it('finds, holds, lists and releases a number', async () => {
  const lines: string[] = [];
  const env: ExampleEnv = {
    arianee: { baseUrl: server.url, apiKey: 'unused', tag: 'unused' },
    didww: {
      baseUrl: `${server.url}/v3`,
      apiKey: TEST_API_KEY,
      environment: 'sandbox',
      countryIso: 'AU',
      tokenUrl: undefined,
    },
    dots: { baseUrl: server.url, authToken: 'unused', appToken: 'unused' },
    log: (line) => lines.push(line),
    progress: () => {},
  };
  const summary = await run(env);
  expect(Object.fromEntries(summary.rows)).toMatchObject({
    number: '+61872285223',
    hold: RESERVATION_ID,
    create: 'created',
    'holds listed': '1',
    'more holds allowed': '9',
    released: 'true',
  });
  expect(lines.some((line) => line.includes('cannot be held'))).toBe(true);
  expect(held).toBe(false);
  expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
  expect(server.requests[0]?.query.get('filter[iso]')).toBe('AU');
  expect(server.requests[1]?.query.get('filter[country.id]')).toBe(COUNTRY_ID);
});
