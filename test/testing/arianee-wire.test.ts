import { describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { useSimulator } from '../support/simulator.js';

const sim: Simulator = createSimulator();
const base = useSimulator(sim);

function reserveOne(query: string, apiKey = sim.credentials.arianee.apiKey): Promise<Response> {
  return fetch(`${base.arianee}/dispenser/distribution/reserveOne?${query}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
}

describe('reserveOne formats', () => {
  it('linkObject answers the documented object and takes the passport out of the pool', async () => {
    const [passport] = sim.arianee.addPassports('vip', 2);
    const response = await reserveOne('tags=vip&format=linkObject');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      method: 'requestOwnership',
      certificateId: passport?.certificateId,
      passphrase: passport?.passphrase,
      deeplink: {
        certificateId: passport?.certificateId,
        passphrase: passport?.passphrase,
        link: `https://test.arianee.net/${passport?.certificateId},${passport?.passphrase}`,
      },
    });
    expect(sim.arianee.available('vip')).toBe(1);
    expect(sim.arianee.passports({ state: 'reserved' }).map((p) => p.certificateId)).toEqual([
      passport?.certificateId,
    ]);
  });

  it('link answers the bare deeplink as plain text', async () => {
    const [passport] = sim.arianee.addPassports('vip', 1);
    const response = await reserveOne('tags=vip&format=link');
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toBe(
      `https://test.arianee.net/${passport?.certificateId},${passport?.passphrase}`,
    );
  });

  it('content answers the passport content object', async () => {
    sim.arianee.addPassports('vip', 1, { content: (id) => ({ name: `Bag ${id}` }) });
    const response = await reserveOne('tags=vip&format=content');
    expect(await response.json()).toEqual({ name: expect.stringMatching(/^Bag \d+$/) });
  });
});

describe('reserveOne errors', () => {
  const noNfts = {
    name: 'API Error',
    description: 'No NFT found to distribute',
    code: 'nmp.back.dispenser.oneToOne.noNFTsToSend',
    httpCode: 400,
  };

  it('an empty pool answers the documented 400', async () => {
    sim.arianee.addPassports('vip', 1);
    expect((await reserveOne('tags=vip&format=link')).status).toBe(200);
    const response = await reserveOne('tags=vip&format=link');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(noNfts);
  });

  it('an unknown tag answers the same 400', async () => {
    const response = await reserveOne('tags=nobody&format=link');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(noNfts);
  });

  it('a missing format answers 400 without taking a passport', async () => {
    sim.arianee.addPassports('vip', 1);
    const response = await reserveOne('tags=vip');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ name: 'API Error', httpCode: 400 });
    expect(sim.arianee.available('vip')).toBe(1);
  });

  it('a wrong API key answers 401 {"message":"Unauthorized"} and takes nothing', async () => {
    sim.arianee.addPassports('vip', 1);
    const response = await reserveOne('tags=vip&format=link', 'wrong-key');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(sim.arianee.available('vip')).toBe(1);
  });

  it('a request without credentials answers 401', async () => {
    const response = await fetch(`${base.arianee}/dispenser/distribution/reserveOne?tags=vip&format=link`);
    expect(response.status).toBe(401);
  });
});

describe('several tags', () => {
  it('match any of the tags by default, oldest passport first (comma-joined or repeated)', async () => {
    const [gold] = sim.arianee.addPassports('gold', 1);
    const [silver] = sim.arianee.addPassports('silver', 1);
    const first = await (await reserveOne('tags=silver,gold&format=linkObject')).json();
    const second = await (await reserveOne('tags=silver&tags=gold&format=linkObject')).json();
    expect([first.certificateId, second.certificateId]).toEqual([gold?.certificateId, silver?.certificateId]);
  });

  it("match all of the tags with tagMatch: 'all'", async () => {
    const strict = createSimulator({ arianee: { tagMatch: 'all' } });
    strict.arianee.addPassports('gold', 1);
    const [both] = strict.arianee.addPassports(['gold', 'vip'], 1);
    const url = (await strict.listen()).arianee.url;
    const headers = { authorization: `Bearer ${strict.credentials.arianee.apiKey}` };
    const answer = await fetch(`${url}/dispenser/distribution/reserveOne?tags=vip,gold&format=linkObject`, {
      headers,
    });
    expect((await answer.json()).certificateId).toBe(both?.certificateId);
    const none = await fetch(`${url}/dispenser/distribution/reserveOne?tags=vip,gold&format=link`, {
      headers,
    });
    expect(none.status).toBe(400);
    await strict.close();
  });
});

describe('pool maintenance', () => {
  it('reset puts reserved but unclaimed passports back; claimed ones stay out', async () => {
    sim.arianee.addPassports('vip', 3);
    const a = await (await reserveOne('tags=vip&format=linkObject')).json();
    await reserveOne('tags=vip&format=linkObject');
    sim.arianee.claim(a.certificateId);
    expect(sim.arianee.available('vip')).toBe(1);
    expect(sim.arianee.reset('vip')).toBe(1);
    expect(sim.arianee.available('vip')).toBe(2);
    expect(sim.arianee.passports({ state: 'claimed' }).map((p) => p.certificateId)).toEqual([
      a.certificateId,
    ]);
  });

  it('reset of one tag leaves the other pools alone', async () => {
    sim.arianee.addPassports('vip', 1);
    sim.arianee.addPassports('press', 1);
    await reserveOne('tags=vip&format=link');
    await reserveOne('tags=press&format=link');
    expect(sim.arianee.reset('press')).toBe(1);
    expect(sim.arianee.available('vip')).toBe(0);
    expect(sim.arianee.available('press')).toBe(1);
  });

  it('claiming a passport that is not reserved throws', () => {
    const [passport] = sim.arianee.addPassports('vip', 1);
    expect(() => sim.arianee.claim(passport?.certificateId ?? 0)).toThrow(/not reserved/);
  });
});

describe('configurable auth', () => {
  it('takes the key in another header and scheme', async () => {
    const custom = createSimulator({
      arianee: { apiKey: 'k-123456', authHeader: 'x-api-key', authScheme: '' },
    });
    custom.arianee.addPassports('vip', 1);
    const url = (await custom.listen()).arianee.url;
    const path = `${url}/dispenser/distribution/reserveOne?tags=vip&format=link`;
    expect((await fetch(path, { headers: { authorization: 'Bearer k-123456' } })).status).toBe(401);
    expect((await fetch(path, { headers: { 'x-api-key': 'k-123456' } })).status).toBe(200);
    await custom.close();
  });
});

it('answers 404 for a path the dispenser does not have', async () => {
  const response = await fetch(`${base.arianee}/dispenser/distribution/reserveMany`);
  expect(response.status).toBe(404);
  expect(sim.requests.at(-1)?.operation).toBe('unknown');
});
