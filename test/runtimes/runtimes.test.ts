import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import { BUILD_TIMEOUT_MS, builtPackage, ROOT } from '../package/support/built-package.js';
import { type Consumer, createConsumer } from '../package/support/consumer.js';
import { runProcess } from '../support/run-process.js';
import { refusedUrl } from '../support/servers.js';
import { bundleWorker } from './bundle-worker.js';

// docs/transport.md, "Runtimes": the package as Bun, Deno and workerd load it (their export
// conditions pick the build without undici, which sends with fetch), each running the same smoke
// scenario (smoke.mjs) against the simulator this Node.js process serves on loopback.

const BIN = join(ROOT, 'node_modules', '.bin');
const BUN = join(BIN, 'bun');
const DENO = join(BIN, 'deno');
const HERE = fileURLToPath(new URL('.', import.meta.url));

const sim = createSimulator();
let consumer: Consumer;
let input: object;

beforeAll(async () => {
  consumer = await createConsumer(await builtPackage());
  for (const name of ['smoke.mjs', 'run-smoke.mjs', 'worker.mjs'])
    await consumer.write(name, await readFile(join(HERE, name), 'utf8'));
  // The examples, where an application would have them (imports resolve to the installed package).
  for (const name of ['bun/reserve-passport.ts', 'cloudflare-worker/worker.ts'])
    await consumer.write(`examples/${name}`, await readFile(join(ROOT, 'examples', name), 'utf8'));
  const urls = await sim.listen();
  input = {
    urls: {
      arianee: urls.arianee.url,
      didww: urls.didww.url,
      dots: urls.dots.url,
      refused: await refusedUrl(),
    },
    credentials: {
      arianee: sim.credentials.arianee.apiKey,
      didww: sim.credentials.didww.apiKey,
      dotsAuth: sim.credentials.dots.authToken,
      dotsApp: sim.credentials.dots.appToken,
    },
  };
}, BUILD_TIMEOUT_MS);
afterAll(async () => {
  await sim.close();
  await consumer?.remove();
});

// The faults the scenario meets, in the order it meets them (smoke.mjs).
beforeEach(() => {
  sim.clear();
  sim.arianee.addPassports('vip', 3);
  sim.didww.addAvailableDids({ countryIso: 'GB', count: 2 });
  sim.faults.next('arianee.reserveOne', { status: 502, actFirst: true });
  sim.faults.next('dots.listOfferings', { status: 503 });
  sim.faults.next('dots.listOfferings', { delayMs: 0 }); // its retry
  sim.faults.next('dots.createOffering', { status: 429, headers: { 'retry-after': '0' } });
  // The list aborted in flight: its answer is held back longer than the call's signal waits.
  sim.faults.next('dots.listOfferings', { delayMs: 5_000 });
});

/** What every runtime must report, and what the simulator must have seen. */
function expectSmoke(
  report: Record<string, unknown>,
  runtimeTag: RegExp,
  refused: 'not_sent' | 'unknown',
): void {
  expect(report).toMatchObject({
    unknown: { failed: true, ours: true, name: 'ServerError', outcome: 'unknown', attempts: 1 },
    passport: { hasLink: true },
    empty: { failed: true, noInventory: true, outcome: 'rejected' },
    list: { attempts: 2 },
    create: { attempts: 2, reconciled: false },
    abortedBefore: { failed: true, aborted: true, outcome: 'not_sent', attempts: 0 },
    abortedInFlight: { failed: true, aborted: true },
    hold: { id: true },
    afterClose: { failed: true, closed: true, outcome: 'not_sent' },
    // Where the runtime says the connection was never made, nothing was sent and it is tried again;
    // elsewhere the failure is an unknown outcome, never sent again (docs/transport.md, "Senders").
    refused: {
      failed: true,
      name: 'ConnectionError',
      outcome: refused,
      attempts: refused === 'not_sent' ? 2 : 1,
    },
  });

  // The unknown outcome was not sent again: one passport taken by it, one by the next call.
  expect(sim.arianee.available('vip')).toBe(1);
  expect(sim.dots.offerings()).toHaveLength(1);
  // The runtime named itself: proof the scenario ran there, not on Node.js.
  const agents = new Set(sim.requests.map((request) => request.headers['user-agent']));
  for (const agent of agents) expect(agent).toMatch(runtimeTag);
}

