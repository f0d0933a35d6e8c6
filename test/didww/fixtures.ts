import { HttpResponse } from 'msw';
import { Agent, type Dispatcher } from 'undici';
import { DidwwClient, type DidwwClientOptions } from '../../src/didww/index.js';

// Real DIDWW bodies (see /work/shared/PROVIDERS.md §2): the TypeScript SDK's sandbox captures
// (didww-api-3-typescript-sdk tests/fixtures/…), the Ruby SDK's spec fixtures and the narrative
// docs' examples. Only hosts are changed, where a test needs links that point at its loopback server.

export const TEST_API_KEY = 'didww_test_key_7f3a91c2e5b84d06';

export const AVAILABLE_DID_ID = '857d1462-5f43-4238-b007-ff05f282e41b';
export const RESERVATION_ID = 'fd38d3ff-80cf-4e67-a605-609a2884a5c4';
export const COUNTRY_ID = '1f6fc2bd-f081-4202-9b1a-d9cb88d942b9';

/** A DIDWW answer: JSON:API media type, as DIDWW sends it. */
export function jsonApi(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): HttpResponse<string> {
  return new HttpResponse(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/vnd.api+json', ...headers },
  });
}

/** A client against a loopback server, quick retries, no pacing (tests of pacing turn it on). */
export function testClient(serverUrl: string, options: Partial<DidwwClientOptions> = {}): DidwwClient {
  return new DidwwClient({
    apiKey: TEST_API_KEY,
    baseUrl: `${serverUrl}/v3`,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    rateLimit: false,
    ...options,
  });
}

/** An agent that records where the client meant to go, then sends it to the loopback server. */
export function redirectingAgent(target: string, seen: string[]): Agent {
  class Redirecting extends Agent {
    override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      seen.push(`${String(options.origin)}${options.path}`);
      return super.dispatch({ ...options, origin: target }, handler);
    }
  }
  return new Redirecting();
}

const SANDBOX = 'https://sandbox-api.didww.com';

const relationshipLinks = (host: string, type: string, id: string, name: string) => ({
  self: `${host}/v3/${type}/${id}/relationships/${name}`,
  related: `${host}/v3/${type}/${id}/${name}`,
});

/** A `stock_keeping_units` resource as the captures include it (no setup price in any of them). */
const stockKeepingUnit = (id: string, monthlyPrice: string, channelsIncludedCount: number) => ({
  id,
  type: 'stock_keeping_units',
  attributes: {
    setup_price: '0.0',
    monthly_price: monthlyPrice,
    channels_included_count: channelsIncludedCount,
  },
});

/** A JSON:API 422 entry as DIDWW sends it for a whole-document problem: the message is title and detail. */
const documentError = (message: string) => ({
  title: message,
  detail: message,
  code: '100',
  source: { pointer: '/data' },
  status: '422',
});

/** TS SDK `did_reservations/create.yaml` (sandbox capture, 201). */
export function reservationDocument(
  overrides: {
    id?: string;
    description?: string | null;
    host?: string;
    availableDidId?: string;
    /** `created_at`; `expires_at` follows ten minutes later. Default: the capture's 2018 times. */
    createdAt?: string;
  } = {},
) {
  const id = overrides.id ?? RESERVATION_ID;
  const host = overrides.host ?? SANDBOX;
  const links = relationshipLinks(host, 'did_reservations', id, 'available_did');
  return {
    data: {
      id,
      type: 'did_reservations',
      attributes: {
        expires_at:
          overrides.createdAt === undefined
            ? '2018-12-28T16:22:00.417Z'
            : new Date(Date.parse(overrides.createdAt) + 10 * 60_000).toISOString(),
        created_at: overrides.createdAt ?? '2018-12-28T16:12:00.440Z',
        description: overrides.description === undefined ? 'DIDWW' : overrides.description,
      },
      relationships: {
        available_did: overrides.availableDidId
          ? { links, data: { type: 'available_dids', id: overrides.availableDidId } }
          : { links },
      },
    },
  };
}

