import { describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { useSimulator } from '../support/simulator.js';

const sim: Simulator = createSimulator({
  dots: {
    apps: [
      { appToken: 'club-code-only', appId: 6 },
      { appToken: 'club-with-mail', codeOnly: false },
      { appToken: 'not-a-club', ecoClub: false },
    ],
  },
});
const base = useSimulator(sim);

function add(body: unknown, token = sim.credentials.dots.authToken): Promise<Response> {
  return fetch(`${base.dots}/eco-club-offering/add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'auth-token': token },
    body: JSON.stringify(body),
  });
}

function list(query = '', appToken = 'club-code-only', token = sim.credentials.dots.readAuthToken) {
  return fetch(`${base.dots}/eco-club-offering/list/${appToken}${query}`, {
    headers: { 'auth-token': token },
  });
}

async function expect422(response: Response, message: string): Promise<void> {
  expect(response.status).toBe(422);
  expect(await response.json()).toEqual({ message });
}

describe('POST /eco-club-offering/add', () => {
  it('creates an offering and answers it as the docs show', async () => {
    const response = await add({
      app_token: 'club-code-only',
      quantity: 10,
      limit_allocations: '32,31,14',
      name_on_certificate: 'John Doe',
      activation_date: '2022-12-24',
      activation_hour: '01:00:00',
      code: 'e-826254',
      title: 'Test title',
      max_claims_total: 3,
      langcode: 'en',
      external_unique_id: '2132-1232-22',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      quantity: 10,
      limit_allocations: '32,31,14',
      name_on_certificate: 'John Doe',
      activation_date: '2022-12-24',
      activation_hour: '01:00:00',
      code: 'e-826254',
      title: 'Test title',
      max_claims_total: 3,
      claim_url: 'https://impact.dots.eco/app/6/eco-club/claim',
      external_unique_id: '2132-1232-22',
    });
    expect(sim.dots.offerings({ externalUniqueId: '2132-1232-22' })).toHaveLength(1);
  });

  it('the minimal body works and gets a generated code', async () => {
    const body = await (await add({ app_token: 'club-code-only', quantity: 10 })).json();
    expect(body.code).toMatch(/^e-\d{6}$/);
  });

  it('rounds activation hours to 15 minutes and localizes the claim URL', async () => {
    const body = await (
      await add({ app_token: 'club-code-only', quantity: 1, activation_hour: '01:08', langcode: 'fr' })
    ).json();
    expect(body.activation_hour).toBe('01:15:00');
    expect(body.claim_url).toBe('https://impact.dots.eco/fr/app/6/eco-club/claim');
  });

  it('a code used before answers 422 saying it must be unique', async () => {
    await add({ app_token: 'club-code-only', quantity: 1, code: 'gift-1' });
    const again = await add({ app_token: 'club-code-only', quantity: 1, code: 'gift-1' });
    expect(again.status).toBe(422);
    expect((await again.json()).message).toMatch(/code.*unique/);
    expect(sim.dots.offerings()).toHaveLength(1);
  });

  it('an external_unique_id used before answers 422 saying it already exists', async () => {
    await add({ app_token: 'club-code-only', quantity: 1, external_unique_id: 'order-1' });
    const again = await add({ app_token: 'club-code-only', quantity: 1, external_unique_id: 'order-1' });
    expect(again.status).toBe(422);
    expect((await again.json()).message).toMatch(/external_unique_id.*already exists/);
    expect(sim.dots.offerings()).toHaveLength(1);
  });

  it("duplicateExternalUniqueId: 'return-existing' answers the first offering instead", async () => {
    const lenient = createSimulator({
      dots: { duplicateExternalUniqueId: 'return-existing', createStatus: 201 },
    });
    const url = (await lenient.listen()).dots.url;
    const post = () =>
      fetch(`${url}/eco-club-offering/add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'auth-token': lenient.credentials.dots.authToken },
        body: JSON.stringify({
          app_token: lenient.credentials.dots.appToken,
          quantity: 1,
          external_unique_id: 'o-1',
        }),
      });
    const first = await post();
    const second = await post();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await second.json()).uuid).toBe((await first.json()).uuid);
    expect(lenient.dots.offerings()).toHaveLength(1);
    await lenient.close();
  });

  it('answers each documented 422 message', async () => {
    await expect422(await add({ app_token: 'club-code-only' }), 'Required fields cannot be empty.');
    await expect422(await add({ app_token: '', quantity: 1 }), 'Required fields cannot be empty.');
    await expect422(await add({ app_token: 'nope', quantity: 1 }), 'The app_token is invalid.');
    await expect422(
      await add({ app_token: 'not-a-club', quantity: 1 }),
      'Provided app is not of type Eco Club.',
    );
    await expect422(
      await add({ app_token: 'club-code-only', quantity: 1, mail: 'a@b.example' }),
      'We cannot use email for this app.',
    );
    await expect422(
      await add({ app_token: 'club-with-mail', quantity: 1 }),
      'Required fields cannot be empty.',
    );
    await expect422(
      await add({ app_token: 'club-code-only', quantity: 1, title: 'x'.repeat(256) }),
      'The maximum length of title is 255 characters.',
    );
    await expect422(
      await add({ app_token: 'club-code-only', quantity: 1, langcode: 'x'.repeat(13) }),
      'The maximum length of langcode is 12 characters.',
    );
    await expect422(
      await add({ app_token: 'club-code-only', quantity: 10 ** 11 + 1 }),
      'The maximum value of quantity is 100000000000.',
    );
    await expect422(await add({ app_token: 'club-code-only', quantity: 'ten' }), 'Entity creation problem.');
    expect(sim.dots.offerings()).toHaveLength(0);
  });

  it('a club that is not code-only takes mail', async () => {
    const response = await add({ app_token: 'club-with-mail', quantity: 1, mail: 'a@b.example' });
    expect(response.status).toBe(200);
  });

  it('a missing auth-token answers 403 asking for it; a wrong one 403 access denied', async () => {
    const missing = await fetch(`${base.dots}/eco-club-offering/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_token: 'club-code-only', quantity: 1 }),
    });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toEqual({
      message: 'Please provide valid app_token value and auth-token header.',
    });
    const wrong = await add({ app_token: 'club-code-only', quantity: 1 }, 'wrong-token');
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({
      message: 'Access denied. You are not a manager of specified application.',
    });
    expect(sim.dots.offerings()).toHaveLength(0);
  });
});

describe('GET /eco-club-offering/list/{app_token}', () => {
  it('lists offerings with quantity as a string, filtered by external-unique-id and uuid', async () => {
    const first = await (
      await add({ app_token: 'club-code-only', quantity: 6, external_unique_id: 'a' })
    ).json();
    await add({ app_token: 'club-code-only', quantity: 2, external_unique_id: 'b' });
    const all = await (await list()).json();
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({ uuid: first.uuid, quantity: '6', code: first.code, no_of_claims: 0 });
    expect(all[0].claim_url).toBe('https://impact.dots.eco/app/6/eco-club/claim');
    const byExternal = await (await list('?external-unique-id=b')).json();
    expect(byExternal.map((item: { quantity: string }) => item.quantity)).toEqual(['2']);
    expect(await (await list(`?uuid=${first.uuid}`)).json()).toHaveLength(1);
    expect(await (await list('?external-unique-id=none')).json()).toEqual([]);
  });

  it('shows one offering by uuid in the path form', async () => {
    const created = await (await add({ app_token: 'club-code-only', quantity: 1 })).json();
    const one = await (await list(`/${created.uuid}`)).json();
    expect(one.uuid).toBe(created.uuid);
    expect((await list('/unknown-uuid')).status).toBe(404);
  });

  it('counts claims', async () => {
    const created = await (
      await add({ app_token: 'club-code-only', quantity: 1, max_claims_total: 1 })
    ).json();
    sim.dots.claim(created.code);
    expect((await (await list()).json())[0].no_of_claims).toBe(1);
    expect(() => sim.dots.claim(created.code)).toThrow(/claimed 1 times/);
  });

  it('an unknown app_token answers 404 The app_token is invalid.', async () => {
    const response = await list('', 'nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'The app_token is invalid.' });
  });

  it('with a read token configured, only it reads and only the write token writes', async () => {
    const split = createSimulator({ dots: { authToken: 'write-token', readAuthToken: 'read-token' } });
    const url = (await split.listen()).dots.url;
    const appToken = split.credentials.dots.appToken;
    const read = (token: string) =>
      fetch(`${url}/eco-club-offering/list/${appToken}`, { headers: { 'auth-token': token } });
    expect((await read('read-token')).status).toBe(200);
    expect((await read('write-token')).status).toBe(403);
    const write = await fetch(`${url}/eco-club-offering/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'auth-token': 'read-token' },
      body: JSON.stringify({ app_token: appToken, quantity: 1 }),
    });
    expect(write.status).toBe(403);
    await split.close();
  });
});
