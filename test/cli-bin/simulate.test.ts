import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, type SimulateProcess, type StatePassport, startSimulate, useBin } from './support.js';

// `reservekit simulate` driven only through HTTP, as a test in Python or Go would: the providers'
// own routes and the control API under /_sim (docs/testing.md, "The simulator as a server").

const fixture = useBin();

const SEED = {
  arianee: { passports: [{ tags: 'gold', count: 2 }] },
  didww: { availableDids: [{ countryIso: 'DE', numbers: ['4930901820', '4930901821'] }] },
  dots: { apps: [{ appToken: 'club-with-mail', codeOnly: false }] },
};

interface State {
  clock: { now: string };
  arianee: { passports: StatePassport[] };
  didww: { availableDids: { id: string; number: string }[]; reservations: { id: string }[] };
  dots: { apps: { appToken: string }[]; offerings: unknown[] };
}

describe('reservekit simulate --seed state.json --clock …', () => {
  let sim: SimulateProcess;
  beforeAll(async () => {
    const seed = join(fixture.dir, 'state.json');
    await writeFile(seed, JSON.stringify(SEED));
    sim = await startSimulate(fixture.bin, ['--seed', seed, '--clock', '2026-04-16T09:00:00Z']);
  });
  afterAll(() => sim.stop());

  const state = async () => (await sim.control<State>('/state')).body;
  const reserveOne = (tags: string) =>
    fetch(`${sim.info.urls.arianee.url}/dispenser/distribution/reserveOne?tags=${tags}&format=link`, {
      headers: { authorization: `Bearer ${sim.info.credentials.arianee.apiKey}` },
    });

  it('prints its URLs, credentials and variables as one JSON line; GET /_sim says the same', async () => {
    const { url, urls, controlUrl, env } = sim.info;
    expect(urls).toEqual({
      arianee: { url: `${url}/arianee` },
      didww: { url: `${url}/didww/v3`, tokenUrl: `${url}/didww/token` },
      dots: { url: `${url}/dots/api/v1` },
    });
    expect(controlUrl).toBe(`${url}/_sim`);
    expect(env.RESERVEKIT_ARIANEE_BASE_URL).toBe(urls.arianee.url);
    expect(env.RESERVEKIT_DOTS_APP_TOKEN).toBe(sim.info.credentials.dots.appToken);
    const described = await sim.control<{ urls: unknown; credentials: unknown }>('/');
    expect(described.body).toMatchObject({ urls, credentials: sim.info.credentials });
  });

  it('starts with the seed, on the frozen clock', async () => {
    const start = await state();
    expect(start.clock.now).toBe('2026-04-16T09:00:00.000Z');
    expect(start.arianee.passports.map((passport) => [passport.tags, passport.state])).toEqual([
      [['gold'], 'available'],
      [['gold'], 'available'],
    ]);
    expect(start.didww.availableDids.map((did) => did.number)).toEqual(['4930901820', '4930901821']);
    expect(start.dots.apps.map((app) => app.appToken)).toContain('club-with-mail');
  });

  it('serves the providers: a passport reserved with plain HTTP shows in the state', async () => {
    const response = await reserveOne('gold');
    expect(response.status).toBe(200);
    const link = await response.text();
    const reserved = (await state()).arianee.passports.filter((passport) => passport.state === 'reserved');
    expect(
      reserved.map((passport) => `https://test.arianee.net/${passport.certificateId},${passport.passphrase}`),
    ).toEqual([link]);
  });

  it('POST /_sim/seed adds inventory and answers what it added', async () => {
    const seeded = await sim.control<{ arianee: { passports: StatePassport[] } }>('/seed', {
      body: { arianee: { passports: [{ tags: ['silver', 'spring'], count: 3 }] } },
    });
    expect(seeded.status).toBe(201);
    expect(seeded.body.arianee.passports).toHaveLength(3);
    expect((await reserveOne('spring')).status).toBe(200);
  });

  it('POST /_sim/faults injects the same faults as in process; they are used up in order', async () => {
    const queued = await sim.control<unknown[]>('/faults', {
      body: { target: 'arianee.reserveOne', status: 503, headers: { 'retry-after': '7' }, times: 1 },
    });
    expect(queued.status).toBe(201);
    expect((await sim.control<unknown[]>('/faults')).body).toHaveLength(1);
    const refused = await reserveOne('gold');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect((await sim.control<unknown[]>('/faults')).body).toEqual([]);
    await sim.control('/faults', { body: { target: 'arianee.*', reset: 'before' } });
    await expect(reserveOne('gold')).rejects.toThrow();
  });

  it('GET /_sim/requests is the redacted request log, filterable by operation', async () => {
    const { body } = await sim.control<
      { operation: string; headers: Record<string, string>; status?: number }[]
    >('/requests?operation=arianee.reserveOne');
    expect(body.length).toBeGreaterThan(0);
    for (const entry of body) {
      expect(entry.operation).toBe('arianee.reserveOne');
      expect(entry.headers.authorization).toBe('[REDACTED]');
    }
    expect(JSON.stringify(body)).not.toContain(sim.info.credentials.arianee.apiKey);
  });

  it('POST /_sim/clock/advance lets a DIDWW hold lapse', async () => {
    const [did] = (await state()).didww.availableDids;
    const hold = await fetch(`${sim.info.urls.didww.url}/did_reservations`, {
      method: 'POST',
      headers: {
        'api-key': sim.info.credentials.didww.apiKey,
        'content-type': 'application/vnd.api+json',
        accept: 'application/vnd.api+json',
      },
      body: JSON.stringify({
        data: {
          type: 'did_reservations',
          relationships: { available_did: { data: { type: 'available_dids', id: did?.id } } },
        },
      }),
    });
    expect(hold.status).toBe(201);
    expect((await state()).didww.reservations).toHaveLength(1);
    const advanced = await sim.control<{ now: string }>('/clock/advance', { body: { ms: 10 * 60_000 } });
    expect(advanced.body.now).toBe('2026-04-16T09:10:00.000Z');
    expect((await state()).didww.reservations).toEqual([]);
  });

  it('refuses bad input with 400, unknown routes with 404, a wrong method with 405', async () => {
    const badTarget = await sim.control<{ error: string }>('/faults', {
      body: { target: 'arianee.reserveAll', status: 503 },
    });
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.error).toContain('target');
    const badFault = await sim.control<{ error: string }>('/faults', {
      body: { target: 'arianee.reserveOne', status: 503, reset: 'after' },
    });
    expect(badFault.status).toBe(400);
    expect(badFault.body.error).toContain('not both');
    const badSeed = await sim.control<{ error: string }>('/seed', {
      body: { didww: { availableDids: [{ countryIso: 'ZZ', count: 1 }] } },
    });
    expect(badSeed.status).toBe(400);
    expect((await sim.control('/clock/advance', { body: { ms: -1 } })).status).toBe(400);
    expect((await sim.control('/nothing')).status).toBe(404);
    expect((await sim.control('/state', { method: 'DELETE' })).status).toBe(405);
  });

  it('POST /_sim/reset goes back to the seed: inventory, clock, faults and log', async () => {
    await sim.control('/faults', { body: { target: '*', status: 500, times: 5 } });
    const reset = await sim.control('/reset', { method: 'POST' });
    expect(reset.status).toBe(200);
    const after = await state();
    expect(after.clock.now).toBe('2026-04-16T09:00:00.000Z');
    expect(after.arianee.passports.map((passport) => [passport.tags, passport.state])).toEqual([
      [['gold'], 'available'],
      [['gold'], 'available'],
    ]);
    expect(after.didww.reservations).toEqual([]);
    expect(after.dots.apps.map((app) => app.appToken)).toContain('club-with-mail');
    expect((await sim.control<unknown[]>('/faults')).body).toEqual([]);
    expect((await sim.control<unknown[]>('/requests')).body).toEqual([]);
  });

  it('the CLI works against it through the variables it printed', async () => {
    const run = await runBin(
      fixture.bin,
      ['arianee', 'reserve', '--tags', 'gold', '--count', '2', '--json'],
      sim.info.env,
    );
    expect(run.code).toBe(0);
  });
});

