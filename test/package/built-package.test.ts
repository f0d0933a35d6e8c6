import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HttpResponse, http } from 'msw';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as appZod from 'zod';
import { type HandlerServer, serveHandlers } from '../../src/testing/serve-handlers.js';
import { fetchBuild, nodeBuild } from '../../tsup.config.js';

type RootModule = typeof import('../../src/index.js');
type ArianeeModule = typeof import('../../src/arianee/index.js');

// Builds the package as it ships (ESM + CJS, same tsup config, types skipped for speed) into a temp
// folder, then copies it to make "a second installed copy" — as a wrapper SDK bundling its own would.
let root: string;
let esm: RootModule;
let cjs: RootModule;
let secondCopy: RootModule;
let arianeeEsm: ArianeeModule;
let arianeeCjs: ArianeeModule;
let nmp: HandlerServer;
let outDir: string;

beforeAll(async () => {
  // Inside the repo, so that the built files resolve undici from node_modules.
  const cache = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
  await mkdir(cache, { recursive: true });
  root = await mkdtemp(join(cache, 'reservekit-pkg-'));
  outDir = join(root, 'a', 'dist');
  await build({ ...nodeBuild, config: false, outDir, dts: false, silent: true, clean: true });
  await build({ ...fetchBuild, config: false, outDir, silent: true });
  await writeFile(join(root, 'a', 'package.json'), JSON.stringify({ type: 'module' }));
  await cp(join(root, 'a'), join(root, 'b'), { recursive: true });
  esm = (await import(pathToFileURL(join(outDir, 'index.js')).href)) as RootModule;
  cjs = createRequire(import.meta.url)(join(outDir, 'index.cjs')) as RootModule;
  secondCopy = (await import(pathToFileURL(join(root, 'b', 'dist', 'index.js')).href)) as RootModule;
  arianeeEsm = (await import(pathToFileURL(join(outDir, 'arianee', 'index.js')).href)) as ArianeeModule;
  arianeeCjs = createRequire(import.meta.url)(join(outDir, 'arianee', 'index.cjs')) as ArianeeModule;
  nmp = await serveHandlers([
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
}, 60_000);

afterAll(async () => {
  await nmp.close();
  await rm(root, { recursive: true, force: true });
});

const init = { status: 400, message: 'pool empty', provider: 'arianee' as const };

describe('instanceof across entry points', () => {
  it.each([
    ['ESM', () => arianeeEsm],
    ['CJS', () => arianeeCjs],
  ])(
    'an error thrown by the %s arianee entry is the root entry class, in both formats',
    async (_format, entry) => {
      const client = new (entry().ArianeeClient)({ baseUrl: nmp.url, apiKey: 'key_for_package_test' });
      const error = await client.reserveOne({ tags: 'vip' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      await client.close();
      expect(error).toBeInstanceOf(esm.NoInventoryError);
      expect(error).toBeInstanceOf(cjs.NoInventoryError);
      expect(error).toBeInstanceOf(secondCopy.ApiError);
    },
  );
});

describe('instanceof across builds and copies', () => {
  it('holds from CJS to ESM and back', () => {
    expect(new cjs.NoInventoryError(init)).toBeInstanceOf(esm.NoInventoryError);
    expect(new esm.NoInventoryError(init)).toBeInstanceOf(cjs.NoInventoryError);
    expect(new cjs.NoInventoryError(init)).toBeInstanceOf(esm.ApiError);
    expect(new cjs.NoInventoryError(init)).toBeInstanceOf(esm.ReservationError);
    expect(new cjs.NoInventoryError(init)).toBeInstanceOf(Error);
  });

  it('holds between two installed copies', () => {
    const error = new secondCopy.ConflictError(init);
    expect(error).toBeInstanceOf(esm.ConflictError);
    expect(error).toBeInstanceOf(esm.ProviderValidationError);
    expect(error).toBeInstanceOf(esm.ApiError);
  });

  it('does not confuse sibling classes', () => {
    const error = new secondCopy.NotFoundError(init);
    expect(error).not.toBeInstanceOf(esm.NoInventoryError);
    expect(error).not.toBeInstanceOf(cjs.AuthenticationError);
    expect(new esm.ApiError(init)).not.toBeInstanceOf(cjs.ServerError);
    expect({ name: 'NoInventoryError' }).not.toBeInstanceOf(esm.NoInventoryError);
  });

  it('prints usefully', () => {
    const error = new cjs.RateLimitError({ ...init, status: 429, retryAfterMs: 2000 });
    expect(error.name).toBe('RateLimitError');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'RateLimitError',
      code: 'rate_limited',
      status: 429,
      retryAfterMs: 2000,
      retryable: true,
    });
  });
});

/** The packages (not Node built-ins) the built files that `keep` selects import or require. */
async function packagesImported(keep: (file: string) => boolean): Promise<string[]> {
  const files = (await readdir(outDir, { recursive: true })).filter(
    (file) => /\.c?js$/.test(file) && keep(file),
  );
  const imported = new Set<string>();
  for (const file of files) {
    const code = await readFile(join(outDir, file), 'utf8');
    for (const match of code.matchAll(/(?:from\s+|require\(|import\()\s*["']([^"'.][^"']*)["']/g)) {
      imported.add(match[1] as string);
    }
  }
  return [...imported].filter((name) => !name.startsWith('node:') && !isBuiltin(name)).sort();
}

// The `reservekit` command's entry (package.json `bin`): the only file that loads its dependencies.
const isCli = (file: string) => /^cli\.c?js$/.test(file);

describe('bundled zod', () => {
  it('imports nothing at run time but undici, Node built-ins and the optional peers of their entries', async () => {
    const packages = await packagesImported((file) => !isCli(file));
    // msw is the optional peer of reservekit/testing, @opentelemetry/api that of reservekit/otel;
    // rate-limiter-flexible is the dependency of reservekit/redis alone.
    expect(packages).toEqual(
      ['@opentelemetry/api', 'msw', 'msw/node', 'rate-limiter-flexible', 'undici'].filter((name) =>
        packages.includes(name),
      ),
    );
    expect(packages).toContain('undici');
    // Only reservekit/otel loads the OpenTelemetry API: no other entry needs it installed.
    expect(await packagesImported((file) => file.startsWith('otel/'))).toEqual(['@opentelemetry/api']);
    // Only reservekit/redis loads rate-limiter-flexible; ioredis (its optional peer) is only a type
    // there: the app passes its own client, and no entry loads ioredis.
    expect(await packagesImported((file) => file.startsWith('redis/'))).toEqual(['rate-limiter-flexible']);
    expect(await packagesImported((file) => !file.startsWith('redis/') && !isCli(file))).not.toContain(
      'rate-limiter-flexible',
    );
    expect(packages).not.toContain('ioredis');
    expect(await packagesImported((file) => !file.startsWith('otel/') && !isCli(file))).not.toContain(
      '@opentelemetry/api',
    );
  });

  it('the build for Bun, Deno, workerd and edge runtimes imports no package at all (no undici)', async () => {
    const files = (await readdir(join(outDir, 'fetch'), { recursive: true })).filter((file) =>
      file.endsWith('.js'),
    );
    expect(files).toContain('index.js');
    expect(await packagesImported((file) => file.startsWith('fetch/'))).toEqual([]);
  });

  it("the command's entry alone imports the command line's dependencies", async () => {
    expect(await packagesImported(isCli)).toEqual([
      'cli-progress',
      'cli-table3',
      'commander',
      'csv-parse/sync',
      'csv-stringify/sync',
    ]);
  });

  it("keeps English messages whatever the application's zod is set to, and leaves its setting alone", async () => {
    // A brand's NMP answering a reservation with a body the schema refuses.
    const badNmp = await serveHandlers([
      http.get('*/dispenser/distribution/reserveOne', () =>
        HttpResponse.json({
          method: 'requestOwnership',
          certificateId: true,
          passphrase: 'p',
          deeplink: 'x',
        }),
      ),
    ]);
    appZod.config(appZod.locales.de());
    try {
      const client = new arianeeEsm.ArianeeClient({ baseUrl: badNmp.url, apiKey: 'key_for_package_test' });
      const error = await client.reserveOne({ tags: 'vip' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      await client.close();
      expect(error).toBeInstanceOf(esm.ResponseValidationError);
      const messages = (error as InstanceType<RootModule['ResponseValidationError']>).issues.map(
        (issue) => issue.message,
      );
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.join(' ')).toMatch(/Invalid input/);
      expect(messages.join(' ')).not.toMatch(/Ungültig/);
      // The application's zod still speaks German: importing and using the SDK did not reset it.
      expect(appZod.string().safeParse(1).error?.issues[0]?.message).toMatch(/Ungültig/);
    } finally {
      appZod.config(appZod.locales.en());
      await badNmp.close();
    }
  });
});
