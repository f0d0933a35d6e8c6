import { ArianeeClient } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';
import { createSimulator, parseSeed, type SimulatorServer, serveSimulator } from 'reservekit/testing';
import { afterEach, describe, expect, it } from 'vitest';

// serveSimulator (reservekit/testing): the one-port server `reservekit simulate` runs, used
// programmatically. test/cli-bin/simulate.test.ts drives it through the bin.

let server: SimulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('serveSimulator', () => {
  it("serves the three providers under one origin to reservekit's own clients", async () => {
    const sim = createSimulator();
    server = await serveSimulator(sim, {
      seed: {
        arianee: { passports: [{ tags: 'vip', count: 1 }] },
        didww: { availableDids: [{ countryIso: 'GB', count: 1 }] },
      },
    });
    const { urls, credentials } = server;
    expect(
      new Set([urls.arianee.url, urls.didww.url, urls.dots.url].map((url) => new URL(url).origin)),
    ).toEqual(new Set([server.url]));
    await using arianee = new ArianeeClient({
      baseUrl: urls.arianee.url,
      apiKey: credentials.arianee.apiKey,
    });
    expect((await arianee.reserveOne({ tags: 'vip' })).certificateId).toBe(
      server.seeded.arianee.passports[0]?.certificateId,
    );
    await using didww = new DidwwClient({
      baseUrl: urls.didww.url,
      apiKey: credentials.didww.apiKey,
      apiVersion: '2026-11-19',
      tokenUrl: urls.didww.tokenUrl,
    });
    const [did] = (await didww.availableDids.list()).data;
    expect((await didww.didReservations.create({ availableDidId: did?.id ?? '' })).status).toBe('created');
    expect(sim.didww.tokensMinted()).toBe(1);
    await using dots = new DotsClient({
      baseUrl: urls.dots.url,
      authToken: credentials.dots.authToken,
      appToken: credentials.dots.appToken,
    });
    await dots.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-1' });
    expect(sim.dots.offerings({ externalUniqueId: 'order-1' })).toHaveLength(1);
  });

  it('shares its state with the simulator in process: a fault queued through HTTP hits a client', async () => {
    const sim = createSimulator();
    server = await serveSimulator(sim);
    sim.arianee.addPassports('vip', 1);
    const queued = await fetch(`${server.controlUrl}/faults`, {
      method: 'POST',
      body: JSON.stringify({ target: 'arianee.reserveOne', reset: 'after' }),
    });
    expect(queued.status).toBe(201);
    expect(sim.faults.pending()).toEqual([
      { target: 'arianee.reserveOne', remaining: 1, spec: { reset: 'after' } },
    ]);
    await using arianee = new ArianeeClient({
      baseUrl: server.urls.arianee.url,
      apiKey: sim.credentials.arianee.apiKey,
    });
    await expect(arianee.reserveOne({ tags: 'vip' })).rejects.toMatchObject({ outcome: 'unknown' });
    expect(sim.arianee.available('vip')).toBe(0);
  });

  it('with providerPorts, reports and serves each provider on its own port, and closes them', async () => {
    const sim = createSimulator();
    server = await serveSimulator(sim, { providerPorts: true });
    expect(server.urls).toEqual(sim.urls);
    expect(new URL(server.urls.dots.url).origin).not.toBe(server.url);
    await server.close();
    server = undefined;
    expect(sim.urls).toBeUndefined();
  });

  it('refuses a seed that does not fit: a RangeError naming it', async () => {
    expect(() => parseSeed({ arianee: { passports: [{ tags: 'vip' }] } })).toThrow(
      /invalid seed: arianee\.passports\.0\.count/,
    );
    expect(() => parseSeed({ stock: [] })).toThrow(RangeError);
    await expect(
      serveSimulator(createSimulator(), {
        seed: { didww: { availableDids: [{ countryIso: 'ZZ', count: 1 }] } },
      }),
    ).rejects.toThrow(RangeError);
  });
});