/** provider-docs/didww-create-did-reservation.txt: the narrative docs' 201, API 2017-09-18 (`expire_at`). */
export const RESERVATION_EXPIRE_AT = {
  data: {
    id: 'd73e1c2f-6d65-4f77-915b-ec964efa3636',
    type: 'did_reservations',
    attributes: {
      expire_at: '2022-06-28T06:39:20.567Z',
      created_at: '2022-06-28T06:09:20.574Z',
      description: 'DIDWW',
    },
    relationships: {
      available_did: {
        links: {
          self: 'https://api.didww.com/v3/did_reservations/d73e1c2f-6d65-4f77-915b-ec964efa3636/relationships/available_did',
          related:
            'https://api.didww.com/v3/did_reservations/d73e1c2f-6d65-4f77-915b-ec964efa3636/available_did',
        },
      },
    },
  },
  meta: { api_version: '2017-09-18' },
};

/** TS SDK `did_reservations/show.yaml`: include=available_did.did_group.stock_keeping_units. */
export const RESERVATION_WITH_INCLUDES = {
  data: {
    id: RESERVATION_ID,
    type: 'did_reservations',
    attributes: {
      expires_at: '2018-12-28T16:22:00.417Z',
      created_at: '2018-12-28T16:12:00.440Z',
      description: 'DIDWW',
    },
    relationships: {
      available_did: {
        links: relationshipLinks(SANDBOX, 'did_reservations', RESERVATION_ID, 'available_did'),
        data: { type: 'available_dids', id: AVAILABLE_DID_ID },
      },
    },
  },
  included: [
    {
      id: AVAILABLE_DID_ID,
      type: 'available_dids',
      attributes: { number: '19492033398' },
      relationships: {
        did_group: {
          links: relationshipLinks(SANDBOX, 'available_dids', AVAILABLE_DID_ID, 'did_group'),
          data: { type: 'did_groups', id: '23bc0f41-67c0-40c3-b877-dccbbb65d5e4' },
        },
      },
    },
    {
      id: '23bc0f41-67c0-40c3-b877-dccbbb65d5e4',
      type: 'did_groups',
      attributes: {
        prefix: '949',
        local_prefix: '',
        features: ['voice'],
        is_metered: false,
        area_name: 'Saddleback Valley',
        allow_additional_channels: true,
      },
      relationships: {
        country: {
          links: relationshipLinks(SANDBOX, 'did_groups', '23bc0f41-67c0-40c3-b877-dccbbb65d5e4', 'country'),
        },
        stock_keeping_units: {
          links: relationshipLinks(
            SANDBOX,
            'did_groups',
            '23bc0f41-67c0-40c3-b877-dccbbb65d5e4',
            'stock_keeping_units',
          ),
          data: [
            { type: 'stock_keeping_units', id: '209a43fa-41a5-490f-9376-97fdb0a727b3' },
            { type: 'stock_keeping_units', id: '76492222-4895-42bc-89be-a681a1e40f37' },
          ],
        },
      },
      meta: {
        needs_registration: false,
        is_available: true,
        restrictions: null,
        available_dids_enabled: true,
      },
    },
    stockKeepingUnit('209a43fa-41a5-490f-9376-97fdb0a727b3', '0.09', 0),
    stockKeepingUnit('76492222-4895-42bc-89be-a681a1e40f37', '0.19', 2),
  ],
  meta: { available_count: 9 },
};

/** TS SDK `did_reservations/list.yaml`, its links pointing at `host`; `next` added for paging tests. */
export function reservationListPage(options: {
  host: string;
  items: ReturnType<typeof reservationDocument>['data'][];
  totalRecords: number;
  next?: string;
  included?: unknown[];
}) {
  const links: Record<string, string> = {
    first: `${options.host}/v3/did_reservations?page%5Bnumber%5D=1&page%5Bsize%5D=50`,
    last: `${options.host}/v3/did_reservations?page%5Bnumber%5D=2&page%5Bsize%5D=50`,
  };
  if (options.next) links.next = options.next;
  return {
    data: options.items,
    ...(options.included ? { included: options.included } : {}),
    meta: { total_records: options.totalRecords, available_count: 9 },
    links,
  };
}

/**
 * An `available_dids` resource as listed (TS SDK `available_dids/list.yaml` entry), and as included
 * in a reservation list.
 */
export function availableDidResource(id: string, number: string) {
  return {
    id,
    type: 'available_dids',
    attributes: { number },
    relationships: {
      did_group: {
        links: relationshipLinks(SANDBOX, 'available_dids', id, 'did_group'),
      },
    },
  };
}

/** TS SDK `available_dids/list.yaml` (first two of ten entries; `total_count` as captured). */
export const AVAILABLE_DIDS_LIST = {
  data: [
    availableDidResource('0b76223b-9625-412f-b0f3-330551473e7e', '16169886810'),
    availableDidResource('b6db898e-5c40-40b2-9ee8-3847d5345435', '61872285223'),
  ],
  meta: { total_count: 260747 },
};

