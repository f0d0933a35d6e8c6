import { NotFoundError } from 'reservekit';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';
import { createSimulator, type Simulator } from 'reservekit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../support/failure.js';
import { useSimulator } from '../support/simulator.js';

// The `staleMs` fault: a read answered by a lagging replica, through the real clients on loopback.
// The simulator follows the real time (no clock.start), as most users run it.
const COUNTRY = '3f1c0e4a-5d2b-4c8e-9a7f-6b1d2e3c4f5a';
const sim: Simulator = createSimulator();
const base = useSimulator(sim);
let didww: DidwwClient;
let dots: DotsClient;

beforeEach(() => {
  didww = new DidwwClient({
    apiKey: sim.credentials.didww.apiKey,
    baseUrl: base.didww,
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  dots = new DotsClient({
    baseUrl: base.dots,
    authToken: sim.credentials.dots.authToken,
    appToken: sim.credentials.dots.appToken,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
});
afterEach(async () => {
  await didww.close();
  await dots.close();
});

async function hold(): Promise<string> {
  const [did] = sim.didww.addAvailableDids({ countryId: COUNTRY, count: 1 });
  return (await didww.didReservations.create({ availableDidId: did?.id ?? '' })).id;
}

const listedHolds = async () =>
  (await didww.didReservations.list()).data.map((reservation) => reservation.id);
const listedOfferings = async () => (await dots.ecoClubOfferings.list()).map((offering) => offering.uuid);

describe('DIDWW holds', () => {
  it('a stale list leaves out a hold made less than staleMs ago; the next list shows it', async () => {
    const id = await hold();
    sim.faults.next('didww.listReservations', { staleMs: 60_000 });
    expect(await listedHolds()).toEqual([]);
    expect(await listedHolds()).toEqual([id]);
    expect(sim.requests.filter((request) => request.operation === 'didww.listReservations')).toMatchObject([
      { status: 200, fault: { staleMs: 60_000 } },
      { status: 200, fault: undefined },
    ]);
  });

  it('a stale get of a hold made less than staleMs ago is a NotFoundError (404)', async () => {
    const id = await hold();
    sim.faults.next('didww.getReservation', { staleMs: 60_000 });
    expect(await failure(didww.didReservations.get(id))).toBeInstanceOf(NotFoundError);
    expect(sim.requests.at(-1)).toMatchObject({ operation: 'didww.getReservation', status: 404 });
    expect((await didww.didReservations.get(id)).id).toBe(id);
  });

  it('times: 2 makes two reads in a row stale', async () => {
    const id = await hold();
    sim.faults.next('didww.listReservations', { staleMs: 60_000, times: 2 });
    expect(await listedHolds()).toEqual([]);
    expect(await listedHolds()).toEqual([]);
    expect(await listedHolds()).toEqual([id]);
  });

  it('older holds stay visible, and total_records, available_count and links count only what is shown', async () => {
    const old = await hold();
    sim.clock.advance(120_000);
    await hold();
    await hold();
    sim.faults.next('didww.listReservations', { staleMs: 60_000 });
    const page = await didww.didReservations.list({ page: { size: 1 } });
    expect(page.data.map((reservation) => reservation.id)).toEqual([old]);
    expect(page.meta).toMatchObject({ totalRecords: 1, availableCount: 9 });
    expect(page.meta.links.next).toBeUndefined();
    expect(page.meta.links.last).toContain('page%5Bnumber%5D=1');
    expect((await didww.didReservations.list({ page: { size: 1 } })).meta.totalRecords).toBe(3);
  });

  it('a stale read of the stock still offers a number held moments ago', async () => {
    const [did] = sim.didww.addAvailableDids({ countryId: COUNTRY, count: 1 });
    await didww.didReservations.create({ availableDidId: did?.id ?? '' });
    sim.faults.next('didww.listAvailableDids', { staleMs: 60_000 });
    expect((await didww.availableDids.list({ filter: { countryId: COUNTRY } })).data).toHaveLength(1);
    expect((await didww.availableDids.list({ filter: { countryId: COUNTRY } })).data).toHaveLength(0);
  });

  it('has no effect on a write: the create acts and answers as usual', async () => {
    const [did] = sim.didww.addAvailableDids({ countryId: COUNTRY, count: 1 });
    sim.faults.next('didww.createReservation', { staleMs: 60_000 });
    const created = await didww.didReservations.create({ availableDidId: did?.id ?? '' });
    expect(created.status).toBe('created');
    expect(sim.requests.at(-1)).toMatchObject({ status: 201, fault: { staleMs: 60_000 } });
    expect(await listedHolds()).toEqual([created.id]);
  });
});

describe('Dots.eco offerings', () => {
  it('a stale list leaves out an offering made less than staleMs ago; the next list shows it', async () => {
    const { uuid } = await dots.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-1' });
    sim.faults.next('dots.listOfferings', { staleMs: 60_000 });
    expect(await listedOfferings()).toEqual([]);
    expect(await listedOfferings()).toEqual([uuid]);
  });

  it('a lookup by external id on a stale replica finds nothing', async () => {
    const { uuid } = await dots.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-2' });
    sim.faults.next('dots.listOfferings', { staleMs: 60_000, times: 2 });
    expect(await dots.ecoClubOfferings.findByExternalUniqueId('order-2')).toBeUndefined();
    expect(await dots.ecoClubOfferings.findByExternalUniqueId('order-2')).toBeUndefined();
    expect((await dots.ecoClubOfferings.findByExternalUniqueId('order-2'))?.uuid).toBe(uuid);
  });

  it('a stale get by uuid answers 404', async () => {
    const { uuid } = await dots.ecoClubOfferings.create({ quantity: 1 });
    const get = () =>
      fetch(`${base.dots}/eco-club-offering/list/${sim.credentials.dots.appToken}/${uuid}`, {
        headers: { 'auth-token': sim.credentials.dots.authToken },
      });
    sim.faults.next('dots.getOffering', { staleMs: 60_000 });
    const stale = await get();
    expect(stale.status).toBe(404);
    expect(await stale.json()).toEqual({ message: 'The eco club offering was not found.' });
    expect((await get()).status).toBe(200);
  });

  it('an offering older than staleMs is shown', async () => {
    const { uuid } = await dots.ecoClubOfferings.create({ quantity: 1 });
    sim.clock.advance(60_000);
    sim.faults.next('dots.listOfferings', { staleMs: 60_000 });
    expect(await listedOfferings()).toEqual([uuid]);
  });
});

describe('on a frozen clock', () => {
  const frozen: Simulator = createSimulator({ clock: { start: '2026-04-16T09:00:00Z' } });
  const frozenBase = useSimulator(frozen);

  it('an item exactly staleMs old is seen; one a millisecond younger is not', async () => {
    const client = new DotsClient({
      baseUrl: frozenBase.dots,
      authToken: frozen.credentials.dots.authToken,
      appToken: frozen.credentials.dots.appToken,
    });
    const { uuid } = await client.ecoClubOfferings.create({ quantity: 1 });
    frozen.clock.advance(59_999);
    frozen.faults.next('dots.listOfferings', { staleMs: 60_000 });
    expect(await client.ecoClubOfferings.list()).toEqual([]);
    frozen.clock.advance(1);
    frozen.faults.next('dots.listOfferings', { staleMs: 60_000 });
    expect((await client.ecoClubOfferings.list()).map((offering) => offering.uuid)).toEqual([uuid]);
    await client.close();
  });
});
