import { ArianeeClient } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';
import { createSimulator, type Simulator } from 'reservekit/testing';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.js';

// The `cutBody` fault: the provider acted, the status and headers arrived, then the connection
// died in the middle of the body.
const COUNTRY = '3f1c0e4a-5d2b-4c8e-9a7f-6b1d2e3c4f5a';
const sim: Simulator = createSimulator();
const base = useSimulator(sim);
const retry = { baseDelayMs: 1, maxDelayMs: 5 };

const callsOf = (operation: string) => sim.requests.filter((entry) => entry.operation === operation);

/** Settles a client call; the SDK's outcome for a cut body is not what these tests are about. */
async function settle(promise: PromiseLike<unknown>): Promise<'resolved' | 'rejected'> {
  return promise.then(
    () => 'resolved',
    () => 'rejected',
  );
}

describe('on the wire', () => {
  it('sends the real status and headers, with the full content-length, then closes mid-body', async () => {
    sim.faults.next('dots.createOffering', { cutBody: true });
    const response = await request(`${base.dots}/eco-club-offering/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'auth-token': sim.credentials.dots.authToken },
      body: JSON.stringify({ app_token: sim.credentials.dots.appToken, quantity: 1 }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(Number(response.headers['content-length'])).toBeGreaterThan(1);
    await expect(response.body.text()).rejects.toThrow();
    expect(sim.dots.offerings()).toHaveLength(1);
  });

  it('keeps a 201 as a 201: the DIDWW create arrives as created, then its body breaks off', async () => {
    const [did] = sim.didww.addAvailableDids({ countryId: COUNTRY, count: 1 });
    sim.faults.next('didww.createReservation', { cutBody: true });
    const response = await request(`${base.didww}/did_reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.api+json', 'api-key': sim.credentials.didww.apiKey },
      body: JSON.stringify({
        data: {
          type: 'did_reservations',
          relationships: { available_did: { data: { type: 'available_dids', id: did?.id } } },
        },
      }),
    });
    expect(response.statusCode).toBe(201);
    await expect(response.body.text()).rejects.toThrow();
    expect(sim.didww.reservations()).toHaveLength(1);
  });
});

describe('through the real clients', () => {
  it('Arianee reserveOne: the passport is taken, the call rejects, the log shows the fault', async () => {
    sim.arianee.addPassports('vip', 3);
    sim.faults.next('arianee.reserveOne', { cutBody: true });
    const client = new ArianeeClient({
      baseUrl: base.arianee,
      apiKey: sim.credentials.arianee.apiKey,
      retry,
    });
    const outcome = await settle(client.reserveOne({ tags: 'vip' }));
    await client.close();
    expect(outcome).toBe('rejected');
    expect(sim.arianee.available('vip')).toBe(2);
    expect(callsOf('arianee.reserveOne')[0]).toMatchObject({ status: 200, fault: { cutBody: true } });
  });

  it('Dots.eco create: the offering exists once after the cut', async () => {
    sim.faults.next('dots.createOffering', { cutBody: true });
    const client = new DotsClient({
      baseUrl: base.dots,
      authToken: sim.credentials.dots.authToken,
      appToken: sim.credentials.dots.appToken,
      retry,
    });
    const outcome = await settle(
      client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-1' }),
    );
    await client.close();
    // The client did not get a whole answer: it failed, or it went looking for the offering.
    expect(outcome === 'rejected' || callsOf('dots.listOfferings').length > 0).toBe(true);
    expect(sim.dots.offerings({ externalUniqueId: 'order-1' })).toHaveLength(1);
    expect(callsOf('dots.createOffering')[0]).toMatchObject({ status: 200, fault: { cutBody: true } });
  });

  it('DIDWW create: the hold exists once after the cut', async () => {
    const [did] = sim.didww.addAvailableDids({ countryId: COUNTRY, count: 1 });
    sim.faults.next('didww.createReservation', { cutBody: true });
    const client = new DidwwClient({
      apiKey: sim.credentials.didww.apiKey,
      baseUrl: base.didww,
      rateLimit: false,
      retry,
    });
    const outcome = await settle(client.didReservations.create({ availableDidId: did?.id ?? '' }));
    await client.close();
    expect(outcome === 'rejected' || callsOf('didww.listReservations').length > 0).toBe(true);
    expect(sim.didww.reservations().map((reservation) => reservation.availableDidId)).toEqual([did?.id]);
    expect(callsOf('didww.createReservation')[0]).toMatchObject({ status: 201, fault: { cutBody: true } });
  });
});
