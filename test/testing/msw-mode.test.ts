import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSimulator, DEFAULT_HANDLER_BASE_URLS } from '../../src/testing/index.js';

// A wrapper SDK that calls through global fetch uses the simulator through msw, without a server.
const sim = createSimulator();
const NMP = 'https://nmp.brand.example';
const server = setupServer(...sim.handlers({ arianee: NMP }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => sim.clear());

it('answers fetch calls to the given base URL from the shared state', async () => {
  sim.arianee.addPassports('vip', 1);
  const response = await fetch(`${NMP}/dispenser/distribution/reserveOne?tags=vip&format=link`, {
    headers: { authorization: `Bearer ${sim.credentials.arianee.apiKey}` },
  });
  expect(response.status).toBe(200);
  expect(await response.text()).toMatch(/^https:\/\/test\.arianee\.net\/\d+,[a-z0-9]{12}$/);
  expect(sim.arianee.available('vip')).toBe(0);
});

it('answers the real DIDWW and Dots.eco hosts by default, base path included', async () => {
  const [did] = sim.didww.addAvailableDids({ countryId: 'gb', count: 1 });
  const holds = await fetch(`${DEFAULT_HANDLER_BASE_URLS.didww}/available_dids`, {
    headers: { 'api-key': sim.credentials.didww.apiKey },
  });
  expect((await holds.json()).data[0].id).toBe(did?.id);
  const offerings = await fetch(
    `${DEFAULT_HANDLER_BASE_URLS.dots}/eco-club-offering/list/${sim.credentials.dots.appToken}`,
    {
      headers: { 'auth-token': sim.credentials.dots.authToken },
    },
  );
  expect(await offerings.json()).toEqual([]);
});

it('leaves other paths on the host alone', async () => {
  await expect(fetch('https://sandbox-api.didww.com/v2/did_reservations')).rejects.toThrow();
  expect(sim.requests).toHaveLength(0);
});

it('a reset fault makes fetch fail with a network error', async () => {
  sim.faults.next('dots.createOffering', { reset: 'after' });
  await expect(
    fetch(`${DEFAULT_HANDLER_BASE_URLS.dots}/eco-club-offering/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'auth-token': sim.credentials.dots.authToken },
      body: JSON.stringify({ app_token: sim.credentials.dots.appToken, quantity: 1 }),
    }),
  ).rejects.toThrow(TypeError);
  expect(sim.dots.offerings()).toHaveLength(1);
});

it('a cutBody fault answers the real status, then the body read fails', async () => {
  sim.faults.next('dots.createOffering', { cutBody: true });
  const response = await fetch(`${DEFAULT_HANDLER_BASE_URLS.dots}/eco-club-offering/add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'auth-token': sim.credentials.dots.authToken },
    body: JSON.stringify({ app_token: sim.credentials.dots.appToken, quantity: 1 }),
  });
  expect(response.status).toBe(200);
  await expect(response.text()).rejects.toThrow();
  expect(sim.dots.offerings()).toHaveLength(1);
});
