import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { words } from '../cli/support.js';
import { BUILD_TIMEOUT_MS, builtPackage } from '../package/support/built-package.js';

export { BUILD_TIMEOUT_MS, words };

/** The built `reservekit` bin (dist/cli.js of the package as `npm run build` makes it). */
export async function builtBin(): Promise<string> {
  return join(await builtPackage(), 'dist', 'cli.js');
}

/** How a run of the bin ended. */
export interface BinRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a run gets: `env` only, plus PATH and HOME, so that no RESERVEKIT_ variable of the
 * machine leaks in.
 */
function cleanEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
}

/** Starts the bin with `args`; stdout and stderr are collected. */
export function startBin(
  bin: string,
  args: string | readonly string[],
  env: Record<string, string> = {},
  cwd?: string,
): { child: ChildProcess; ended: Promise<BinRun>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [bin, ...(typeof args === 'string' ? words(args) : args)], {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const ended = new Promise<BinRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, ended, stdout: () => stdout, stderr: () => stderr };
}

/** Runs the bin to its end. */
export function runBin(
  bin: string,
  args: string | readonly string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<BinRun> {
  return startBin(bin, args, env, cwd).ended;
}

/** What `reservekit simulate --json` prints first. */
export interface SimulateInfo {
  url: string;
  controlUrl: string;
  urls: {
    arianee: { url: string };
    didww: { url: string; tokenUrl: string };
    dots: { url: string };
  };
  credentials: {
    arianee: { apiKey: string };
    didww: { apiKey: string };
    dots: { authToken: string; readAuthToken: string; appToken: string };
  };
  env: Record<string, string>;
  seeded: { passports: number; availableDids: number; apps: number };
  clock: string;
}

/** A `reservekit simulate` process, and plain HTTP to its control API. */
export interface SimulateProcess {
  info: SimulateInfo;
  /** `fetch` of a control route (`/state`, `/faults`, …) with a JSON body; resolves to the parsed answer. */
  control<T = unknown>(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: T }>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<BinRun>;
}

/** Starts `reservekit simulate --port 0 --json …args` and waits for its first line. */
export async function startSimulate(bin: string, args: readonly string[] = []): Promise<SimulateProcess> {
  const run = startBin(bin, ['simulate', '--port', '0', '--json', ...args]);
  const info = await new Promise<SimulateInfo>((resolve, reject) => {
    const check = () => {
      const line = run.stdout().split('\n')[0];
      if (line && run.stdout().includes('\n')) resolve(JSON.parse(line) as SimulateInfo);
    };
    run.child.stdout?.on('data', check);
    void run.ended.then((ended) => reject(new Error(`simulate exited with ${ended.code}: ${ended.stderr}`)));
  });
  return {
    info,
    async control<T>(path: string, init: { method?: string; body?: unknown } = {}) {
      const response = await fetch(info.controlUrl + path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    async stop(signal = 'SIGTERM') {
      run.child.kill(signal);
      return run.ended;
    },
  };
}

/** A passport in the simulator's state (`GET /_sim/state`). */
export interface StatePassport {
  certificateId: number;
  passphrase: string;
  tags: string[];
  state: 'available' | 'reserved' | 'claimed';
}

/** Polls `condition` every 25 ms until it holds; rejects after `timeoutMs`. */
export async function waitFor(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What a test file of the bin works with: the built bin and a temporary folder. */
export interface BinFixture {
  readonly bin: string;
  readonly dir: string;
}

/** Builds the bin (once per tree of sources) and makes a temporary folder, for the file's tests. */
export function useBin(): BinFixture {
  const fixture = { bin: '', dir: '' };
  beforeAll(async () => {
    fixture.bin = await builtBin();
    fixture.dir = await mkdtemp(join(tmpdir(), 'reservekit-cli-bin-'));
  }, BUILD_TIMEOUT_MS);
  afterAll(() => rm(fixture.dir, { recursive: true, force: true }));
  return fixture;
}

/**
 * {@link useBin}, and one `reservekit simulate` for the file, reset (`POST /_sim/reset`) before each
 * test: the demo inventory, no faults, an empty request log.
 */
export function useBinAndSimulate(): BinFixture & { readonly sim: SimulateProcess } {
  const fixture = useBin();
  let sim: SimulateProcess | undefined;
  beforeAll(async () => {
    sim = await startSimulate(fixture.bin);
  }, BUILD_TIMEOUT_MS);
  afterAll(() => sim?.stop());
  beforeEach(async () => {
    await sim?.control('/reset', { method: 'POST' });
  });
  return {
    get bin() {
      return fixture.bin;
    },
    get dir() {
      return fixture.dir;
    },
    get sim() {
      if (!sim) throw new Error('reservekit simulate has not started');
      return sim;
    },
  };
}
