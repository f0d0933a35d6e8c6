import { describe, expect, it } from 'vitest';
import { DotsClient } from '../../src/dots/index.js';
import { createSimulator, DEFAULT_DISPATCHER_BASE_URLS } from '../../src/testing/index.js';
import { failure } from '../support/failure.js';

// docs/testing.md, "In process, through fetch": sim.fetch() is sim.dispatcher() for fetch — the same
// state, the same refusal of unknown origins, faults as fetch sees them on the network.

const sim = createSimulator();
const DOTS = DEFAULT_DISPATCHER_BASE_URLS.dots;
const auth = { 'auth-token': sim.credentials.dots.authToken };

describe('sim.fetch()', () => {
  it('answers your own fetch calls from the simulator', async () => {
    sim.clear();
    const response = await sim.fetch()(`${DOTS}/eco-club-offering/list/${sim.credentials.dots.appToken}`, {
      headers: auth,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
    expect(sim.requests).toHaveLength(1);
  });

  it('refuses any other origin as a refused connection: nothing sent', async () => {
    sim.clear();
    const error = await sim
      .fetch()('https://api.example.test/x')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TypeError);
    const cause = (error as TypeError).cause as { code: string; message: string };
    expect(cause.code).toBe('ECONNREFUSED');
    expect(cause.message).toMatch(/does not simulate https:\/\/api\.example\.test/);
    expect(sim.requests).toHaveLength(0);
  });

  it('plays faults as fetch sees them: a reset rejects, a cut body fails its stream', async () => {
    sim.clear();
    const list = `${DOTS}/eco-club-offering/list/${sim.credentials.dots.appToken}`;
    sim.faults.next('dots.listOfferings', { reset: 'after' });
    const reset = await sim
      .fetch()(list, { headers: auth })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(((reset as TypeError).cause as { code: string }).code).toBe('ECONNRESET');
    sim.faults.next('dots.listOfferings', { cutBody: true });
    const cut = await sim.fetch()(list, { headers: auth });
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toThrow(TypeError);
  });

  it('is what a client with the fetch sender needs in a test: a create whose answer was lost is found', async () => {
    sim.clear();
    const dots = new DotsClient({
      authToken: sim.credentials.dots.authToken,
      appToken: sim.credentials.dots.appToken,
      fetch: sim.fetch(),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    sim.faults.next('dots.createOffering', { reset: 'after' });
    const { meta } = await dots.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'f-1' }).withMeta();
    expect(meta).toMatchObject({ reconciled: true, attempts: 1 });
    expect(sim.dots.offerings()).toHaveLength(1);
    const aborted = await failure(dots.ecoClubOfferings.list({}, { signal: AbortSignal.abort() }));
    expect(aborted).toMatchObject({ code: 'aborted', outcome: 'not_sent' });
    await dots.close();
  });
});
