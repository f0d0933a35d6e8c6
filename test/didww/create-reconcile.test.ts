import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  NoInventoryError,
  ProviderValidationError,
  ReconcileError,
  ResponseValidationError,
  ServerError,
} from '../../src/core/errors.js';
import type { DidwwClient } from '../../src/didww/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import {
  AVAILABLE_DID_ID,
  availableDidResource,
  ERROR_422_AVAILABLE_DID,
  ERROR_422_SEVERAL,
  HTML_502,
  jsonApi,
  RESERVATION_ID,
  reservationDocument,
  reservationListPage,
  testClient,
} from './fixtures.js';

// A small DIDWW: POST /did_reservations stores a hold (one per available DID, as DIDWW keeps it),
// GET /did_reservations lists them with their available DIDs when `include=available_did`.
// A test decides what happens to each POST's answer after the hold was stored.
type Answer = 'normal' | 'reset' | 'html502' | 'taken';

interface Hold {
  id: string;
  availableDidId: string;
  description: string;
  /** When DIDWW made it (`created_at`). */
  createdAt: string;
}

/** A hold made before this test's call, long enough ago that no allowance for clock skew covers it. */
const earlierHold = (availableDidId: string, description = ''): Hold => ({
  id: 'aa13b01c-36c8-405c-b5a8-1427aa7966ea',
  availableDidId,
  description,
  createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
});

const OTHER_DID_ID = '0b76223b-9625-412f-b0f3-330551473e7e';

const server = useHandlerServer();
let client: DidwwClient;
let holds: Hold[];
let answers: Answer[];
let listLagsBehind: number;
// How far DIDWW's clock is from ours: the `created_at` it stamps on a new hold.
let didwwClockOffsetMs: number;

function listBody(request: Request) {
  const url = new URL(request.url);
  const withDids = url.searchParams.get('include')?.split(',').includes('available_did') ?? false;
  const visible = listLagsBehind > 0 ? [] : holds;
  listLagsBehind -= 1;
  return reservationListPage({
    host: server.url,
    totalRecords: visible.length,
    items: visible.map(
      (hold) =>
        reservationDocument({
          id: hold.id,
          description: hold.description,
          availableDidId: withDids ? hold.availableDidId : undefined,
          createdAt: hold.createdAt,
        }).data,
    ),
    included: withDids
      ? visible.map((hold) => availableDidResource(hold.availableDidId, '19492033398'))
      : undefined,
  });
}

beforeAll(() => {
  client = testClient(server.url);
});
afterAll(() => client.close());
beforeEach(() => {
  holds = [];
  answers = [];
  listLagsBehind = 0;
  didwwClockOffsetMs = 0;
  server.use(
    http.post('*/v3/did_reservations', async ({ request }) => {
      const body = (await request.json()) as {
        data: {
          attributes?: { description?: string };
          relationships: { available_did: { data: { id: string } } };
        };
      };
      const availableDidId = body.data.relationships.available_did.data.id;
      const answer = answers.shift() ?? 'normal';
      if (answer === 'taken' || holds.some((hold) => hold.availableDidId === availableDidId)) {
        return jsonApi(ERROR_422_AVAILABLE_DID, 422);
      }
      const hold = {
        id: RESERVATION_ID,
        availableDidId,
        description: body.data.attributes?.description ?? '',
        createdAt: new Date(Date.now() + didwwClockOffsetMs).toISOString(),
      };
      holds.push(hold);
      if (answer === 'reset') return HttpResponse.error();
      if (answer === 'html502') {
        return new HttpResponse(HTML_502, { status: 502, headers: { 'content-type': 'text/html' } });
      }
      return jsonApi(
        reservationDocument({ id: hold.id, description: hold.description, createdAt: hold.createdAt }),
        201,
      );
    }),
    http.get('*/v3/did_reservations', ({ request }) => jsonApi(listBody(request))),
  );
});

/**
 * The create meets a 502 before DIDWW acted; the resend finds `held` (yours already) and DIDWW
 * updates it (202, the documented answer for a number you already hold).
 */
function resendAnswers202(held: Hold) {
  let postCount = 0;
  const create = http.post('*/v3/did_reservations', async ({ request }) => {
    const body = (await request.json()) as { data: { attributes?: { description?: string } } };
    postCount += 1;
    if (postCount === 1) return new HttpResponse(HTML_502, { status: 502 });
    held.description = body.data.attributes?.description ?? held.description;
    return jsonApi(
      reservationDocument({ id: held.id, description: held.description, createdAt: held.createdAt }),
      202,
    );
  });
  return [create, http.get('*/v3/did_reservations', ({ request }) => jsonApi(listBody(request)))];
}

/** Pages of someone else's holds that never end: each names `nextPage(page)` as its next. */
function endlessHoldPages(nextPage: (page: number) => number = (page) => page + 1) {
  return http.get('*/v3/did_reservations', ({ request }) => {
    const page = Number(new URL(request.url).searchParams.get('page[number]') ?? '1');
    return jsonApi(
      reservationListPage({
        host: server.url,
        totalRecords: 1_000_000,
        items: [reservationDocument({ id: RESERVATION_ID, availableDidId: OTHER_DID_ID }).data],
        included: [availableDidResource(OTHER_DID_ID, '16169886810')],
        next: `${server.url}/v3/did_reservations?include=available_did&page%5Bnumber%5D=${nextPage(page)}&page%5Bsize%5D=100`,
      }),
    );
  });
}

