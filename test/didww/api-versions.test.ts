import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputValidationError, ProviderValidationError } from '../../src/core/errors.js';
import { maxPageSize, pageSizeIssues, usesExpireAt, usesNumberType } from '../../src/didww/api-version.js';
import { ListParamsSchema, listQuery } from '../../src/didww/did-reservation-params.js';
import { DidwwClient, getDidwwErrors, type ListAvailableDidsParams } from '../../src/didww/index.js';
import { createSimulator, SIM_TOKEN_URL_IN_PROCESS, type Simulator } from '../../src/testing/index.js';
import { failure } from '../support/failure.js';
import { SIM_ROUTES, type SimRoute, simTargets, useSimulator } from '../support/simulator.js';

// What changes between DIDWW API versions 2026-04-16 and 2026-11-19 besides authentication
// (PROVIDERS.md 2.8): number types replace DID group types, pages hold at most 100, `expire_at` no
// longer sorts. Each rule is tested under both versions, against the simulator; a refusal "before
// the wire" is checked by the simulator having seen no request at all.

const OLD = '2026-04-16';
const NEW = '2026-11-19';
const COUNTRY = 'country-gb';
const TYPE_A = '2f3a3c42-7a2e-4bd4-8a8f-7f4b0f1c2d31';
const TYPE_B = '9b0e8f5e-0d4b-4c44-9a55-3f0f0e2a6c10';

const sim: Simulator = createSimulator({ didww: { rateLimitPerSecond: false } });
const base = useSimulator(sim);

/**
 * A client of `version` on `route`; 2026-11-19 mints its bearer tokens at the simulator's token
 * service (the listening sim's loopback one, or the one `sim.dispatcher()` answers in process).
 */
