import { AuthenticationError, NoInventoryError, NotFoundError } from 'reservekit';
import { DidwwClient, type DidwwClientOptions, getDidwwErrors } from 'reservekit/didww';
import { createSimulator, type Simulator } from 'reservekit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../support/failure.js';
import { useSimulator } from '../support/simulator.js';

// The real DidwwClient (undici, the shared transport) against the simulator on loopback.
const START = Date.parse('2026-04-16T09:00:00.000Z');
const COUNTRY = '3f1c0e4a-5d2b-4c8e-9a7f-6b1d2e3c4f5a';
const sim: Simulator = createSimulator({ clock: { start: START } });
const base = useSimulator(sim);
let client: DidwwClient;

function newClient(options: Partial<DidwwClientOptions> = {}): DidwwClient {
  return new DidwwClient({
    apiKey: sim.credentials.didww.apiKey,
    baseUrl: base.didww,
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

beforeEach(() => {
  client = newClient();
});
afterEach(() => client.close());

const calls = (operation: string) => sim.requests.filter((request) => request.operation === operation);

function stock(count: number): string[] {
  return sim.didww.addAvailableDids({ countryId: COUNTRY, count }).map((did) => did.id);
}

describe('finding and holding a number', () => {
  it('lists the stock of a country and holds one number for ten minutes', async () => {
    stock(3);
    sim.didww.addAvailableDids({ countryId: '0e4f5a3f-1c2b-4d8e-9a7f-6b1d2e3c4f5a', count: 2 });
    const { data, meta } = await client.availableDids.list({ filter: { countryId: COUNTRY } });
    expect(data).toHaveLength(3);
    expect(meta.totalCount).toBe(3);
    const hold = await client.didReservations.create({
      availableDidId: data[0]?.id ?? '',
      description: 'order 42',
    });
    expect(hold).toMatchObject({ status: 'created', description: 'order 42', availableDidId: data[0]?.id });
    expect(hold.expiresAt.toISOString()).toBe('2026-04-16T09:10:00.000Z');
    expect(calls('didww.createReservation')[0]?.headers['content-type']).toContain(
      'application/vnd.api+json',
    );
    expect(sim.didww.reservations().map((reservation) => reservation.id)).toEqual([hold.id]);
  });

  it('holding a number you already hold reports updated (202)', async () => {
    const [id] = stock(1);
    await client.didReservations.create({ availableDidId: id ?? '' });
    const again = await client.didReservations.create({ availableDidId: id ?? '' });
    expect(again.status).toBe('updated');
    expect(sim.didww.reservations()).toHaveLength(1);
  });

  it('a number someone else holds is a NoInventoryError carrying the errors[]', async () => {
    const [id] = stock(1);
    sim.didww.holdByAnotherCustomer(id ?? '');
    const error = await failure(client.didReservations.create({ availableDidId: id ?? '' }));
    expect(error).toBeInstanceOf(NoInventoryError);
    expect(getDidwwErrors(error)).toEqual([
      expect.objectContaining({ code: '100', detail: 'available_did - is invalid', status: '422' }),
    ]);
  });

  it('reads expire_at when an old API version is pinned', async () => {
    const [id] = stock(1);
    const old = newClient({ apiVersion: '2022-05-10' });
    const hold = await old.didReservations.create({ availableDidId: id ?? '' });
    await old.close();
    expect(hold.expiresAt.toISOString()).toBe('2026-04-16T09:10:00.000Z');
    expect(calls('didww.createReservation')[0]?.headers['x-didww-api-version']).toBe('2022-05-10');
  });

  it('a wrong key is an AuthenticationError', async () => {
    const wrong = newClient({ apiKey: 'wrong-key-123456' });
    const error = await failure(wrong.didReservations.list());
    await wrong.close();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(error)).not.toContain('wrong-key-123456');
  });
});

describe('exactly once', () => {
  // A found hold counts as this call's only if DIDWW stamped it no earlier than the call's start
  // (less lookupClockSkewMs): these tests set the frozen simulated clock to our own time.
  beforeEach(() => {
    sim.clock.advance(Math.max(0, Date.now() - sim.clock.now()));
  });

  it('a reset after the hold was made: the retry finds the hold instead of creating again', async () => {
    const [id] = stock(2);
    sim.faults.next('didww.createReservation', { reset: 'after' });
    const { data, meta } = await client.didReservations
      .create({ availableDidId: id ?? '', description: 'order 42' })
      .withMeta();
    expect(data).toMatchObject({ status: 'found', description: 'order 42' });
    expect(meta.reconciled).toBe(true);
    expect(calls('didww.createReservation')).toHaveLength(1);
    expect(sim.didww.reservations().map((reservation) => reservation.id)).toEqual([data.id]);
  });

  it('a timeout while the hold was made: found the same way', async () => {
    const [id] = stock(1);
    sim.faults.next('didww.createReservation', { delayMs: 500 });
    const { data, meta } = await client.didReservations
      .create({ availableDidId: id ?? '', description: 'order 42' }, { timeoutMs: 100 })
      .withMeta();
    expect(meta.reconciled).toBe(true);
    expect(sim.didww.reservations().map((reservation) => reservation.id)).toEqual([data.id]);
  });

  it('another order’s hold on the same number is never this call’s: after a 502 the create is sent again (202, updated)', async () => {
    const [id] = stock(1);
    const order41 = await client.didReservations.create({
      availableDidId: id ?? '',
      description: 'order 41',
    });
    // Order 42's create meets a 502 before DIDWW acted.
    sim.faults.next('didww.createReservation', { status: 502 });
    const { data, meta } = await client.didReservations
      .create({ availableDidId: id ?? '', description: 'order 42' })
      .withMeta();
    expect(data.status).not.toBe('found');
    expect(data).toMatchObject({ status: 'updated', id: order41.id, description: 'order 42' });
    expect(meta).toMatchObject({ reconciled: false, status: 202, attempts: 2 });
    expect(calls('didww.listReservations')).toHaveLength(1);
    expect(calls('didww.createReservation')).toHaveLength(3);
    expect(sim.didww.reservations()).toHaveLength(1);
  });

  it('a reset before anything happened: the lookup finds nothing and the create is sent again', async () => {
    const [id] = stock(1);
    sim.faults.next('didww.createReservation', { reset: 'before' });
    const { data, meta } = await client.didReservations.create({ availableDidId: id ?? '' }).withMeta();
    expect(data.status).toBe('created');
    expect(meta.attempts).toBe(2);
    expect(calls('didww.createReservation')).toHaveLength(2);
    expect(sim.didww.reservations()).toHaveLength(1);
  });

  it('a 429 with Retry-After is waited out and retried', async () => {
    const [id] = stock(1);
    sim.faults.next('didww.createReservation', { status: 429, headers: { 'retry-after': '0' } });
    const { meta } = await client.didReservations.create({ availableDidId: id ?? '' }).withMeta();
    expect(meta.attempts).toBe(2);
    expect(sim.didww.reservations()).toHaveLength(1);
  });
});

describe('when DIDWW’s clock runs behind ours', () => {
  // The simulated clock (frozen) is set five minutes behind our own time.
  beforeEach(() => {
    sim.clock.advance(Math.max(0, Date.now() - 5 * 60_000 - sim.clock.now()));
  });

  it('a lost hold stamped beyond the allowance is not provably this call’s: sent again, and updated (202)', async () => {
    const [id] = stock(1);
    sim.faults.next('didww.createReservation', { reset: 'after' });
    const { data, meta } = await client.didReservations
      .create({ availableDidId: id ?? '', description: 'order 42' })
      .withMeta();
    expect(data).toMatchObject({ status: 'updated', description: 'order 42' });
    expect(meta.reconciled).toBe(false);
    expect(calls('didww.createReservation')).toHaveLength(2);
    expect(sim.didww.reservations().map((reservation) => reservation.id)).toEqual([data.id]);
  });

  it('lookupClockSkewMs wide enough for the difference: found', async () => {
    const tolerant = newClient({ lookupClockSkewMs: 10 * 60_000 });
    const [id] = stock(1);
    sim.faults.next('didww.createReservation', { reset: 'after' });
    const { data, meta } = await tolerant.didReservations
      .create({ availableDidId: id ?? '', description: 'order 42' })
      .withMeta()
      .finally(() => tolerant.close());
    expect(data.status).toBe('found');
    expect(meta.reconciled).toBe(true);
    expect(calls('didww.createReservation')).toHaveLength(1);
  });
});

describe('listing and releasing', () => {
  it('follows links.next through every page', async () => {
    for (const id of stock(5)) {
      await client.didReservations.create({ availableDidId: id });
      sim.clock.advance(1_000);
    }
    const first = await client.didReservations.list({ page: { size: 2 } });
    expect(first.meta).toMatchObject({ totalRecords: 5, availableCount: 5 });
    const numbers: string[] = [];
    for await (const hold of client.didReservations.list({ page: { size: 2 }, include: 'availableDid' })) {
      numbers.push(hold.availableDid?.number ?? '');
    }
    expect(numbers).toHaveLength(5);
    expect(new Set(numbers).size).toBe(5);
    expect(calls('didww.listReservations').length).toBe(1 + 3);
  });

  it('delete releases the hold; a second delete reports it already gone', async () => {
    const [id] = stock(1);
    const hold = await client.didReservations.create({ availableDidId: id ?? '' });
    expect(await client.didReservations.delete(hold.id)).toEqual({ released: true });
    expect(await client.didReservations.delete(hold.id)).toEqual({ released: false });
    expect(sim.didww.availableDids().map((did) => did.id)).toEqual([id]);
  });

  it('a hold lapses after ten minutes on the simulated clock', async () => {
    const [id] = stock(1);
    const hold = await client.didReservations.create({ availableDidId: id ?? '' });
    sim.clock.advance(10 * 60_000);
    expect(await failure(client.didReservations.get(hold.id))).toBeInstanceOf(NotFoundError);
    expect((await client.availableDids.list({ filter: { countryId: COUNTRY } })).data).toHaveLength(1);
  });
});

it("the client's own pacing keeps 30 calls under the simulator's 20 requests/second: no 429", async () => {
  const paced = newClient({ rateLimit: undefined });
  await Promise.all(Array.from({ length: 30 }, () => paced.didReservations.list()));
  await paced.close();
  expect(calls('didww.listReservations')).toHaveLength(30);
  expect(sim.requests.filter((request) => request.status === 429)).toEqual([]);
});