const posts = () => server.requests.filter((request) => request.method === 'POST');

describe('create when an attempt’s outcome is unknown', () => {
  it('finds the hold the lost attempt made instead of creating again', async () => {
    answers = ['reset'];
    const { data, meta } = await client.didReservations
      .create({ availableDidId: AVAILABLE_DID_ID, description: 'order 42' })
      .withMeta();

    expect(data).toMatchObject({
      id: RESERVATION_ID,
      availableDidId: AVAILABLE_DID_ID,
      description: 'order 42',
      status: 'found',
    });
    expect(data.availableDid?.number).toBe('19492033398');
    expect(meta).toMatchObject({ reconciled: true, attempts: 1 });
    expect(posts()).toHaveLength(1);
    expect(holds).toHaveLength(1);
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
    const lookup = server.requests[1];
    expect(lookup?.query.get('include')).toBe('available_did');
    expect(lookup?.query.get('page[size]')).toBe('100');
  });

  it('reconciles after a non-JSON 502 too (the proxy may have passed the create on)', async () => {
    answers = ['html502'];
    const { data, meta } = await client.didReservations
      .create({ availableDidId: AVAILABLE_DID_ID })
      .withMeta();
    expect(data.status).toBe('found');
    expect(meta.reconciled).toBe(true);
    expect(posts()).toHaveLength(1);
  });

  it('does not take another order’s hold on the same number as this call’s: it sends again, and says updated', async () => {
    // Order 41 holds the number (made a moment ago); order 42's create meets a 502 before DIDWW acted.
    const order41 = { ...earlierHold(AVAILABLE_DID_ID, 'order 41'), createdAt: new Date().toISOString() };
    holds.push(order41);
    server.use(...resendAnswers202(order41));
    const { data, meta } = await client.didReservations
      .create({ availableDidId: AVAILABLE_DID_ID, description: 'order 42' })
      .withMeta();
    expect(data).toMatchObject({ id: order41.id, status: 'updated', description: 'order 42' });
    expect(meta).toMatchObject({ reconciled: false, attempts: 2, status: 202 });
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it('does not take a hold made before the call (beyond the clock-skew allowance) as this call’s', async () => {
    // Same number and description, made five minutes ago: an earlier call's hold, not this one's.
    const earlier = earlierHold(AVAILABLE_DID_ID, 'order 42');
    holds.push(earlier);
    server.use(...resendAnswers202(earlier));
    const { data, meta } = await client.didReservations
      .create({ availableDidId: AVAILABLE_DID_ID, description: 'order 42' })
      .withMeta();
    expect(data).toMatchObject({ id: earlier.id, status: 'updated' });
    expect(meta.reconciled).toBe(false);
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it('lookupClockSkewMs widens the allowance for a DIDWW clock that runs behind', async () => {
    const skewed = testClient(server.url, { lookupClockSkewMs: 10 * 60_000 });
    // DIDWW stamps the lost attempt's hold five minutes before our clock said the call started.
    didwwClockOffsetMs = -5 * 60_000;
    answers = ['html502'];
    const { data, meta } = await skewed.didReservations
      .create({ availableDidId: AVAILABLE_DID_ID, description: 'order 42' })
      .withMeta()
      .finally(() => skewed.close());
    expect(data).toMatchObject({ id: RESERVATION_ID, status: 'found' });
    expect(meta.reconciled).toBe(true);
  });

  it('sends again when the lookup finds no hold on that number', async () => {
    holds.push(earlierHold(OTHER_DID_ID));
    let postCount = 0;
    server.use(
      // The first create is reset before DIDWW acted on it; the second one works.
      http.post('*/v3/did_reservations', async ({ request }) => {
        await request.text();
        postCount += 1;
        return postCount === 1 ? HttpResponse.error() : jsonApi(reservationDocument(), 201);
      }),
      http.get('*/v3/did_reservations', ({ request }) => jsonApi(listBody(request))),
    );
    const { data, meta } = await client.didReservations
      .create({ availableDidId: AVAILABLE_DID_ID })
      .withMeta();
    expect(data.status).toBe('created');
    expect(meta).toMatchObject({ reconciled: false, attempts: 2 });
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET', 'POST']);
    expect(posts()[0]?.body).toBe(posts()[1]?.body);
  });

  it('looks again before giving up when the resend says the number is taken (by the lost attempt)', async () => {
    answers = ['reset'];
    // The first lookup runs before the lost hold shows up; the resend then collides with it.
    listLagsBehind = 1;
    const { data, meta } = await client.didReservations
      .create({ availableDidId: AVAILABLE_DID_ID })
      .withMeta();
    expect(data).toMatchObject({ id: RESERVATION_ID, status: 'found', availableDidId: AVAILABLE_DID_ID });
    expect(meta.reconciled).toBe(true);
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET', 'POST', 'GET']);
    expect(holds).toHaveLength(1);
  });

  it('fails with NoInventoryError when the number is taken and none of your holds has it', async () => {
    answers = ['reset', 'taken'];
    holds.push(earlierHold(OTHER_DID_ID));
    server.use(
      http.post('*/v3/did_reservations', async ({ request }) => {
        await request.text();
        return answers.shift() === 'reset' ? HttpResponse.error() : jsonApi(ERROR_422_AVAILABLE_DID, 422);
      }),
      http.get('*/v3/did_reservations', ({ request }) => jsonApi(listBody(request))),
    );
    const error = await failure(client.didReservations.create({ availableDidId: AVAILABLE_DID_ID }));
    expect(error).toBeInstanceOf(NoInventoryError);
    expect(error.attempts).toBe(2);
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET', 'POST', 'GET']);
  });

  it('does not look anything up for a 422 on a first, clean attempt', async () => {
    answers = ['taken'];
    const error = await failure(client.didReservations.create({ availableDidId: AVAILABLE_DID_ID }));
    expect(error).toBeInstanceOf(NoInventoryError);
    expect(server.requests.map((request) => request.method)).toEqual(['POST']);
  });

  it('never resends without reconciling: with retries off, one last lookup finds the hold', async () => {
    answers = ['reset'];
    const { data, meta } = await client.didReservations
      .create({ availableDidId: AVAILABLE_DID_ID, description: 'order 42' }, { maxRetries: 0 })
      .withMeta();
    expect(data.status).toBe('found');
    expect(meta).toMatchObject({ reconciled: true, attempts: 1 });
    expect(posts()).toHaveLength(1);
  });

  it('does not retry a 422 that is not about the number', async () => {
    server.use(http.post('*/v3/did_reservations', () => jsonApi(ERROR_422_SEVERAL, 422)));
    const error = await failure(client.didReservations.create({ availableDidId: AVAILABLE_DID_ID }));
    expect(error).toBeInstanceOf(ProviderValidationError);
    expect(server.requests).toHaveLength(1);
  });

  it('a lookup follows at most 20 pages, then fails saying so (the outcome stays unknown)', async () => {
    server.use(
      http.post('*/v3/did_reservations', () => new HttpResponse(HTML_502, { status: 502 })),
      endlessHoldPages(),
    );
    const error = await failure(client.didReservations.create({ availableDidId: AVAILABLE_DID_ID }));
    expect(error).toMatchObject({ operation: 'didww.didReservations.create', outcome: 'unknown' });
    expect(error.message).toContain('looked at 20 pages');
    expect(error.cause).toBeInstanceOf(ResponseValidationError);
    expect(server.requests.map((request) => request.method)).toEqual(['POST', ...Array(20).fill('GET')]);
  });

  it('lookupMaxPages sets how many pages a lookup follows', async () => {
    const bounded = testClient(server.url, { lookupMaxPages: 3 });
    server.use(
      http.post('*/v3/did_reservations', () => new HttpResponse(HTML_502, { status: 502 })),
      endlessHoldPages(),
    );
    const error = await failure(bounded.didReservations.create({ availableDidId: AVAILABLE_DID_ID }));
    await bounded.close();
    expect(error.message).toContain('looked at 3 pages');
    expect(server.requests.filter((request) => request.method === 'GET')).toHaveLength(3);
  });

  it('a lookup stops at a links.next it has already followed, and the create is sent again', async () => {
    let postCount = 0;
    server.use(
      http.post('*/v3/did_reservations', async ({ request }) => {
        await request.text();
        postCount += 1;
        return postCount === 1 ? HttpResponse.error() : jsonApi(reservationDocument(), 201);
      }),
      // Every page names the same next page: itself, after the first.
      endlessHoldPages(() => 2),
    );
    const { data } = await client.didReservations.create({ availableDidId: AVAILABLE_DID_ID }).withMeta();
    expect(data.status).toBe('created');
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET', 'GET', 'POST']);
  });

  it('reports an unknown outcome, not the lookup’s error, when the lookup fails', async () => {
    server.use(
      http.post(
        '*/v3/did_reservations',
        () => new HttpResponse(HTML_502, { status: 502, headers: { 'content-type': 'text/html' } }),
      ),
      http.get(
        '*/v3/did_reservations',
        () => new HttpResponse(HTML_502, { status: 502, headers: { 'content-type': 'text/html' } }),
      ),
    );
    const error = await failure(
      client.didReservations.create({ availableDidId: AVAILABLE_DID_ID }, { maxRetries: 1 }),
    );
    expect(error).toMatchObject({ operation: 'didww.didReservations.create', outcome: 'unknown' });
    expect(error).toBeInstanceOf(ReconcileError);
    expect(error.message).toContain('looking up what an earlier attempt did failed');
    expect(error.message).toContain('a DID reservation may have been created');
    expect(error.cause).toBeInstanceOf(ServerError);
    // One create, then the lookup (a GET, retried as idempotent calls are); never a second create.
    expect(posts()).toHaveLength(1);
  });
});
