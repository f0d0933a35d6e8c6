import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, builtPackage, ROOT } from './support/built-package.js';
import { type Consumer, createConsumer } from './support/consumer.js';
import { findNodeOlderThan } from './support/old-node.js';

// On a Node.js older than the package's `engines`, importing any entry point must fail at once with
// one line that names the version needed and the one found — not inside undici, which crashes
// there first (`createZstdDecompress.bind`). The machine's own Node (v20 here and in CI) is used.

const engines = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }
).engines.node;
const needed = /^>=(\d+)\.(\d+)$/.exec(engines);
if (!needed) throw new Error(`package.json engines.node should read ">=major.minor", not ${engines}`);
const needMajor = Number(needed[1]);
const needMinor = Number(needed[2]);
const oldNode = findNodeOlderThan(needMajor, needMinor);
const ENTRIES = [
  'reservekit',
  'reservekit/arianee',
  'reservekit/didww',
  'reservekit/dots',
  'reservekit/testing',
];

let consumer: Consumer;

// The first file an entry point loads: its first `import` (ESM) or `require` (CJS).
function firstLoaded(dist: string, entry: string): string {
  const code = readFileSync(join(dist, entry), 'utf8');
  const first =
    /^(?:(?:import|export)\s[^;]*?['"](\.[^'"]+)['"]|(?:var \w+ = )?require\(['"](\.[^'"]+)['"]\))/m.exec(
      code,
    );
  if (!first) throw new Error(`${entry} loads no other file`);
  return join(dist, dirname(entry), (first[1] ?? first[2]) as string);
}

describe('the built entry points', () => {
  let dist: string;
  beforeAll(async () => {
    dist = join(await builtPackage(), 'dist');
  }, BUILD_TIMEOUT_MS);

  // esbuild orders a split entry's chunk imports its own way, not as the source does: the check
  // must still come first, whatever else a chunk imports (tsup.config.ts).
  it.each(
    ['index', 'arianee/index', 'didww/index', 'dots/index', 'testing/index', 'cli'].flatMap((entry) => [
      `${entry}.js`,
      `${entry}.cjs`,
    ]),
  )('%s loads the Node.js version check before any other file', (entry) => {
    const first = firstLoaded(dist, entry);
    expect(readFileSync(first, 'utf8')).toContain('reservekit needs Node.js');
    expect(readFileSync(first, 'utf8')).not.toMatch(/\bfrom ['"]|require\(/);
  });
});

function run(file: string) {
  if (!oldNode) throw new Error('no old Node.js');
  return spawnSync(oldNode.path, [file], { cwd: consumer.dir, encoding: 'utf8', timeout: 30_000 });
}

describe.skipIf(oldNode === undefined)(
  `on Node.js older than ${engines.slice(2)} (found: ${oldNode?.version ?? `none on this machine, outside node_modules: test skipped`})`,
  () => {
    const line = `reservekit needs Node.js ${needMajor}.${needMinor} or newer; this is ${oldNode?.version}`;

    beforeAll(async () => {
      consumer = await createConsumer(await builtPackage());
    }, BUILD_TIMEOUT_MS);

    afterAll(() => consumer?.remove());

    it.each(ENTRIES)('import of %s fails with the one line, before undici loads', async (entry) => {
      const file = `static-${entry.replace('/', '-')}.mjs`;
      await consumer.write(file, `import '${entry}';\n`);
      const result = run(file);
      expect(result.status).toBe(1);
      const mentions = result.stderr.split('\n').filter((text) => text.includes('reservekit needs'));
      expect(mentions).toEqual([`Error: ${line}`]);
      expect(result.stderr).not.toMatch(/undici|Zstd/);
    });

    it('the reservekit command (the bin, dist/cli.js) fails with the one line, before undici loads', () => {
      const result = run(join('node_modules', 'reservekit', 'dist', 'cli.js'));
      expect(result.status).toBe(1);
      const mentions = result.stderr.split('\n').filter((text) => text.includes('reservekit needs'));
      expect(mentions).toEqual([`Error: ${line}`]);
      expect(result.stderr).not.toMatch(/undici|Zstd|commander/);
    });

    it.each(ENTRIES)('a caught import() of %s rejects with exactly that message', async (entry) => {
      const file = `dynamic-${entry.replace('/', '-')}.mjs`;
      await consumer.write(
        file,
        `await import('${entry}').then(
  () => console.log('loaded'),
  (error) => console.log(JSON.stringify({ message: error.message, stack: error.stack })),
);\n`,
      );
      const result = run(file);
      expect(result.stderr).toBe('');
      const caught = JSON.parse(result.stdout) as { message: string; stack: string };
      expect(caught.message).toBe(line);
      expect(caught.stack).not.toMatch(/undici/);
    });

    it.each(ENTRIES)('require(%s) throws exactly that message', async (entry) => {
      const file = `require-${entry.replace('/', '-')}.cjs`;
      await consumer.write(
        file,
        `try {
  require('${entry}');
  console.log('loaded');
} catch (error) {
  console.log(JSON.stringify({ message: error.message, stack: error.stack }));
}\n`,
      );
      const result = run(file);
      expect(result.stderr).toBe('');
      const caught = JSON.parse(result.stdout) as { message: string; stack: string };
      expect(caught.message).toBe(line);
      expect(caught.stack).not.toMatch(/undici/);
    });
  },
);
