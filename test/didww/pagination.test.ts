import { http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputValidationError, ResponseValidationError } from '../../src/core/errors.js';
import type { DidReservation, DidwwClient, ListDidReservationsParams } from '../../src/didww/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { jsonApi, reservationDocument, reservationListPage, testClient } from './fixtures.js';

const IDS = [
  'fd38d3ff-80cf-4e67-a605-609a2884a5c4',
  '6f3c1a40-2b1e-4d7a-9a55-0c7e2b9d4e11',
  '9b0d3e6c-7a42-4f0e-8d2b-5e1f3c4a6b22',
];

const server = useHandlerServer();
let client: DidwwClient;

/** DIDWW's list with pages of two, `links.next` built the way `next` says. */
function pagedList(next: (page: number) => string | undefined) {
  return http.get('*/v3/did_reservations', ({ request }) => {
    const page = Number(new URL(request.url).searchParams.get('page[number]') ?? '1');
    const items = IDS.slice((page - 1) * 2, page * 2).map((id) => reservationDocument({ id }).data);
    return jsonApi(
      reservationListPage({ host: server.url, items, totalRecords: IDS.length, next: next(page) }),
    );
  });
}

const onLoopback = (page: number) =>
  page < 2 ? `${server.url}/v3/did_reservations?page%5Bnumber%5D=${page + 1}&page%5Bsize%5D=2` : undefined;

const elsewhere = useHandlerServer([pagedList(() => undefined)]);
beforeAll(() => {
  client = testClient(server.url);
});
afterAll(() => client.close());

describe('didReservations.list', () => {
  it('awaited, is the first page with its meta and next-page info', async () => {
    server.use(pagedList(onLoopback));
    const page = await client.didReservations.list({ page: { size: 2 } });
    expect(page.data.map((hold) => hold.id)).toEqual(IDS.slice(0, 2));
    expect(page.data[0]?.expiresAt).toBeInstanceOf(Date);
    expect(page.meta).toMatchObject({ totalRecords: 3, availableCount: 9 });
    expect(page.meta.links.next).toBe(onLoopback(1));
    expect(page.hasNextPage()).toBe(true);
    expect(server.requests).toHaveLength(1);

    const second = await page.getNextPage();
    expect(second?.data.map((hold) => hold.id)).toEqual(IDS.slice(2));
    expect(second?.hasNextPage()).toBe(false);
  });

  it('iterated, walks every item of every page by following links.next through the same client', async () => {
    server.use(pagedList(onLoopback));
    const seen: DidReservation[] = [];
    for await (const hold of client.didReservations.list({ page: { size: 2 } })) seen.push(hold);
    expect(seen.map((hold) => hold.id)).toEqual(IDS);
    expect(server.requests).toHaveLength(2);
    const next = server.requests[1];
    expect(next?.path).toBe('/v3/did_reservations');
    expect(next?.query.get('page[number]')).toBe('2');
    expect(next?.query.get('page[size]')).toBe('2');
    expect(next?.headers['x-didww-api-version']).toBe('2026-04-16');
  });

  it('ends iteration at a links.next it has already followed (a page that names itself next)', async () => {
    // Page 2 names itself, its query in another order: still the same page.
    server.use(
      pagedList((page) =>
        page < 2
          ? `${server.url}/v3/did_reservations?page%5Bnumber%5D=2&page%5Bsize%5D=2`
          : `${server.url}/v3/did_reservations?page%5Bsize%5D=2&page%5Bnumber%5D=2`,
      ),
    );
    const seen: string[] = [];
    for await (const hold of client.didReservations.list({ page: { size: 2 } })) seen.push(hold.id);
    expect(seen).toEqual(IDS);
    expect(server.requests).toHaveLength(2);
  });

  it('ends iteration when links.next loops back to a page the chain already followed', async () => {
    const link = (page: number) =>
      `${server.url}/v3/did_reservations?page%5Bnumber%5D=${page}&page%5Bsize%5D=2`;
    // 1 → 2 → 1 → 2 …: the first page's own address is not a links.next, so it is read twice.
    server.use(pagedList((page) => link(page < 2 ? 2 : 1)));
    const seen: string[] = [];
    for await (const hold of client.didReservations.list({ page: { size: 2 } })) seen.push(hold.id);
    expect(seen).toEqual([...IDS, ...IDS.slice(0, 2)]);
    expect(server.requests.map((request) => request.query.get('page[number]'))).toEqual([null, '2', '1']);
    const first = await client.didReservations.list({ page: { size: 2 } });
    const second = await first.getNextPage();
    const third = await second?.getNextPage();
    expect(third?.hasNextPage()).toBe(false);
    expect(await third?.getNextPage()).toBeUndefined();
    // Walking the same chain again is a new walk: it is not cut short by the first one.
    const again = await first.getNextPage();
    expect(again?.hasNextPage()).toBe(true);
  });

  it('refuses a links.next on another host: the API key is never sent there', async () => {
    server.use(
      pagedList((page) => (page < 2 ? `${elsewhere.url}/v3/did_reservations?page%5Bnumber%5D=2` : undefined)),
    );
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const hold of client.didReservations.list()) seen.push(hold.id);
      })(),
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain('links.next points outside the configured base URL');
    expect(error.outcome).toBe('not_sent');
    expect(seen).toEqual(IDS.slice(0, 2));
    expect(elsewhere.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a links.next on the same host but outside the /v3 prefix', async () => {
    server.use(
      pagedList((page) => (page < 2 ? `${server.url}/v3/../admin/export?page%5Bnumber%5D=2` : undefined)),
    );
    const page = await client.didReservations.list();
    const error = await failure(page.getNextPage());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(server.requests).toHaveLength(1);
  });

  it('encodes filters, sort, page and include as DIDWW reads them', async () => {
    server.use(pagedList(() => undefined));
    await client.didReservations.list({
      filter: { id: [IDS[0] as string, IDS[1] as string], description: 'order 42' },
      sort: ['-createdAt', 'expiresAt'],
      page: { number: 1, size: 2 },
      include: 'availableDid',
    });
    const query = server.requests[0]?.query;
    expect(Object.fromEntries(query ?? [])).toEqual({
      'filter[id]': `${IDS[0]},${IDS[1]}`,
      'filter[description]': 'order 42',
      sort: '-created_at,expires_at',
      'page[number]': '1',
      'page[size]': '2',
      include: 'available_did',
    });
  });

  it('sorts by expire_at for API versions that name the field so', async () => {
    server.use(pagedList(() => undefined));
    const old = testClient(server.url, { apiVersion: '2022-05-10' });
    await old.didReservations.list({ sort: '-expiresAt' });
    expect(server.requests[0]?.query.get('sort')).toBe('-expire_at');
    await old.close();
  });

  it('refuses unknown filters and bad pages before sending anything', async () => {
    const bad: unknown[] = [
      { filter: { availableDidId: IDS[0] } },
      { page: { number: 0 } },
      { page: { size: 0 } },
      { page: { size: 2.5 } },
      { sort: 'number' },
      { filter: { id: 'not-a-uuid' } },
    ];
    for (const params of bad) {
      // Deliberately wrong at runtime, as an untyped caller would pass them.
      const error = await failure(client.didReservations.list(params as ListDidReservationsParams));
      expect(error).toBeInstanceOf(InputValidationError);
    }
    expect(server.requests).toHaveLength(0);
  });
});
