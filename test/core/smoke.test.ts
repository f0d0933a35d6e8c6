import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HandlerServer, serveHandlers } from '../../src/testing/serve-handlers.js';
import { genericTransport, getItem } from '../support/generic-transport.js';

let server: HandlerServer;
beforeAll(async () => {
  server = await serveHandlers([
    http.get('*/item', () => HttpResponse.json({ id: 'a', n: 1 }, { headers: { 'x-request-id': 'req_1' } })),
  ]);
});
afterAll(() => server.close());

it('smoke', async () => {
  const t = genericTransport(server.url);
  const { data, meta } = await t.run(getItem());
  expect(data).toEqual({ id: 'a', n: 1 });
  expect(meta.requestId).toBe('req_1');
  await t.close();
});