/** TS SDK `available_dids/list_2.yaml`: include=nanpa_prefix. */
export const AVAILABLE_DIDS_WITH_NANPA = {
  data: [
    {
      id: 'aa13b01c-36c8-405c-b5a8-1427aa7966ea',
      type: 'available_dids',
      attributes: { number: '18649204444' },
      relationships: {
        did_group: {
          links: relationshipLinks(
            SANDBOX,
            'available_dids',
            'aa13b01c-36c8-405c-b5a8-1427aa7966ea',
            'did_group',
          ),
        },
        nanpa_prefix: {
          links: relationshipLinks(
            SANDBOX,
            'available_dids',
            'aa13b01c-36c8-405c-b5a8-1427aa7966ea',
            'nanpa_prefix',
          ),
          data: { type: 'nanpa_prefixes', id: 'f3a2b1c0-1234-5678-9abc-def012345678' },
        },
      },
    },
  ],
  included: [
    {
      id: 'f3a2b1c0-1234-5678-9abc-def012345678',
      type: 'nanpa_prefixes',
      attributes: { npa: '864', nxx: '920' },
    },
  ],
  meta: { total_count: 1, api_version: '2026-04-16' },
};

/** TS SDK `available_dids/show.yaml`: include=did_group.stock_keeping_units. */
export const AVAILABLE_DID_WITH_GROUP = {
  data: {
    id: '0b76223b-9625-412f-b0f3-330551473e7e',
    type: 'available_dids',
    attributes: { number: '16169886810' },
    relationships: {
      did_group: {
        links: relationshipLinks(
          SANDBOX,
          'available_dids',
          '0b76223b-9625-412f-b0f3-330551473e7e',
          'did_group',
        ),
        data: { type: 'did_groups', id: 'a9e3d346-d7bc-4a85-adb0-8ef1119cf237' },
      },
    },
  },
  included: [
    {
      id: 'a9e3d346-d7bc-4a85-adb0-8ef1119cf237',
      type: 'did_groups',
      attributes: {
        prefix: '616',
        local_prefix: '',
        features: ['voice'],
        is_metered: false,
        area_name: 'Grand Rapids',
        allow_additional_channels: true,
      },
      relationships: {
        stock_keeping_units: {
          links: relationshipLinks(
            SANDBOX,
            'did_groups',
            'a9e3d346-d7bc-4a85-adb0-8ef1119cf237',
            'stock_keeping_units',
          ),
          data: [{ type: 'stock_keeping_units', id: 'bdff43ad-2db8-428c-a65c-f2d4d43720b6' }],
        },
      },
      meta: {
        needs_registration: false,
        is_available: true,
        restrictions: null,
        available_dids_enabled: true,
      },
    },
    stockKeepingUnit('bdff43ad-2db8-428c-a65c-f2d4d43720b6', '0.09', 0),
  ],
};

/** didww-v3-ruby `spec/fixtures/did_reservations/post/create_success/422.json`. */
export const ERROR_422_AVAILABLE_DID = {
  errors: [
    {
      title: 'is invalid',
      detail: 'available_did - is invalid',
      code: '100',
      source: { pointer: '/data/relationships/available_did' },
      status: '422',
    },
  ],
};

/** TS SDK `address_requirement_validations/create_1.yaml`: a 422 with several entries. */
export const ERROR_422_SEVERAL = {
  errors: [
    documentError('Identity Place of Birth must be Belgium'),
    documentError('Following Supporting Document(s) required (Belgium Registration Form)'),
    documentError('Address in Belgium required'),
  ],
};

/** didww-v3-ruby `.../did_reservations/id/get/without_includes/404.json`. */
export const ERROR_404 = {
  errors: [
    {
      title: 'Record not found',
      detail: 'The record identified by dd13cdb2-48ab-4374-94b3-56e162a659cd could not be found.',
      code: '404',
      status: '404',
    },
  ],
};

/** OpenAPI `Error` example (400, disallowed filter). */
export const ERROR_400_FILTER = {
  errors: [{ title: 'Filter not allowed', detail: 'bogus is not allowed.', code: '102', status: '400' }],
};

/** A proxy's error page: what a 502 from a load balancer looks like. */
export const HTML_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';
