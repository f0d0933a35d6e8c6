import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HandlerServer, serveHandlers } from '../../src/testing/serve-handlers.js';
import { type ProcessOutput, runProcess } from '../support/run-process.js';
import { BUILD_TIMEOUT_MS, builtPackage } from './support/built-package.js';
import { type Consumer, createConsumer, linkUndici } from './support/consumer.js';
import { findNodeOlderThan } from './support/old-node.js';

// A platform team's wrapper SDK, bundled into one file with esbuild as docs/bundling.md shows, then
// run by Node in a child process against a loopback fake NMP: it must import, reserve and map
// errors as the package does unbundled.

const WRAPPER = `import { NoInventoryError } from 'reservekit';
import { ArianeeClient } from 'reservekit/arianee';

async function main() {
  const nmp = new ArianeeClient({ baseUrl: process.env.NMP_URL, apiKey: 'key_for_bundle_test' });
  try {
    const passport = await nmp.reserveOne({ tags: 'vip' });
    const empty = await nmp.reserveOne({ tags: 'sold-out' }).catch((error) => error);
    console.log(JSON.stringify({ certificateId: passport.certificateId, empty: empty instanceof NoInventoryError }));
  } finally {
    await nmp.close();
  }
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/** The line the wrapper prints when it worked. */
const WORKED = JSON.stringify({ certificateId: 7, empty: true });

// The banner docs/bundling.md gives for bundling undici (CommonJS) into an ES module.
const REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

const RECIPES: Record<string, BuildOptions> = {
  'ESM, undici external': { format: 'esm', outfile: 'out/external.mjs', external: ['undici'] },
  'ESM, undici bundled, with the createRequire banner': {
    format: 'esm',
    outfile: 'out/banner.mjs',
    banner: { js: REQUIRE_BANNER },
  },
  'CommonJS, undici bundled': { format: 'cjs', outfile: 'out/bundle.cjs' },
  'CommonJS, undici external': { format: 'cjs', outfile: 'out/external.cjs', external: ['undici'] },
  'ESM, undici external, minified': {
    format: 'esm',
    outfile: 'out/external.min.mjs',
    external: ['undici'],
    minify: true,
  },
  'ESM, undici bundled, with the banner, minified': {
    format: 'esm',
    outfile: 'out/banner.min.mjs',
    banner: { js: REQUIRE_BANNER },
    minify: true,
  },
};

/** An ES module bundle hoists its external imports above all bundled code, reservekit's check included. */
const hoistsUndici = (recipe: string) =>
  RECIPES[recipe]?.format === 'esm' && RECIPES[recipe]?.external !== undefined;

let consumer: Consumer;
let nmp: HandlerServer;
/** The `tags` of each reservation the fake NMP received. */
const reserved: Array<string | null> = [];

beforeAll(async () => {
  consumer = await createConsumer(await builtPackage());
  // Where npm puts reservekit's dependency: an application that keeps undici external needs it there.
  await linkUndici(consumer);
  await consumer.write('wrapper.mjs', WRAPPER);
  nmp = await serveHandlers([
    http.get('*/dispenser/distribution/reserveOne', ({ request }) => {
      const tags = new URL(request.url).searchParams.get('tags');
      reserved.push(tags);
      return tags === 'vip'
        ? HttpResponse.json({
            method: 'requestOwnership',
            certificateId: 7,
            passphrase: 'pp7secret',
            deeplink: {
              certificateId: 7,
              passphrase: 'pp7secret',
              link: 'https://test.arianee.net/7,pp7secret',
            },
          })
        : HttpResponse.json(
            {
              name: 'API Error',
              description: 'No NFT found to distribute',
              code: 'nmp.back.dispenser.oneToOne.noNFTsToSend',
              httpCode: 400,
            },
            { status: 400 },
          );
    }),
  ]);
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await nmp?.close();
  await consumer?.remove();
});

/** Bundles the wrapper as esbuild's users do: one file for Node. */
async function bundle(options: BuildOptions): Promise<string> {
  const result = await build({
    entryPoints: ['wrapper.mjs'],
    absWorkingDir: consumer.dir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    logLevel: 'silent',
    metafile: true,
    ...options,
  });
  if (!result.metafile) throw new Error('esbuild made no metafile');
  return join(consumer.dir, options.outfile as string);
}

/** Runs a file with a Node binary; resolves with its exit code and output (the loopback server answers meanwhile). */
function runNode(node: string, file: string): Promise<ProcessOutput> {
  return runProcess(node, [file], { cwd: consumer.dir, env: { ...process.env, NMP_URL: nmp.url } });
}

describe('a wrapper bundled into one file', () => {
  it('unbundled, it works (the baseline the bundles must match)', async () => {
    const result = await runNode(process.execPath, join(consumer.dir, 'wrapper.mjs'));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(WORKED);
  });

  it('as ESM with undici bundled and no banner, crashes at import: why the docs give the banner', async () => {
    reserved.length = 0;
    const file = await bundle({ format: 'esm', outfile: 'out/naive.mjs' });
    const result = await runNode(process.execPath, file);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Dynamic require of "node:[a-z_]+" is not supported/);
    expect(reserved).toEqual([]);
  });

  it.each(Object.keys(RECIPES))('%s: imports, reserves and maps errors', async (recipe) => {
    const file = await bundle(RECIPES[recipe] as BuildOptions);
    reserved.length = 0;
    const result = await runNode(process.execPath, file);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(WORKED);
    expect(reserved).toEqual(['vip', 'sold-out']);
  });

  const oldNode = findNodeOlderThan(22, 19);
  const onOldNode = `on an older Node.js (${oldNode?.version ?? 'none on this machine: skipped'})`;

  it.skipIf(oldNode === undefined).each(Object.keys(RECIPES).filter((recipe) => !hoistsUndici(recipe)))(
    `%s: ${onOldNode}, still says which version it needs`,
    async (recipe) => {
      const file = await bundle(RECIPES[recipe] as BuildOptions);
      const result = await runNode(oldNode?.path as string, file);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`reservekit needs Node.js 22.19 or newer; this is ${oldNode?.version}`);
      expect(result.stderr).not.toMatch(/Zstd/);
    },
  );

  // What docs/bundling.md ("Node.js version") warns of: no package can run code before an ES
  // module's imports, so there undici itself fails first.
  it.skipIf(oldNode === undefined).each(Object.keys(RECIPES).filter(hoistsUndici))(
    `%s: ${onOldNode}, fails inside undici, as the docs warn`,
    async (recipe) => {
      const file = await bundle(RECIPES[recipe] as BuildOptions);
      const result = await runNode(oldNode?.path as string, file);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/createZstdDecompress/);
    },
  );
});
