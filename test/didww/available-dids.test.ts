import { http } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputValidationError, ProviderValidationError } from '../../src/core/errors.js';
import type { DidwwClient, ListAvailableDidsParams } from '../../src/didww/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import {
  AVAILABLE_DID_WITH_GROUP,
  AVAILABLE_DIDS_LIST,
  AVAILABLE_DIDS_WITH_NANPA,
  COUNTRY_ID,
  ERROR_400_FILTER,
  jsonApi,
  testClient,
} from './fixtures.js';

const GROUP_ID = 'a9e3d346-d7bc-4a85-adb0-8ef1119cf237';
const TYPE_ID = '2f3a3c42-7a2e-4bd4-8a8f-7f4b0f1c2d31';

const server = useHandlerServer();
let client: DidwwClient;
beforeAll(() => {
  client = testClient(server.url);
});
afterAll(() => client.close());
beforeEach(() => {
  server.use(
    http.get('*/v3/available_dids', () => jsonApi(AVAILABLE_DIDS_LIST)),
    http.get('*/v3/available_dids/:id', () => jsonApi(AVAILABLE_DID_WITH_GROUP)),
  );
});

describe('availableDids.list', () => {
  it('maps camelCase filters to DIDWW’s filter[...] keys', async () => {
    await client.availableDids.list({
      filter: {
        countryId: COUNTRY_ID,
        didGroupId: [GROUP_ID, GROUP_ID],
        didGroupTypeId: TYPE_ID,
        didGroupFeatures: ['voice', 'sms'],
        didGroupNeedsRegistration: false,
        numberContains: '949',
      },
      include: ['didGroup', 'nanpaPrefix'],
      sort: '-number',
    });
    expect(server.requests[0]?.path).toBe('/v3/available_dids');
    expect(Object.fromEntries(server.requests[0]?.query ?? [])).toEqual({
      'filter[country.id]': COUNTRY_ID,
      'filter[did_group.id]': `${GROUP_ID},${GROUP_ID}`,
      'filter[did_group_type.id]': TYPE_ID,
      'filter[did_group.features]': 'voice,sms',
      'filter[did_group.needs_registration]': 'false',
      'filter[number_contains]': '949',
      include: 'did_group,nanpa_prefix',
      sort: '-number',
    });
  });

  it('returns the numbers and the match count', async () => {
    const { data, meta } = await client.availableDids.list({ filter: { countryId: COUNTRY_ID } });
    expect(meta).toEqual({ totalCount: 260747, apiVersion: undefined });
    expect(data).toEqual([
      { id: '0b76223b-9625-412f-b0f3-330551473e7e', number: '16169886810' },
      { id: 'b6db898e-5c40-40b2-9ee8-3847d5345435', number: '61872285223' },
    ]);
  });

  it('resolves an included NANPA prefix', async () => {
    server.use(http.get('*/v3/available_dids', () => jsonApi(AVAILABLE_DIDS_WITH_NANPA)));
    const { data, meta } = await client.availableDids.list({ include: 'nanpaPrefix' });
    expect(meta.apiVersion).toBe('2026-04-16');
    expect(data[0]).toMatchObject({
      number: '18649204444',
      nanpaPrefixId: 'f3a2b1c0-1234-5678-9abc-def012345678',
      nanpaPrefix: { id: 'f3a2b1c0-1234-5678-9abc-def012345678', npa: '864', nxx: '920' },
    });
    expect(data[0]?.didGroup).toBeUndefined();
  });

  it('refuses a country ISO code, non-digit numberContains and unknown filters before sending', async () => {
    const bad: unknown[] = [
      { filter: { countryId: 'US' } },
      { filter: { numberContains: '+1 949' } },
      { filter: { country: COUNTRY_ID } },
      { filter: { didGroupFeatures: 'voice,sms' } },
      { include: 'did_group' },
    ];
    for (const params of bad) {
      const error = await failure(client.availableDids.list(params as ListAvailableDidsParams));
      expect(error).toBeInstanceOf(InputValidationError);
    }
    const error = await failure(client.availableDids.list({ filter: { countryId: 'US' } }));
    expect((error as InputValidationError).issues[0]?.path).toEqual(['filter', 'countryId']);
    expect(error.message).toContain('must be a DIDWW id');
    expect(server.requests).toHaveLength(0);
  });

  it('maps DIDWW’s 400 (a filter it refuses) to ProviderValidationError', async () => {
    server.use(http.get('*/v3/available_dids', () => jsonApi(ERROR_400_FILTER, 400)));
    const error = await failure(client.availableDids.list({ filter: { numberContains: '9' } }));
    expect(error).toBeInstanceOf(ProviderValidationError);
    expect(error).toMatchObject({ status: 400, providerCode: '102' });
    expect(error.message).toContain('bogus is not allowed.');
    expect(server.requests).toHaveLength(1);
  });
});

describe('availableDids.get', () => {
  it('resolves the included DID group and its prices', async () => {
    const did = await client.availableDids.get('0b76223b-9625-412f-b0f3-330551473e7e', {
      include: 'didGroup.stockKeepingUnits',
    });
    expect(server.requests[0]?.path).toBe('/v3/available_dids/0b76223b-9625-412f-b0f3-330551473e7e');
    expect(server.requests[0]?.query.get('include')).toBe('did_group.stock_keeping_units');
    expect(did).toMatchObject({
      id: '0b76223b-9625-412f-b0f3-330551473e7e',
      number: '16169886810',
      didGroupId: GROUP_ID,
      didGroup: {
        id: GROUP_ID,
        type: 'did_groups',
        areaName: 'Grand Rapids',
        prefix: '616',
        allowAdditionalChannels: true,
        stockKeepingUnits: [
          { id: 'bdff43ad-2db8-428c-a65c-f2d4d43720b6', setupPrice: '0.0', channelsIncludedCount: 0 },
        ],
      },
    });
  });

  it('refuses a path-escaping id before sending', async () => {
    const error = await failure(client.availableDids.get('..%2Fdid_reservations'));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(server.requests).toHaveLength(0);
  });
});
