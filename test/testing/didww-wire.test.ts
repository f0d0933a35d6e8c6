import { describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { ERROR_422_AVAILABLE_DID } from '../didww/fixtures.js';
import { useSimulator } from '../support/simulator.js';

const START = Date.parse('2026-04-16T09:00:00.000Z');
const sim: Simulator = createSimulator({ clock: { start: START }, didww: { rateLimitPerSecond: false } });
const base = useSimulator(sim);

const JSON_API = 'application/vnd.api+json';

function call(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return fetch(`${base.didww}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      accept: JSON_API,
      'api-key': sim.credentials.didww.apiKey,
      ...(init.body === undefined ? {} : { 'content-type': JSON_API }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

function reserve(didId: string, description = 'DIDWW', headers: Record<string, string> = {}, query = '') {
  return call(`/did_reservations${query}`, {
    method: 'POST',
    headers,
    body: {
      data: {
        type: 'did_reservations',
        attributes: { description },
        relationships: { available_did: { data: { type: 'available_dids', id: didId } } },
      },
    },
  });
}

function seed(count = 3): string[] {
  return sim.didww.addAvailableDids({ countryId: 'country-gb', count }).map((did) => did.id);
}

/** POSTs a hold of `didId`, with no description, to another simulator's DIDWW at `url`. */
function postHold(url: string, apiKey: string, didId: string): Promise<Response> {
  return fetch(`${url}/did_reservations`, {
    method: 'POST',
    headers: { 'api-key': apiKey, 'content-type': JSON_API },
    body: JSON.stringify({
      data: {
        type: 'did_reservations',
        relationships: { available_did: { data: { type: 'available_dids', id: didId } } },
      },
    }),
  });
}

describe('POST /did_reservations', () => {
  it('holds a number for ten minutes: 201 with the documented document', async () => {
    const [id] = seed();
    const response = await reserve(id ?? '');
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toContain(JSON_API);
    const body = await response.json();
    expect(body).toEqual({
      data: {
        id: expect.any(String),
        type: 'did_reservations',
        attributes: {
          expires_at: '2026-04-16T09:10:00.000Z',
          created_at: '2026-04-16T09:00:00.000Z',
          description: 'DIDWW',
        },
        relationships: {
          available_did: {
            links: {
              self: `${base.didww}/did_reservations/${body.data.id}/relationships/available_did`,
              related: `${base.didww}/did_reservations/${body.data.id}/available_did`,
            },
          },
        },
      },
      meta: { api_version: '2026-04-16' },
    });
    expect(sim.didww.reservations()).toHaveLength(1);
  });

  it('re-reserving a number the key already holds answers 202 with the same hold, renewed', async () => {
    const [id] = seed();
    const first = await (await reserve(id ?? '', 'first')).json();
    sim.clock.advance(60_000);
    const again = await reserve(id ?? '', 'second');
    expect(again.status).toBe(202);
    const body = await again.json();
    expect(body.data.id).toBe(first.data.id);
    expect(body.data.attributes).toMatchObject({
      description: 'second',
      expires_at: '2026-04-16T09:11:00.000Z',
    });
    expect(sim.didww.reservations()).toHaveLength(1);
  });

  it('a number another customer holds answers the documented 422', async () => {
    const [id] = seed();
    sim.didww.holdByAnotherCustomer(id ?? '');
    const response = await reserve(id ?? '');
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual(ERROR_422_AVAILABLE_DID);
  });

  it('a number that does not exist answers the documented 422', async () => {
    const response = await reserve('8bc37f63-acd7-4e43-a760-1a1caa6e4683');
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual(ERROR_422_AVAILABLE_DID);
  });

  it('include=available_did adds the linkage and the included number', async () => {
    const [id] = seed();
    const body = await (await reserve(id ?? '', 'x', {}, '?include=available_did')).json();
    expect(body.data.relationships.available_did.data).toEqual({ type: 'available_dids', id });
    expect(body.included).toEqual([
      expect.objectContaining({
        id,
        type: 'available_dids',
        attributes: { number: expect.stringMatching(/^\d+$/) },
      }),
    ]);
  });

  it('API versions up to 2022-05-10 name the expiry expire_at', async () => {
    const [id] = seed();
    const body = await (await reserve(id ?? '', 'old', { 'x-didww-api-version': '2022-05-10' })).json();
    expect(body.data.attributes).toHaveProperty('expire_at', '2026-04-16T09:10:00.000Z');
    expect(body.data.attributes).not.toHaveProperty('expires_at');
    expect(body.meta.api_version).toBe('2022-05-10');
  });

  it('refuses a body that is not JSON:API with 415', async () => {
    const [id] = seed();
    const response = await reserve(id ?? '', 'x', { 'content-type': 'application/json' });
    expect(response.status).toBe(415);
    expect(sim.didww.reservations()).toHaveLength(0);
  });

  it("a missing available_did answers 422 can't be blank", async () => {
    const response = await call('/did_reservations', {
      method: 'POST',
      body: { data: { type: 'did_reservations', attributes: { description: 'x' } } },
    });
    expect(response.status).toBe(422);
    expect((await response.json()).errors[0]).toMatchObject({
      code: '100',
      status: '422',
      title: "can't be blank",
    });
  });

  it('stops at the plan cap (available_count 0) with a 422', async () => {
    const capped = createSimulator({ didww: { maxReservations: 1, rateLimitPerSecond: false } });
    const [a, b] = capped.didww.addAvailableDids({ countryId: 'c', count: 2 }).map((did) => did.id);
    const url = (await capped.listen()).didww.url;
    const post = (id: string) => postHold(url, capped.credentials.didww.apiKey, id);
    expect((await post(a ?? '')).status).toBe(201);
    const refused = await post(b ?? '');
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors[0].detail).toMatch(/limit/);
    await capped.close();
  });
});

describe('expiry on the simulated clock', () => {
  it('a hold lapses after ten minutes: the number is back in stock and the hold is gone', async () => {
    const [id] = seed(1);
    const hold = await (await reserve(id ?? '')).json();
    sim.clock.advance(10 * 60_000 - 1);
    expect((await call(`/did_reservations/${hold.data.id}`)).status).toBe(200);
    sim.clock.advance(1);
    expect((await call(`/did_reservations/${hold.data.id}`)).status).toBe(404);
    expect(sim.didww.availableDids().map((did) => did.id)).toEqual([id]);
    expect((await reserve(id ?? '')).status).toBe(201);
  });
});

describe('GET and DELETE /did_reservations/{id}', () => {
  it('shows a hold with available_count in meta', async () => {
    const [id] = seed();
    const hold = await (await reserve(id ?? '')).json();
    const body = await (await call(`/did_reservations/${hold.data.id}`)).json();
    expect(body.data.id).toBe(hold.data.id);
    expect(body.meta).toEqual({ api_version: '2026-04-16', available_count: 9 });
  });

  it('answers the documented 404 for an unknown id', async () => {
    const response = await call('/did_reservations/dd13cdb2-48ab-4374-94b3-56e162a659cd');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      errors: [
        {
          title: 'Record not found',
          detail: 'The record identified by dd13cdb2-48ab-4374-94b3-56e162a659cd could not be found.',
          code: '404',
          status: '404',
        },
      ],
    });
  });

  it('DELETE releases the hold (204, empty), a second DELETE answers 404', async () => {
    const [id] = seed(1);
    const hold = await (await reserve(id ?? '')).json();
    const deleted = await call(`/did_reservations/${hold.data.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect(sim.didww.availableDids()).toHaveLength(1);
    expect((await call(`/did_reservations/${hold.data.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it("another customer's hold is not visible: 404", async () => {
    const [id] = seed(1);
    const other = sim.didww.holdByAnotherCustomer(id ?? '');
    expect((await call(`/did_reservations/${other.id}`)).status).toBe(404);
    expect((await call(`/did_reservations/${other.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('GET /did_reservations', () => {
  async function holdAll(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (const [index, did] of seed(count).entries()) {
      ids.push((await (await reserve(did, `order-${index}`)).json()).data.id);
      sim.clock.advance(1_000);
    }
    return ids;
  }

  it('pages with page[number]/page[size], links.next and meta', async () => {
    const ids = await holdAll(5);
    const first = await (await call('/did_reservations?page[number]=1&page[size]=2')).json();
    expect(first.data.map((item: { id: string }) => item.id)).toEqual(ids.slice(0, 2));
    expect(first.meta).toEqual({ api_version: '2026-04-16', total_records: 5, available_count: 5 });
    expect(first.links).toEqual({
      first: `${base.didww}/did_reservations?page%5Bnumber%5D=1&page%5Bsize%5D=2`,
      next: `${base.didww}/did_reservations?page%5Bnumber%5D=2&page%5Bsize%5D=2`,
      last: `${base.didww}/did_reservations?page%5Bnumber%5D=3&page%5Bsize%5D=2`,
    });
    const last = await (
      await fetch(first.links.last, { headers: { 'api-key': sim.credentials.didww.apiKey } })
    ).json();
    expect(last.data.map((item: { id: string }) => item.id)).toEqual(ids.slice(4));
    expect(last.links.next).toBeUndefined();
    expect(last.links.prev).toBe(`${base.didww}/did_reservations?page%5Bnumber%5D=2&page%5Bsize%5D=2`);
  });

  it('filters by description and by id (comma = any)', async () => {
    const ids = await holdAll(3);
    const byDescription = await (await call('/did_reservations?filter[description]=order-1')).json();
    expect(byDescription.data.map((item: { id: string }) => item.id)).toEqual([ids[1]]);
    const byId = await (await call(`/did_reservations?filter[id]=${ids[0]},${ids[2]}`)).json();
    expect(byId.data.map((item: { id: string }) => item.id)).toEqual([ids[0], ids[2]]);
    expect(byId.meta.total_records).toBe(2);
  });

  it('keeps filters in the page links', async () => {
    await holdAll(3);
    const body = await (await call('/did_reservations?filter[description]=order-1&page[size]=1')).json();
    expect(body.links.first).toBe(
      `${base.didww}/did_reservations?filter%5Bdescription%5D=order-1&page%5Bnumber%5D=1&page%5Bsize%5D=1`,
    );
  });

  it('sorts by -created_at', async () => {
    const ids = await holdAll(3);
    const body = await (await call('/did_reservations?sort=-created_at')).json();
    expect(body.data.map((item: { id: string }) => item.id)).toEqual([...ids].reverse());
  });

  it('include=available_did includes each number once', async () => {
    await holdAll(2);
    const body = await (await call('/did_reservations?include=available_did')).json();
    expect(body.included).toHaveLength(2);
    expect(body.data[0].relationships.available_did.data.type).toBe('available_dids');
  });

  it('answers 400 for an unknown filter, a bad page value, a bad sort, an unknown include', async () => {
    const cases = {
      '/did_reservations?filter[bogus]=1': {
        code: '102',
        title: 'Filter not allowed',
        detail: 'bogus is not allowed.',
      },
      '/did_reservations?page[size]=0': { code: '118' },
      '/did_reservations?page[size]=1001': { code: '118', detail: 'size is limited to 1000' },
      '/did_reservations?sort=number': { code: '114' },
      '/did_reservations?include=did_group': { code: '112' },
    };
    for (const [path, expected] of Object.entries(cases)) {
      const response = await call(path);
      expect(response.status, path).toBe(400);
      expect((await response.json()).errors[0], path).toMatchObject({ ...expected, status: '400' });
    }
  });
});

describe('GET /available_dids', () => {
  it('lists numbers in stock with meta.total_count and no links; held numbers are left out', async () => {
    const ids = seed(3);
    sim.didww.holdByAnotherCustomer(ids[0] ?? '');
    const body = await (await call('/available_dids')).json();
    expect(body.data.map((item: { id: string }) => item.id)).toEqual(ids.slice(1));
    expect(body.meta).toEqual({ api_version: '2026-04-16', total_count: 2 });
    expect(body.links).toBeUndefined();
    expect(body.data[0]).toMatchObject({
      type: 'available_dids',
      attributes: { number: expect.any(String) },
    });
  });

  it('filters by country, number_contains, did_group.features', async () => {
    sim.didww.addAvailableDids({
      countryId: 'us',
      numbers: ['12125550100', '12125550101'],
      features: ['voice', 'sms'],
    });
    sim.didww.addAvailableDids({ countryId: 'gb', numbers: ['442071234567'] });
    const count = async (query: string) =>
      (await (await call(`/available_dids?${query}`)).json()).meta.total_count;
    expect(await count('filter[country.id]=us')).toBe(2);
    expect(await count('filter[country.id]=gb,us')).toBe(3);
    expect(await count('filter[number_contains]=0101')).toBe(1);
    expect(await count('filter[did_group.features]=sms')).toBe(2);
  });

  it('caps the result but counts every match', async () => {
    const capped = createSimulator({ didww: { availableDidsCap: 2, rateLimitPerSecond: false } });
    capped.didww.addAvailableDids({ countryId: 'x', count: 5 });
    const url = (await capped.listen()).didww.url;
    const body = await (
      await fetch(`${url}/available_dids`, { headers: { 'api-key': capped.credentials.didww.apiKey } })
    ).json();
    expect(body.data).toHaveLength(2);
    expect(body.meta.total_count).toBe(5);
    await capped.close();
  });

  it('a short number_contains without a coverage filter is a 400', async () => {
    const response = await call('/available_dids?filter[number_contains]=12');
    expect(response.status).toBe(400);
  });

  it('include=did_group adds the DID group', async () => {
    seed(2);
    const body = await (await call('/available_dids?include=did_group')).json();
    expect(body.included).toEqual([expect.objectContaining({ type: 'did_groups' })]);
    expect(body.data[0].relationships.did_group.data.type).toBe('did_groups');
  });

  it('GET /available_dids/{id} shows one number, 404 when unknown', async () => {
    const [id] = seed(1);
    const body = await (await call(`/available_dids/${id}`)).json();
    expect(body.data.id).toBe(id);
    expect((await call('/available_dids/nope')).status).toBe(404);
  });
});

describe('authentication and versions', () => {
  it('a wrong or missing Api-Key answers 401 with an errors document', async () => {
    const wrong = await call('/did_reservations', { headers: { 'api-key': 'wrong' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).errors[0]).toMatchObject({ status: '401', code: '401' });
    expect((await fetch(`${base.didww}/did_reservations`)).status).toBe(401);
  });

  it('version 2026-11-19 refuses the Api-Key header', async () => {
    const response = await call('/did_reservations', { headers: { 'x-didww-api-version': '2026-11-19' } });
    expect(response.status).toBe(401);
  });

  it('uses the configured default version when the header is absent', async () => {
    const old = createSimulator({ didww: { defaultApiVersion: '2021-12-15', rateLimitPerSecond: false } });
    const [id] = old.didww.addAvailableDids({ countryId: 'x', count: 1 }).map((did) => did.id);
    const url = (await old.listen()).didww.url;
    const response = await postHold(url, old.credentials.didww.apiKey, id ?? '');
    const body = await response.json();
    expect(body.meta.api_version).toBe('2021-12-15');
    expect(body.data.attributes).toHaveProperty('expire_at');
    await old.close();
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past 20 requests per second per key', async () => {
    const limited = createSimulator();
    const url = (await limited.listen()).didww.url;
    const headers = { 'api-key': limited.credentials.didww.apiKey };
    const statuses = await Promise.all(
      Array.from({ length: 25 }, async () => {
        const response = await fetch(`${url}/did_reservations`, { headers });
        return { status: response.status, retryAfter: response.headers.get('retry-after') };
      }),
    );
    const refused = statuses.filter((answer) => answer.status === 429);
    expect(statuses.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]?.retryAfter).toBe('1');
    await limited.close();
  });

  it('does not count requests with a wrong key', async () => {
    const limited = createSimulator({ didww: { rateLimitPerSecond: 1 } });
    const url = (await limited.listen()).didww.url;
    for (let i = 0; i < 3; i += 1)
      await fetch(`${url}/did_reservations`, { headers: { 'api-key': 'wrong' } });
    const response = await fetch(`${url}/did_reservations`, {
      headers: { 'api-key': limited.credentials.didww.apiKey },
    });
    expect(response.status).toBe(200);
    await limited.close();
  });
});
