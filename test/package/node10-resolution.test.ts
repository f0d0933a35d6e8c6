import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, builtPackage } from './support/built-package.js';
import { type Consumer, createConsumer, typeCheck } from './support/consumer.js';

// TypeScript's `moduleResolution: node10` (what `module: commonjs` means up to TypeScript 6) reads
// no `exports`: only `typesVersions` shows it the types of `reservekit/dots` and the others.

const NODE10 = {
  strict: true,
  module: 1, // CommonJS
  moduleResolution: 2, // Node10
  target: 9, // ES2022
  types: ['node'],
  esModuleInterop: true,
  skipLibCheck: true,
};

let consumer: Consumer;

beforeAll(async () => {
  consumer = await createConsumer(await builtPackage(), { name: 'legacy-app' });
}, BUILD_TIMEOUT_MS);

afterAll(() => consumer?.remove());

describe('an application on moduleResolution node10 (module commonjs)', () => {
  it('sees the types of the root and of every subpath', async () => {
    await consumer.write(
      'app.ts',
      `import { NoInventoryError, type TransportOptions } from 'reservekit';
import { ArianeeClient } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';
import { createSimulator } from 'reservekit/testing';

const options: TransportOptions = { timeoutMs: 5_000 };
export const clients = [
  new ArianeeClient({ baseUrl: 'https://mybrand.nmp.arianee.com', apiKey: 'key', ...options }),
  new DidwwClient({ apiKey: 'key', ...options }),
  new DotsClient({ authToken: 'token', ...options }),
];
export const simulator: typeof createSimulator = createSimulator;
export const isEmptyPool = (error: unknown): boolean => error instanceof NoInventoryError;
`,
    );
    expect(typeCheck(consumer, ['app.ts'], NODE10)).toEqual([]);
  }, 60_000);

  it('reads the declarations of each subpath: a name it does not export is refused as such', async () => {
    const entries = ['reservekit/arianee', 'reservekit/didww', 'reservekit/dots', 'reservekit/testing'];
    const files = entries.map((entry) => `missing-${entry.replace('/', '-')}.ts`);
    for (const [index, entry] of entries.entries()) {
      await consumer.write(files[index] as string, `export { NotAnExport } from '${entry}';\n`);
    }
    expect(typeCheck(consumer, files, NODE10)).toEqual(
      entries.map(
        (entry, index) =>
          `${files[index]}(1,10): TS2305 Module '"${entry}"' has no exported member 'NotAnExport'.`,
      ),
    );
  }, 60_000);
});
