import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, builtPackage } from '../package/support/built-package.js';
import { runBin, startBin } from './support.js';

// The package as npm hands it to a user: packed into a tarball, installed into an empty folder
// (its dependencies from the registry, or npm's cache; msw, an optional peer, not installed), and
// its `reservekit` bin run with npx.

const run = promisify(execFile);
let tmp: string;
let app: string;
// The Node.js of this test run first on PATH: the bin's `#!/usr/bin/env node` finds it.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };

beforeAll(async () => {
  const pkg = await builtPackage();
  tmp = await mkdtemp(join(tmpdir(), 'reservekit-tarball-'));
  const { stdout } = await run(
    'npm',
    ['pack', pkg, '--pack-destination', tmp, '--ignore-scripts', '--json'],
    {
      env,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  app = join(tmp, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await run(
    'npm',
    [
      'install',
      join(tmp, packed?.filename ?? ''),
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--ignore-scripts',
    ],
    { cwd: app, env, maxBuffer: 16 * 1024 * 1024 },
  );
}, BUILD_TIMEOUT_MS + 180_000);

afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('installed from the packed tarball into an empty folder', () => {
  it('npx reservekit --help works and lists the exit codes', async () => {
    const { stdout } = await run('npx', ['--no-install', 'reservekit', '--help'], { cwd: app, env });
    expect(stdout).toContain('Usage: reservekit');
    expect(stdout).toContain('Exit codes:');
    expect(stdout).toContain('4  transport failure');
  });

  it('npx reservekit --version says the package version', async () => {
    const { stdout } = await run('npx', ['--no-install', 'reservekit', '--version'], { cwd: app, env });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('reservekit simulate runs without msw (an optional peer, not installed), and the CLI reserves against it', async () => {
    expect(existsSync(join(app, 'node_modules', 'msw'))).toBe(false);
    const bin = join(app, 'node_modules', 'reservekit', 'dist', 'cli.js');
    const sim = startBin(bin, ['simulate', '--port', '0', '--json']);
    try {
      const info = await new Promise<{ env: Record<string, string> }>((resolve, reject) => {
        sim.child.stdout?.on('data', () => {
          if (sim.stdout().includes('\n')) resolve(JSON.parse(sim.stdout().split('\n')[0] ?? ''));
        });
        void sim.ended.then((ended) => reject(new Error(`simulate ended: ${ended.stderr}`)));
      });
      const reserved = await runBin(
        bin,
        ['arianee', 'reserve', '--tags', 'vip', '--count', '2', '--json'],
        info.env,
      );
      expect(reserved.code).toBe(0);
      expect(reserved.stdout.trimEnd().split('\n')).toHaveLength(3);
    } finally {
      sim.child.kill('SIGTERM');
      expect((await sim.ended).code).toBe(0);
    }
  });

  it("importing the library's entries loads none of the CLI's dependencies", async () => {
    await writeFile(
      join(app, 'load.mjs'),
      `import { registerHooks } from 'node:module';
const resolved = [];
registerHooks({ resolve(specifier, context, next) { resolved.push(specifier); return next(specifier, context); } });
for (const entry of ['reservekit', 'reservekit/arianee', 'reservekit/didww', 'reservekit/dots', 'reservekit/testing']) await import(entry);
const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
for (const entry of ['reservekit', 'reservekit/arianee', 'reservekit/didww', 'reservekit/dots', 'reservekit/testing']) require(entry);
console.log(JSON.stringify(resolved));
`,
    );
    const { stdout } = await run(process.execPath, ['load.mjs'], { cwd: app, env });
    const resolved = JSON.parse(stdout) as string[];
    expect(resolved).toContain('undici');
    for (const dependency of ['commander', 'csv-stringify', 'csv-parse', 'cli-progress', 'cli-table3'])
      expect(resolved.filter((specifier) => specifier.startsWith(dependency))).toEqual([]);
  });
});