function parseReport(stdout: string, stderr: string): Record<string, unknown> {
  const line = stdout.trim().split('\n').at(-1);
  if (!line) throw new Error(`no report; stderr: ${stderr}`);
  return JSON.parse(line) as Record<string, unknown>;
}

describe.skipIf(!existsSync(BUN))('Bun', () => {
  it('loads the fetch build and runs the scenario', async () => {
    const { stdout, stderr, code } = await runProcess(BUN, ['run-smoke.mjs'], {
      cwd: consumer.dir,
      env: { ...process.env, SMOKE_INPUT: JSON.stringify(input) },
    });
    expect(code, stderr).toBe(0);
    expectSmoke(parseReport(stdout, stderr), /^reservekit\/\S+ bun\/\d/, 'not_sent');
  });
});

describe.skipIf(!existsSync(BUN))('examples/bun', () => {
  it('reserve-passport.ts reserves a passport, then says the pool is empty (exit 2)', async () => {
    const env = {
      ...process.env,
      RESERVEKIT_ARIANEE_BASE_URL: sim.urls?.arianee.url ?? '',
      RESERVEKIT_ARIANEE_API_KEY: sim.credentials.arianee.apiKey,
    };
    sim.faults.clear();
    const run = () =>
      runProcess(BUN, ['examples/bun/reserve-passport.ts', 'vip'], { cwd: consumer.dir, env });
    // beforeEach seeded 3 passports.
    for (let i = 0; i < 3; i += 1) {
      const { stdout, stderr, code } = await run();
      expect(code, stderr).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ link: expect.stringContaining(',') });
    }
    const empty = await run();
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('the pool is empty\n');
  });
});

describe.skipIf(!existsSync(DENO))('Deno', () => {
  it('loads the fetch build and runs the scenario', async () => {
    const { stdout, stderr, code } = await runProcess(
      DENO,
      ['run', '--allow-net', '--allow-env', '--allow-read', 'run-smoke.mjs'],
      {
        cwd: consumer.dir,
        env: { ...process.env, SMOKE_INPUT: JSON.stringify(input), DENO_NO_UPDATE_CHECK: '1' },
      },
    );
    expect(code, stderr).toBe(0);
    expectSmoke(parseReport(stdout, stderr), /^reservekit\/\S+ deno\/\d/, 'not_sent');
  });
});

/** A Worker of the consumer's, bundled as wrangler would; it must not import undici. */
async function bundleConsumerWorker(entry: string): Promise<string> {
  const script = await bundleWorker(join(consumer.dir, entry), consumer.dir);
  expect(script).not.toMatch(/from ["']undici["']/);
  return script;
}

describe('workerd (miniflare)', () => {
  it('examples/cloudflare-worker: one gift per order, the second request finds the first', async () => {
    sim.faults.clear();
    const worker = new Miniflare({
      modules: true,
      script: await bundleConsumerWorker('examples/cloudflare-worker/worker.ts'),
      compatibilityDate: '2026-04-01',
      bindings: {
        DOTS_AUTH_TOKEN: sim.credentials.dots.authToken,
        DOTS_APP_TOKEN: sim.credentials.dots.appToken,
        DOTS_BASE_URL: sim.urls?.dots.url ?? '',
      },
    });
    try {
      const gift = () =>
        worker.dispatchFetch('http://worker.test/gift', {
          method: 'POST',
          body: JSON.stringify({ orderId: 'order-1042' }),
        });
      const first = (await (await gift()).json()) as { claimUrl: string; existing: boolean };
      const second = (await (await gift()).json()) as { claimUrl: string; existing: boolean };
      expect(first).toMatchObject({ existing: false, claimUrl: expect.stringContaining('claim') });
      expect(second).toEqual({ ...first, existing: true, callId: expect.any(String) });
      expect(sim.dots.offerings()).toHaveLength(1);
    } finally {
      await worker.dispose();
    }
  });

  it('bundled as wrangler bundles a Worker (workerd condition), runs the scenario without nodejs_compat', async () => {
    const script = await bundleConsumerWorker('worker.mjs');
    const worker = new Miniflare({ modules: true, script, compatibilityDate: '2026-04-01' });
    try {
      const response = await worker.dispatchFetch('http://worker.test/', {
        method: 'POST',
        body: JSON.stringify(input),
      });
      const report = (await response.json()) as Record<string, unknown>;
      expect(report.crashed).toBeUndefined();
      expectSmoke(report, /^reservekit\/\S+ workerd$/, 'unknown');
    } finally {
      await worker.dispose();
    }
  });
});