describe('reservekit simulate: starting and stopping', () => {
  it('stops cleanly on SIGINT (and SIGTERM): exit 0, the port released', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const sim = await startSimulate(fixture.bin);
      const stopped = await sim.stop(signal);
      expect(stopped.code).toBe(0);
      expect(stopped.stderr).toContain('reservekit simulate: stopped');
      await expect(fetch(`${sim.info.controlUrl}/state`)).rejects.toThrow();
    }
  });

  it('--port-each serves each provider on its own port too', async () => {
    const sim = await startSimulate(fixture.bin, ['--port-each']);
    try {
      const arianee = new URL(sim.info.urls.arianee.url);
      expect(arianee.origin).not.toBe(sim.info.url);
      const response = await fetch(
        `${sim.info.urls.arianee.url}/dispenser/distribution/reserveOne?tags=vip&format=link`,
        {
          headers: { authorization: `Bearer ${sim.info.credentials.arianee.apiKey}` },
        },
      );
      expect(response.status).toBe(200);
      const state = await sim.control<State>('/state');
      expect(state.body.arianee.passports.filter((passport) => passport.state === 'reserved')).toHaveLength(
        1,
      );
    } finally {
      await sim.stop();
    }
  });

  it('a seed file of the wrong shape, a bad clock or a taken port: exit 1, one line', async () => {
    const seed = join(fixture.dir, 'bad.json');
    await writeFile(seed, JSON.stringify({ arianee: { passports: [{ tag: 'vip', count: 1 }] } }));
    const badSeed = await runBin(fixture.bin, ['simulate', '--port', '0', '--seed', seed]);
    expect(badSeed.code).toBe(1);
    expect(badSeed.stderr).toContain('invalid seed');
    const badClock = await runBin(fixture.bin, ['simulate', '--port', '0', '--clock', 'tomorrow']);
    expect(badClock.code).toBe(1);
    expect(badClock.stderr).toContain('--clock');
    const sim = await startSimulate(fixture.bin);
    try {
      const port = new URL(sim.info.url).port;
      const taken = await runBin(fixture.bin, ['simulate', '--port', port]);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain('EADDRINUSE');
    } finally {
      await sim.stop();
    }
  });
});
