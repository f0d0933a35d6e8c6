import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../../examples/arianee-reserve-vip.js';
import type { ExampleEnv } from '../../examples/support/example-env.js';
import { type HandlerServer, serveHandlers } from '../../src/testing/serve-handlers.js';
import { API_KEY, fakePool, passphraseOf } from './fake-nmp.js';

let server: HandlerServer;
beforeAll(async () => {
  server = await serveHandlers();
});
afterAll(() => server.close());

it('the VIP example reserves what the pool holds, reports progress, and prints no passphrase', async () => {
  server.use(fakePool(12, 2).handler);
  const lines: string[] = [];
  const progress: Array<[string, number, number]> = [];
  const env: ExampleEnv = {
    arianee: { baseUrl: server.url, apiKey: API_KEY, tag: 'vip' },
    didww: { baseUrl: server.url, apiKey: 'unused', environment: 'sandbox', countryId: 'unused' },
    dots: { baseUrl: server.url, authToken: 'unused', appToken: 'unused' },
    log: (line) => lines.push(line),
    progress: (label, done, total) => progress.push([label, done, total]),
  };
  const summary = await run(env);
  expect(summary.rows).toContainEqual(['reserved', '12 of 50']);
  expect(summary.rows).toContainEqual(['outcome', 'pool empty']);
  expect(progress.at(-1)).toEqual(['arianee', 12, 50]);
  const output = lines.join('\n');
  expect(output).toContain('passport 1001');
  expect(output).toContain('ran dry after 12 of 50');
  for (let id = 1001; id <= 1012; id += 1) expect(output).not.toContain(passphraseOf(id));
});
