import {
  ConnectionError,
  InputValidationError,
  NotFoundError,
  ProviderValidationError,
  ServerError,
  TimeoutError,
} from 'reservekit';
import { DidwwClient, type DidwwClientOptions, type Order, type OrderItemParams } from 'reservekit/didww';
import { createSimulator, type Simulator } from 'reservekit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../support/failure.js';
import { SIM_ROUTES, simTargets, useSimulator } from '../support/simulator.js';

// orders.create / get / list against the simulator, over both routes. An order spends money: a
// failure after DIDWW may have acted is never resent, and says what to check.
const sim: Simulator = createSimulator({ clock: { start: Date.parse('2026-04-16T09:00:00.000Z') } });
const base = useSimulator(sim);
const open: DidwwClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

const SKU_ID = '2e5c9d1a-6b7f-4c3e-8d2a-1f0e9b8c7a6d';
const sent = (operation: string) => sim.requests.filter((request) => request.operation === operation);

describe.each(SIM_ROUTES)('over %s', (route) => {
  const target = simTargets(sim, base, route);
  function client(options: Partial<DidwwClientOptions> = {}): DidwwClient {
    const didww = new DidwwClient({
      ...target.didww(),
      apiKey: sim.credentials.didww.apiKey,
      rateLimit: false,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...options,
    });
    open.push(didww);
    return didww;
  }

  /** A number of GB in stock, held by the simulator's key. */
  async function held(didww: DidwwClient) {
    const [did] = sim.didww.addAvailableDids({ countryIso: 'GB', count: 1 });
    const hold = await didww.didReservations.create({ availableDidId: did?.id ?? '' });
    return { did: did as NonNullable<typeof did>, hold };
  }

  describe('create', () => {
    it('buys a held number: one order, the number owned, its hold consumed', async () => {
      const didww = client();
      const { did, hold } = await held(didww);
      const order = await didww.orders.create({
        items: [{ skuId: SKU_ID, didReservationId: hold.id }],
        externalReferenceId: 'order-42',
      });
      expect(order).toMatchObject({
        status: 'completed',
        externalReferenceId: 'order-42',
        amount: '0.0',
        description: 'DID',
        callbackUrl: null,
        callbackMethod: null,
      });
      expect(order.createdAt?.toISOString()).toBe('2026-04-16T09:00:00.000Z');
      expect(order.items).toEqual([
        {
          type: 'did_order_items',
          skuId: SKU_ID,
          qty: 1,
          nrc: '0.0',
          mrc: '0.0',
          proratedMrc: false,
          billedFrom: '2026-04-16',
          billedTo: '2026-04-30',
          didGroupId: did.didGroupId,
          setupPrice: '0.0',
          monthlyPrice: '0.0',
        },
      ]);
      expect(sim.didww.orders()).toHaveLength(1);
      expect(sim.didww.orders()[0]).toMatchObject({ id: order.id, reference: order.reference });
      expect(sim.didww.ownedNumbers()).toEqual([
        expect.objectContaining({ number: did.number, availableDidId: did.id, orderId: order.id }),
      ]);
      expect(sim.didww.reservations()).toEqual([]);
      expect(sim.didww.availableDids()).toEqual([]);
    });

    it('sends DIDWW’s document: did_order_items with sku_id and did_reservation_id, JSON:API both ways', async () => {
      const didww = client();
      const { hold } = await held(didww);
      await didww.orders.create({
        items: [{ skuId: SKU_ID, didReservationId: hold.id, billingCyclesCount: 12 }],
        allowBackOrdering: false,
        callbackUrl: 'https://example.com/didww',
        callbackMethod: 'post',
        externalReferenceId: 'order-43',
      });
      const [request] = sent('didww.createOrder');
      expect(request?.method).toBe('POST');
      expect(request?.headers['content-type']).toContain('application/vnd.api+json');
      expect(request?.body).toEqual({
        data: {
          type: 'orders',
          attributes: {
            items: [
              {
                type: 'did_order_items',
                attributes: { sku_id: SKU_ID, did_reservation_id: hold.id, billing_cycles_count: 12 },
              },
            ],
            allow_back_ordering: false,
            callback_url: 'https://example.com/didww',
            callback_method: 'post',
            external_reference_id: 'order-43',
          },
        },
      });
    });

    it('buys a number in stock directly with availableDidId', async () => {
      const [did] = sim.didww.addAvailableDids({ countryIso: 'DE', count: 2 });
      const order = await client().orders.create({
        items: [{ skuId: SKU_ID, availableDidId: did?.id ?? '' }],
      });
      expect(order.externalReferenceId).toBeNull();
      expect(sim.didww.ownedNumbers().map((owned) => owned.availableDidId)).toEqual([did?.id]);
      expect(sim.didww.availableDids()).toHaveLength(1);
    });

    it('a lapsed hold is refused (422): rejected, nothing bought, sent once', async () => {
      const didww = client();
      const { hold } = await held(didww);
      sim.clock.advance(10 * 60_000);
      const error = await failure(
        didww.orders.create({ items: [{ skuId: SKU_ID, didReservationId: hold.id }] }),
      );
      expect(error).toBeInstanceOf(ProviderValidationError);
      expect(error).toMatchObject({ status: 422, outcome: 'rejected', attempts: 1, lookupKey: undefined });
      expect(error.message).toContain('did_reservation_id - is invalid');
      expect(sent('didww.createOrder')).toHaveLength(1);
      expect(sim.didww.orders()).toEqual([]);
    });

    it('a number another customer holds is refused (422), and so is a qty item (not simulated)', async () => {
      const [taken, free] = sim.didww.addAvailableDids({ countryIso: 'GB', count: 2 });
      sim.didww.holdByAnotherCustomer(taken?.id ?? '');
      const didww = client();
      const refused = await failure(
        didww.orders.create({ items: [{ skuId: SKU_ID, availableDidId: taken?.id ?? '' }] }),
      );
      expect(refused).toMatchObject({ status: 422, outcome: 'rejected' });
      const qty = await failure(
        didww.orders.create({
          items: [
            { skuId: SKU_ID, availableDidId: free?.id ?? '' },
            { skuId: SKU_ID, qty: 2 },
          ],
        }),
      );
      expect(qty).toBeInstanceOf(ProviderValidationError);
      expect(qty.message).toContain('qty orders are not simulated');
      // An order is placed whole or not at all: the good item was not bought either.
      expect(sim.didww.orders()).toEqual([]);
      expect(sim.didww.availableDids().map((did) => did.id)).toEqual([free?.id]);
    });

    it('a 429 before DIDWW acted is retried: one order', async () => {
      const didww = client();
      const { hold } = await held(didww);
      sim.faults.next('didww.createOrder', { status: 429, headers: { 'retry-after': '0' } });
      const { meta } = await didww.orders
        .create({ items: [{ skuId: SKU_ID, didReservationId: hold.id }] })
        .withMeta();
      expect(meta.attempts).toBe(2);
      expect(sent('didww.createOrder')).toHaveLength(2);
      expect(sim.didww.orders()).toHaveLength(1);
    });

    it('a 503 with Retry-After (a planned refusal) is resent: one order', async () => {
      const didww = client();
      const { hold } = await held(didww);
      sim.faults.next('didww.createOrder', { status: 503, headers: { 'retry-after': '0' } });
      await didww.orders.create({ items: [{ skuId: SKU_ID, didReservationId: hold.id }] });
      expect(sent('didww.createOrder')).toHaveLength(2);
      expect(sim.didww.orders()).toHaveLength(1);
    });
  });

  describe('create: an unknown outcome is never resent', () => {
    async function lostOrder(fault: Parameters<Simulator['faults']['next']>[1], options = {}) {
      const didww = client(options);
      const { hold } = await held(didww);
      sim.faults.next('didww.createOrder', fault);
      const error = await failure(
        didww.orders.create({
          items: [{ skuId: SKU_ID, didReservationId: hold.id }],
          externalReferenceId: 'order-7',
        }),
      );
      return { error, hold };
    }

    it('a 503 after DIDWW acted: one order placed, outcome unknown, the hold named', async () => {
      const { error, hold } = await lostOrder({ status: 503, actFirst: true });
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({
        status: 503,
        outcome: 'unknown',
        retryable: false,
        attempts: 1,
        lookupKey: { didReservationIds: [hold.id], availableDidIds: [], externalReferenceId: 'order-7' },
      });
      expect(error.message).toContain('an order may have been placed and charged; it was not sent again');
      expect(error.message).toContain(`hold '${hold.id}'`);
      expect(error.message).toContain('externalReferenceId: "order-7"');
      expect(sent('didww.createOrder')).toHaveLength(1);
      expect(sim.didww.orders()).toHaveLength(1);
      // What the error says to check: the order is listed under its reference, its hold is gone.
      const didww = client();
      const { data } = await didww.orders.list({ filter: { externalReferenceId: 'order-7' } });
      expect(data.map((order: Order) => order.id)).toEqual([sim.didww.orders()[0]?.id]);
      await expect(didww.didReservations.get(hold.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('a connection reset after DIDWW acted: one order, unknown, sent once', async () => {
      const { error } = await lostOrder({ reset: 'after' });
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ outcome: 'unknown', retryable: false, attempts: 1 });
      expect(error.lookupKey).toMatchObject({ externalReferenceId: 'order-7' });
      expect(sent('didww.createOrder')).toHaveLength(1);
      expect(sim.didww.orders()).toHaveLength(1);
    });

    it('an answer that breaks off mid-body: applied, one order, sent once', async () => {
      const { error } = await lostOrder({ cutBody: true });
      expect(error).toMatchObject({ outcome: 'applied', retryable: false });
      expect(error.lookupKey).toMatchObject({ didReservationIds: [expect.any(String)] });
      expect(sent('didww.createOrder')).toHaveLength(1);
      expect(sim.didww.orders()).toHaveLength(1);
    });

    it('an answer that never comes: the attempt times out, unknown, sent once', async () => {
      const { error } = await lostOrder({ delayMs: 1_000 }, { timeoutMs: 150 });
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ outcome: 'unknown', retryable: false, attempts: 1 });
      expect(sent('didww.createOrder')).toHaveLength(1);
      expect(sim.didww.orders()).toHaveLength(1);
    });

    it('a bare 500: not resent even though, this time, DIDWW did nothing', async () => {
      const { error, hold } = await lostOrder({ status: 500, times: 3 });
      expect(error).toMatchObject({ status: 500, outcome: 'unknown', retryable: false, attempts: 1 });
      expect(sent('didww.createOrder')).toHaveLength(1);
      expect(sim.didww.orders()).toEqual([]);
      // The hold is still there: this order did not buy it.
      expect(sim.didww.reservations().map((reservation) => reservation.id)).toEqual([hold.id]);
    });
  });

  describe('create: refused before anything is sent', () => {
    const RESERVATION = 'fd38d3ff-80cf-4e67-a605-609a2884a5c4';
    const AVAILABLE = '857d1462-5f43-4238-b007-ff05f282e41b';
    it.each([
      [
        'an item naming its number two ways',
        { items: [{ skuId: SKU_ID, didReservationId: RESERVATION, availableDidId: AVAILABLE }] },
        'exactly one of didReservationId, availableDidId or qty',
      ],
      ['an item naming no number', { items: [{ skuId: SKU_ID }] }, 'exactly one of'],
      [
        'a reservation id and a qty',
        { items: [{ skuId: SKU_ID, didReservationId: RESERVATION, qty: 1 }] },
        'exactly one of',
      ],
      ['no items', { items: [] }, 'at least one item'],
      ['a SKU that is not a UUID', { items: [{ skuId: 'gb-local', didReservationId: RESERVATION }] }, 'UUID'],
      ['a qty of 0', { items: [{ skuId: SKU_ID, qty: 0 }] }, 'items.0.qty'],
      [
        'nanpaPrefixId on a held number',
        { items: [{ skuId: SKU_ID, didReservationId: RESERVATION, nanpaPrefixId: AVAILABLE }] },
        'nanpaPrefixId',
      ],
      [
        'a callback URL that is not http(s)',
        { items: [{ skuId: SKU_ID, qty: 1 }], callbackUrl: 'ftp://example.com' },
        'http',
      ],
      [
        'a callback method other than get or post',
        { items: [{ skuId: SKU_ID, qty: 1 }], callbackMethod: 'put' },
        'callbackMethod',
      ],
      [
        'an external reference over 100 characters',
        { items: [{ skuId: SKU_ID, qty: 1 }], externalReferenceId: 'x'.repeat(101) },
        '100',
      ],
      ['an unknown field', { items: [{ skuId: SKU_ID, qty: 1 }], reference: 'mine' }, 'reference'],
    ])('%s', async (_name, params, text) => {
      const error = await failure(client().orders.create(params as never));
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error).toMatchObject({ operation: 'didww.orders.create', outcome: 'not_sent', attempts: 0 });
      expect(error.message).toContain(text);
      expect(sim.requests).toHaveLength(0);
    });
  });

  describe('get and list', () => {
    async function placed(count: number): Promise<Order[]> {
      const didww = client();
      const dids = sim.didww.addAvailableDids({ countryIso: 'NL', count });
      const orders: Order[] = [];
      for (const [at, did] of dids.entries()) {
        orders.push(
          await didww.orders.create({
            items: [{ skuId: SKU_ID, availableDidId: did.id }],
            externalReferenceId: `ref-${at}`,
          }),
        );
        sim.clock.advance(1_000);
      }
      return orders;
    }

    it('gets an order by id; an unknown id is a NotFoundError', async () => {
      const [order] = await placed(1);
      const didww = client();
      await expect(didww.orders.get(order?.id ?? '')).resolves.toEqual(order);
      const error = await failure(didww.orders.get('8bc37f63-acd7-4e43-a760-1a1caa6e4683'));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ operation: 'didww.orders.get', outcome: 'rejected' });
    });

    it('lists with filters and sort in DIDWW’s names, and pages through every order', async () => {
      const orders = await placed(3);
      const didww = client();
      const first = await didww.orders.list({
        filter: { status: 'completed', externalReferenceId: 'ref-1' },
        sort: '-createdAt',
        page: { size: 10 },
      });
      expect(first.data.map((order) => order.id)).toEqual([orders[1]?.id]);
      expect(first.meta).toMatchObject({ totalRecords: 1, apiVersion: '2026-04-16' });
      expect(sent('didww.listOrders')[0]?.query).toEqual({
        'filter[status]': 'completed',
        'filter[external_reference_id]': 'ref-1',
        sort: '-created_at',
        'page[size]': '10',
      });
      const all: string[] = [];
      for await (const order of didww.orders.list({ sort: '-createdAt', page: { size: 1 } }))
        all.push(order.id);
      expect(all).toEqual(orders.map((order) => order.id).reverse());
    });

    it.each([
      ['an unknown status', { filter: { status: 'done' } }],
      ['a reference with a comma', { filter: { reference: 'A,B' } }],
      ['an unknown sort field', { sort: 'number' }],
      ['a page size of 0', { page: { size: 0 } }],
    ])('refuses %s before anything is sent', async (_name, params) => {
      const error = await failure(client().orders.list(params as never));
      expect(error).toBeInstanceOf(InputValidationError);
      expect(sim.requests).toHaveLength(0);
    });
  });
});