function clientOf(route: SimRoute, apiVersion: string): DidwwClient {
  const tokenUrl = route.startsWith('in-process') ? SIM_TOKEN_URL_IN_PROCESS : sim.didww.tokenUrl;
  return new DidwwClient({
    apiKey: sim.credentials.didww.apiKey,
    apiVersion,
    ...(apiVersion >= NEW ? { tokenUrl } : {}),
    ...simTargets(sim, base, route).didww(),
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
}

const calls = (operation: string) => sim.requests.filter((request) => request.operation === operation);

/** The DIDWW error entries of a failed raw request: status, code and detail of each. */
async function refusal(promise: PromiseLike<unknown>) {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(ProviderValidationError);
  return getDidwwErrors(error).map(({ status, code, detail }) => ({ status, code, detail }));
}

describe('what each version is sent, before any request', () => {
  const list = (params: unknown, apiVersion: string) => {
    const input = ListParamsSchema.parse(params);
    return { issues: pageSizeIssues(input.page?.size, apiVersion), query: listQuery(input, apiVersion) };
  };

  it.each([
    ['2017-09-18', { expireAt: true, numberType: false, maxPageSize: 1000 }],
    ['2022-05-10', { expireAt: true, numberType: false, maxPageSize: 1000 }],
    [OLD, { expireAt: false, numberType: false, maxPageSize: 1000 }],
    [NEW, { expireAt: false, numberType: true, maxPageSize: 100 }],
    ['2027-03-01', { expireAt: false, numberType: true, maxPageSize: 100 }],
  ])('%s: the version rules', (apiVersion, rules) => {
    expect({
      expireAt: usesExpireAt(apiVersion),
      numberType: usesNumberType(apiVersion),
      maxPageSize: maxPageSize(apiVersion),
    }).toEqual(rules);
  });

  it(`${NEW}: sort expiresAt is expires_at; a size over 100 is an issue, 100 is not`, () => {
    expect(list({ sort: ['-expiresAt', 'createdAt'], page: { size: 100 } }, NEW)).toEqual({
      issues: [],
      query: expect.objectContaining({
        sort: ['-expires_at', 'created_at'],
        page: { number: undefined, size: 100 },
      }),
    });
    expect(list({ page: { size: 101 } }, NEW).issues).toEqual([
      {
        path: ['page', 'size'],
        code: 'too_big',
        message: `API version ${NEW} allows at most 100 per page (DIDWW answers 400 above it)`,
      },
    ]);
  });

  it('before 2026-11-19: a size over 1000 is clamped to 1000, never an issue', () => {
    expect(list({ page: { number: 3, size: 2 ** 40 } }, OLD)).toEqual({
      issues: [],
      query: expect.objectContaining({ page: { number: 3, size: 1000 } }),
    });
    expect(list({ sort: 'expiresAt', page: { size: 1001 } }, '2022-05-10')).toEqual({
      issues: [],
      query: expect.objectContaining({ sort: ['expire_at'], page: { number: undefined, size: 1000 } }),
    });
  });
});

describe.each(SIM_ROUTES)('API versions over %s', (route) => {
  const clients: DidwwClient[] = [];
  const client = (apiVersion: string) => {
    const made = clientOf(route, apiVersion);
    clients.push(made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((made) => made.close()));
  });

  describe('availableDids.list: didGroupTypeId before 2026-11-19, numberType from it', () => {
    beforeEach(() => {
      sim.didww.addAvailableDids({
        countryId: COUNTRY,
        count: 2,
        didGroupTypeId: TYPE_A,
        numberType: 'mobile',
      });
      sim.didww.addAvailableDids({
        countryId: COUNTRY,
        count: 1,
        didGroupTypeId: TYPE_B,
        numberType: 'toll_free',
      });
      sim.didww.addAvailableDids({ countryId: COUNTRY, count: 3 });
    });

    it(`${OLD}: didGroupTypeId is sent as filter[did_group_type.id] and filters`, async () => {
      const { data } = await client(OLD).availableDids.list({ filter: { didGroupTypeId: TYPE_A } });
      expect(data).toHaveLength(2);
      expect(calls('didww.listAvailableDids')[0]?.query).toEqual({ 'filter[did_group_type.id]': TYPE_A });
    });

    it(`${OLD}: numberType is refused before the wire, naming the version that has it`, async () => {
      const error = await failure(client(OLD).availableDids.list({ filter: { numberType: 'mobile' } }));
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error.message).toContain(`numberType needs API version ${NEW} or later`);
      expect((error as InputValidationError).issues).toEqual([
        expect.objectContaining({ path: ['filter', 'numberType'], code: 'not_in_api_version' }),
      ]);
      expect(sim.requests).toHaveLength(0);
    });

    it(`${NEW}: numberType is sent as filter[did_group.number_type] and filters (one or a list)`, async () => {
      const didww = client(NEW);
      const { data: mobile } = await didww.availableDids.list({ filter: { numberType: 'mobile' } });
      expect(mobile).toHaveLength(2);
      const { data: either } = await didww.availableDids.list({
        filter: { numberType: ['toll_free', 'local'] },
      });
      expect(either).toHaveLength(4);
      expect(calls('didww.listAvailableDids').map((request) => request.query)).toEqual([
        { 'filter[did_group.number_type]': 'mobile' },
        { 'filter[did_group.number_type]': 'toll_free,local' },
      ]);
    });

    it(`${NEW}: didGroupTypeId is refused before the wire, saying numberType replaced it`, async () => {
      const error = await failure(client(NEW).availableDids.list({ filter: { didGroupTypeId: TYPE_A } }));
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error.message).toContain(`API version ${NEW} replaced DID group types by number types`);
      expect(error.message).toContain('filter by numberType instead');
      expect(error).toMatchObject({ outcome: 'not_sent', attempts: 0 });
      expect(sim.requests).toHaveLength(0);
    });

    it('a number type DIDWW does not name is refused before the wire', async () => {
      // Deliberately wrong at runtime, as an untyped caller would pass it.
      const params = { filter: { numberType: 'toll-free' } } as unknown as ListAvailableDidsParams;
      const error = await failure(client(NEW).availableDids.list(params));
      expect(error).toBeInstanceOf(InputValidationError);
      expect(sim.requests).toHaveLength(0);
    });

    it(`the simulator: ${NEW} answers 400 to every use of did_group_type`, async () => {
      const didww = client(NEW);
      const get = (query: Record<string, string>) =>
        didww.request({ method: 'GET', path: '/available_dids', query });
      expect(await refusal(get({ 'filter[did_group_type.id]': TYPE_A }))).toEqual([
        { status: '400', code: '102', detail: 'did_group_type.id is not allowed.' },
      ]);
      expect(await refusal(get({ sort: 'did_group_type.name' }))).toMatchObject([
        { status: '400', code: '114' },
      ]);
      expect(await refusal(get({ include: 'did_group_type' }))).toMatchObject([
        { status: '400', code: '112' },
      ]);
      expect(await refusal(get({ 'fields[did_group_type]': 'name' }))).toEqual([
        { status: '400', code: '101', detail: 'did_group_type is not a valid resource.' },
      ]);
      expect(await refusal(get({ 'fields[did_groups]': 'area_name,did_group_type' }))).toEqual([
        { status: '400', code: '104', detail: 'did_group_type is not a valid field for did_groups.' },
      ]);
    });

    it(`the simulator: ${OLD} answers 400 to filter[did_group.number_type] and takes did_group_type fieldsets`, async () => {
      const didww = client(OLD);
      const get = (query: Record<string, string>) =>
        didww.request({ method: 'GET', path: '/available_dids', query });
      expect(await refusal(get({ 'filter[did_group.number_type]': 'mobile' }))).toEqual([
        { status: '400', code: '102', detail: 'did_group.number_type is not allowed.' },
      ]);
      await expect(get({ 'fields[did_groups]': 'did_group_type' })).resolves.toMatchObject({
        meta: { total_count: 6 },
      });
    });
  });

  describe('didReservations.list page sizes: at most 100 from 2026-11-19, 1000 before', () => {
    it(`${NEW}: a page of 100 is sent; 101 is refused before the wire`, async () => {
      const didww = client(NEW);
      const error = await failure(didww.didReservations.list({ page: { size: 101 } }));
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error.message).toContain(`API version ${NEW} allows at most 100 per page`);
      expect((error as InputValidationError).issues).toEqual([
        expect.objectContaining({ path: ['page', 'size'], code: 'too_big' }),
      ]);
      expect(sim.requests).toHaveLength(0);

      await didww.didReservations.list({ page: { size: 100 } });
      expect(calls('didww.listReservations').map((request) => request.query)).toEqual([
        { 'page[size]': '100' },
      ]);
    });

    it(`${OLD}: a size over 1000 is sent as 1000`, async () => {
      const page = await client(OLD).didReservations.list({ page: { size: 5000 } });
      expect(calls('didww.listReservations').map((request) => request.query)).toEqual([
        { 'page[size]': '1000' },
      ]);
      expect(page.meta.links.first).toContain('page%5Bsize%5D=1000');
    });

    it(`${OLD}: a size of 1000 and one of 101 are sent as they are`, async () => {
      const didww = client(OLD);
      await didww.didReservations.list({ page: { size: 1000 } });
      await didww.didReservations.list({ page: { size: 101 } });
      expect(calls('didww.listReservations').map((request) => request.query['page[size]'])).toEqual([
        '1000',
        '101',
      ]);
    });

    it('the simulator: page[size]=101 is a 400 under 2026-11-19 and fine before', async () => {
      const get = (didww: DidwwClient) =>
        didww.request({ method: 'GET', path: '/did_reservations', query: { 'page[size]': '101' } });
      expect(await refusal(get(client(NEW)))).toEqual([
        { status: '400', code: '118', detail: 'size is limited to 100' },
      ]);
      await expect(get(client(OLD))).resolves.toMatchObject({ meta: { total_records: 0 } });
    });

    it(`${NEW}: the hold lookup after a lost answer reads pages of 100`, async () => {
      // A found hold counts only if DIDWW stamped it after the call's start: the simulated clock is ours.
      sim.clock.advance(Math.max(0, Date.now() - sim.clock.now()));
      const [did] = sim.didww.addAvailableDids({ countryId: COUNTRY, count: 1 });
      sim.faults.next('didww.createReservation', { status: 502, actFirst: true });
      const hold = await client(NEW).didReservations.create({
        availableDidId: did?.id ?? '',
        description: 'order 7',
      });
      expect(hold.status).toBe('found');
      expect(calls('didww.listReservations').map((request) => request.query)).toEqual([
        { include: 'available_did', 'page[size]': '100' },
      ]);
    });
  });

  describe('orders.list page sizes follow the same rule', () => {
    it(`${NEW}: 101 is refused before the wire, 100 is sent`, async () => {
      const didww = client(NEW);
      const error = await failure(didww.orders.list({ page: { size: 101 } }));
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error.message).toContain(`API version ${NEW} allows at most 100 per page`);
      expect(sim.requests).toHaveLength(0);
      await didww.orders.list({ page: { size: 100 } });
      expect(calls('didww.listOrders').map((request) => request.query['page[size]'])).toEqual(['100']);
    });

    it(`${OLD}: a size over 1000 is sent as 1000`, async () => {
      await client(OLD).orders.list({ page: { size: 5000 } });
      expect(calls('didww.listOrders').map((request) => request.query['page[size]'])).toEqual(['1000']);
    });
  });

  describe('didReservations.list sorts: expiresAt is expires_at from 2026-04-16; expire_at gone in 2026-11-19', () => {
    beforeEach(async () => {
      const dids = sim.didww.addAvailableDids({ countryId: COUNTRY, count: 2 });
      const didww = client(OLD);
      for (const [index, did] of dids.entries()) {
        await didww.didReservations.create({ availableDidId: did.id, description: `hold ${index}` });
        sim.clock.advance(1_000);
      }
    });

    it.each([OLD, NEW])('%s: sort -expiresAt is sent as -expires_at', async (apiVersion) => {
      const { data } = await client(apiVersion).didReservations.list({ sort: '-expiresAt' });
      expect(data.map((hold) => hold.description)).toEqual(['hold 1', 'hold 0']);
      expect(calls('didww.listReservations')[0]?.query).toEqual({ sort: '-expires_at' });
    });

    it(`the simulator: sort=expire_at is a 400 under ${NEW}, still fine under ${OLD}`, async () => {
      const get = (didww: DidwwClient) =>
        didww.request({ method: 'GET', path: '/did_reservations', query: { sort: 'expire_at' } });
      expect(await refusal(get(client(NEW)))).toEqual([
        {
          status: '400',
          code: '114',
          detail: 'expire_at is not a valid sort criteria for did_reservations',
        },
      ]);
      await expect(get(client(OLD))).resolves.toMatchObject({ meta: { total_records: 2 } });
    });
  });

  describe('a reservation’s description is nullable', () => {
    it.each([OLD, NEW])(
      '%s: a hold made without a description reads description null',
      async (apiVersion) => {
        const [did] = sim.didww.addAvailableDids({ countryId: COUNTRY, count: 1 });
        const didww = client(apiVersion);
        const hold = await didww.didReservations.create({ availableDidId: did?.id ?? '' });
        expect(hold.description).toBeNull();
        expect((await didww.didReservations.get(hold.id)).description).toBeNull();
        const { data } = await didww.didReservations.list();
        expect(data.map((listed) => listed.description)).toEqual([null]);
      },
    );
  });
});

describe('the simulator’s maxPageSize applies before 2026-11-19 only', () => {
  const small = createSimulator({ didww: { rateLimitPerSecond: false, maxPageSize: 50 } });
  const clients: DidwwClient[] = [];
  const client = (apiVersion: string) => {
    const made = new DidwwClient({
      apiKey: small.credentials.didww.apiKey,
      apiVersion,
      ...(apiVersion >= NEW ? { tokenUrl: small.didww.tokenUrl } : {}),
      dispatcher: small.dispatcher(),
      rateLimit: false,
    });
    clients.push(made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((made) => made.close()));
  });

  it(`${OLD}: 51 is over the configured 50; ${NEW}: 100 is allowed whatever it says`, async () => {
    const error = await failure(client(OLD).didReservations.list({ page: { size: 51 } }));
    expect(error).toBeInstanceOf(ProviderValidationError);
    expect(getDidwwErrors(error)[0]).toMatchObject({ code: '118', detail: 'size is limited to 50' });
    await expect(client(NEW).didReservations.list({ page: { size: 100 } })).resolves.toMatchObject({
      meta: { totalRecords: 0 },
    });
  });
});
