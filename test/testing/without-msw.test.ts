import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../tsup.config.js';

// msw is an optional peer of reservekit/testing: the built package, installed in an app that has
// undici but no msw, must import, simulate, serve on loopback and dispatch in process; only the
// msw-based parts may fail, and then with what to install.
const run = promisify(execFile);
let app: string;

beforeAll(async () => {
  // Outside the repository: no node_modules above it holds msw.
  app = await mkdtemp(join(await realpath(tmpdir()), 'reservekit-no-msw-'));
  const pkg = join(app, 'node_modules', 'reservekit');
  const options = Array.isArray(config) ? config[0] : config;
  if (typeof options !== 'object' || options === null)
    throw new Error('tsup.config.ts must export an options object');
  await build({ ...options, outDir: join(pkg, 'dist'), dts: false, silent: true, clean: true });
  const manifest = fileURLToPath(new URL('../../package.json', import.meta.url));
  const { exports, type, name } = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, unknown>;
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name, type, exports }));
  const undici = await realpath(fileURLToPath(new URL('../../node_modules/undici', import.meta.url)));
  await symlink(undici, join(app, 'node_modules', 'undici'), 'dir');
  await mkdir(join(app, 'src'));
}, 60_000);

afterAll(async () => {
  if (app) await rm(app, { recursive: true, force: true });
});

/** What the child app saw, as JSON on its stdout. */
interface Seen {
  mswResolvable: boolean;
  offerings: number;
  loopback: number;
  handlers: string;
  serveHandlers: string;
}

// The same script in both module systems: only how it loads the package differs.
const body = `
  const sim = testing.createSimulator();
  const dispatcher = sim.dispatcher();
  const client = new dots.DotsClient({
    authToken: sim.credentials.dots.authToken,
    appToken: sim.credentials.dots.appToken,
    dispatcher,
  });
  await client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-1' });
  await client.close();
  const urls = await sim.listen();
  const looped = new dots.DotsClient({
    baseUrl: urls.dots.url,
    authToken: sim.credentials.dots.authToken,
    appToken: sim.credentials.dots.appToken,
  });
  const listed = await looped.ecoClubOfferings.list();
  await looped.close();
  await sim.close();
  const message = (fn) => { try { fn(); return 'no error'; } catch (error) { return error.message; } };
  const rejection = async (fn) => { try { await fn(); return 'no error'; } catch (error) { return error.message; } };
  let mswResolvable = true;
  try { await import('msw'); } catch { mswResolvable = false; }
  console.log(JSON.stringify({
    mswResolvable,
    offerings: sim.dots.offerings().length,
    loopback: listed.length,
    handlers: message(() => sim.handlers()),
    serveHandlers: await rejection(() => testing.serveHandlers([])),
  }));
`;

async function runApp(file: string, source: string): Promise<Seen> {
  await writeFile(join(app, 'src', file), source);
  const { stdout } = await run(process.execPath, [join(app, 'src', file)], { cwd: app });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Seen;
}

describe.each([
  {
    format: 'ESM',
    file: 'app.mjs',
    source: `import * as testing from 'reservekit/testing';\nimport * as dots from 'reservekit/dots';\n${body}`,
  },
  {
    format: 'CJS',
    file: 'app.cjs',
    source: `const testing = require('reservekit/testing');\nconst dots = require('reservekit/dots');\n(async () => {${body}})().catch((error) => { console.error(error); process.exit(1); });`,
  },
])('reservekit/testing through $format in an app without msw', ({ file, source }) => {
  let seen: Seen;
  beforeAll(async () => {
    seen = await runApp(file, source);
  }, 30_000);

  it('cannot resolve msw (the setting of this test)', () => {
    expect(seen.mswResolvable).toBe(false);
  });

  it('imports, and the simulator, sim.dispatcher() and sim.listen() work', () => {
    expect(seen.offerings).toBe(1);
    expect(seen.loopback).toBe(1);
  });

  it('sim.handlers() and serveHandlers() say to install msw', () => {
    expect(seen.handlers).toContain('install msw (npm i -D msw)');
    expect(seen.serveHandlers).toContain('install msw (npm i -D msw)');
    expect(seen.handlers).toContain('sim.handlers()');
    expect(seen.serveHandlers).toContain('serveHandlers()');
  });
});