describe('the types', () => {
  it('refuse an item that names its number two ways, or none', () => {
    const reservation = 'fd38d3ff-80cf-4e67-a605-609a2884a5c4';
    const items: OrderItemParams[] = [
      { skuId: SKU_ID, didReservationId: reservation },
      { skuId: SKU_ID, availableDidId: reservation },
      { skuId: SKU_ID, qty: 2, nanpaPrefixId: reservation },
      // @ts-expect-error -- a hold and a number in stock: DIDWW refuses more than one.
      { skuId: SKU_ID, didReservationId: reservation, availableDidId: reservation },
      // @ts-expect-error -- a hold and a quantity.
      { skuId: SKU_ID, didReservationId: reservation, qty: 1 },
      // @ts-expect-error -- no number at all.
      { skuId: SKU_ID },
    ];
    expect(items).toHaveLength(6);
  });

  it('public objects are camelCase: no wire name leaks', async () => {
    const didww = new DidwwClient({
      apiKey: sim.credentials.didww.apiKey,
      dispatcher: sim.dispatcher(),
      rateLimit: false,
    });
    open.push(didww);
    const [did] = sim.didww.addAvailableDids({ countryIso: 'GB', count: 1 });
    const order = await didww.orders.create({ items: [{ skuId: SKU_ID, availableDidId: did?.id ?? '' }] });
    const [country] = (await didww.countries.list({ filter: { iso: 'GB' } })).data;
    const keys = (value: object): string[] =>
      Object.entries(value).flatMap(([key, inner]) => [
        key,
        ...(inner !== null && typeof inner === 'object' && !(inner instanceof Date) ? keys(inner) : []),
      ]);
    for (const key of [...keys(order), ...keys(country ?? {})]) expect(key).not.toContain('_');
  });
});

