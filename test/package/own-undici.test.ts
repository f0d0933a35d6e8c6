import { createRequire } from 'node:module';
import { HttpResponse, http } from 'msw';
import { ArianeeClient } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import type { Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputValidationError, NoInventoryError } from '../../src/index.js';
import { useHandlerServer } from '../support/handler-server.js';
import { BUILD_TIMEOUT_MS, builtPackage } from './support/built-package.js';
import { type Consumer, createConsumer, installOwnUndici, typeCheck } from './support/consumer.js';

// An application that depends on its own undici 8 (here 8.99.0) gets a second copy beside
// reservekit's: its Agent, MockAgent and ProxyAgent must still be accepted as `dispatcher`, by the
// built types under the strictest options and by the check each client makes when it is built.

let consumer: Consumer;
let ownUndici: typeof import('undici');

const nmp = useHandlerServer([
  http.get('*/dispenser/distribution/reserveOne', () =>
    HttpResponse.json(
      {
        name: 'API Error',
        description: 'No NFT found to distribute',
        code: 'nmp.back.dispenser.oneToOne.noNFTsToSend',
        httpCode: 400,
      },
      { status: 400 },
    ),
  ),
]);

beforeAll(async () => {
  consumer = await createConsumer(await builtPackage());
  const undiciDir = await installOwnUndici(consumer);
  ownUndici = createRequire(import.meta.url)(undiciDir) as typeof import('undici');
}, BUILD_TIMEOUT_MS);

afterAll(() => consumer?.remove());

/** A whole program per check: seconds each, more on a busy machine. */
const TYPE_CHECK_TIMEOUT_MS = 60_000;

const STRICT = {
  strict: true,
  exactOptionalPropertyTypes: true,
  target: 99, // ESNext
  module: 199, // NodeNext
  moduleResolution: 99, // NodeNext
  types: ['node'],
  skipLibCheck: true,
};

const APP = `
import { Agent, MockAgent, ProxyAgent } from 'undici';
import { ArianeeClient } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';

declare const apiKey: string;
const pool = new Agent({ connections: 64 });
export const clients = [
  new DidwwClient({ apiKey, dispatcher: new Agent() }),
  new DidwwClient({ apiKey, dispatcher: new MockAgent() }),
  new DidwwClient({ apiKey, dispatcher: new ProxyAgent('http://proxy.internal:3128') }),
  new ArianeeClient({ baseUrl: 'https://mybrand.nmp.arianee.com', apiKey, dispatcher: pool }),
  new DotsClient({ authToken: apiKey, dispatcher: pool }),
];
`;

describe("the application's own undici 8, a second copy", () => {
  it('is really a second copy: its Agent is not the one reservekit imports', async () => {
    const { Agent } = await import('undici');
    expect(new ownUndici.Agent()).not.toBeInstanceOf(Agent);
  });

  it.each([
    ['an ES module', 'app.mts'],
    ['a CommonJS module', 'app.cts'],
  ])(
    'its Agent, MockAgent and ProxyAgent type-check as `dispatcher` in %s (strict, exactOptionalPropertyTypes)',
    async (_kind, file) => {
      await consumer.write(file, APP);
      expect(typeCheck(consumer, [file], STRICT)).toEqual([]);
    },
    TYPE_CHECK_TIMEOUT_MS,
  );

  it(
    'still refuses what is not a dispatcher, in the types',
    async () => {
      await consumer.write(
        'not-a-dispatcher.mts',
        `import { DidwwClient } from 'reservekit/didww';
new DidwwClient({ apiKey: 'key', dispatcher: { dispatch: () => true } });
`,
      );
      const problems = typeCheck(consumer, ['not-a-dispatcher.mts'], STRICT);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^not-a-dispatcher\.mts\(2,\d+\): TS2739 .*missing .*: close, destroy$/);
    },
    TYPE_CHECK_TIMEOUT_MS,
  );

  it('its Agent carries the calls of a client, and stays open when the client closes', async () => {
    const seen: string[] = [];
    class CountingAgent extends ownUndici.Agent {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
        seen.push(`${options.method} ${options.path}`);
        return super.dispatch(options, handler);
      }
    }
    const pool = new CountingAgent({ connections: 4 });
    const client = new ArianeeClient({
      baseUrl: nmp.url,
      apiKey: 'key_for_dispatcher_test',
      dispatcher: pool,
    });
    await expect(client.reserveOne({ tags: 'vip' })).rejects.toBeInstanceOf(NoInventoryError);
    await client.close();
    expect(seen).toEqual(['GET /dispenser/distribution/reserveOne?tags=vip&format=linkObject']);
    expect(nmp.requests).toHaveLength(1);
    expect(pool.closed).toBe(false);
    await pool.close();
  });

  it('its MockAgent answers a client with no socket at all', async () => {
    const mock = new ownUndici.MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://mybrand.nmp.arianee.com')
      .intercept({ path: /^\/dispenser\/distribution\/reserveOne/, method: 'GET' })
      .reply(400, {
        name: 'API Error',
        description: 'No NFT found to distribute',
        code: 'nmp.back.dispenser.oneToOne.noNFTsToSend',
        httpCode: 400,
      });
    const client = new ArianeeClient({
      baseUrl: 'https://mybrand.nmp.arianee.com',
      apiKey: 'key_for_dispatcher_test',
      dispatcher: mock,
    });
    await expect(client.reserveOne({ tags: 'vip' })).rejects.toBeInstanceOf(NoInventoryError);
    await client.close();
    mock.assertNoPendingInterceptors();
    await mock.close();
  });

  it('a value that lacks what every undici dispatcher has (dispatch, close, destroy) is refused when the client is built', () => {
    const build = () => new DidwwClient({ apiKey: 'key', dispatcher: { dispatch: () => true } as never });
    expect(build).toThrow(InputValidationError);
    expect(build).toThrow(/dispatcher must be an undici Dispatcher/);
  });
});