describe('under API 2026-11-19 (bearer tokens)', () => {
  it('finds the country, holds a number and orders it with a minted token', async () => {
    const didww = new DidwwClient({
      apiKey: sim.credentials.didww.apiKey,
      apiVersion: '2026-11-19',
      // The simulator listens (useSimulator): its token service is on loopback too.
      baseUrl: base.didww,
      tokenUrl: sim.didww.tokenUrl,
      rateLimit: false,
    });
    open.push(didww);
    sim.didww.addAvailableDids({ countryIso: 'FR', count: 1 });
    const [fr] = (await didww.countries.list({ filter: { iso: 'FR' } })).data;
    const [did] = (await didww.availableDids.list({ filter: { countryId: fr?.id ?? '' } })).data;
    const hold = await didww.didReservations.create({ availableDidId: did?.id ?? '' });
    const order = await didww.orders.create({ items: [{ skuId: SKU_ID, didReservationId: hold.id }] });
    expect(await didww.orders.get(order.id)).toEqual(order);
    expect(sim.didww.ownedNumbers().map((owned) => owned.number)).toEqual([did?.number]);
    expect(sim.didww.tokensMinted()).toBe(1);
    expect(sent('didww.createOrder')[0]?.headers['api-key']).toBeUndefined();
  });
});

describe('a stale read of orders', () => {
  it('does not show an order placed less than staleMs ago: an empty list proves nothing', async () => {
    const didww = new DidwwClient({
      apiKey: sim.credentials.didww.apiKey,
      dispatcher: sim.dispatcher(),
      rateLimit: false,
    });
    open.push(didww);
    const [did] = sim.didww.addAvailableDids({ countryIso: 'IT', count: 1 });
    await didww.orders.create({
      items: [{ skuId: SKU_ID, availableDidId: did?.id ?? '' }],
      externalReferenceId: 'lag',
    });
    sim.faults.next('didww.listOrders', { staleMs: 60_000 });
    const stale = await didww.orders.list({ filter: { externalReferenceId: 'lag' } });
    expect(stale.data).toEqual([]);
    expect(stale.meta.totalRecords).toBe(0);
    const caughtUp = await didww.orders.list({ filter: { externalReferenceId: 'lag' } });
    expect(caughtUp.data).toHaveLength(1);
  });
});
