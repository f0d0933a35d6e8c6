import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildPackage, CACHE_DIR, DIST_DIR, SCRIPTS_DIR } from '../build-package.js';
import { coldStartSteps } from '../measure/cold-start-steps.js';
import { numberField, runNode } from '../run-node.js';
import { type CpuProfile, type ProfileSummary, summarizeProfile, type TimeShare } from './cpu-profile.js';
import { profileStubbed } from './profile-stubbed.js';
import { distLocator } from './source-locator.js';

const PROFILE_DIR = join(CACHE_DIR, 'profiles');
const CONCURRENCY = 32;

function table(title: string, rows: readonly TimeShare[]): string {
  return [
    `### ${title}`,
    '',
    '| ms | % | where |',
    '|---:|---:|---|',
    ...rows.map(
      (row) => `| ${row.ms.toFixed(0)} | ${row.percent.toFixed(1)} | ${row.name.replaceAll('|', '\\|')} |`,
    ),
    '',
  ].join('\n');
}

/** Runs a child script under `--cpu-prof` and summarizes the profile it writes. */
async function profileScript(
  label: string,
  args: readonly string[],
  flags: readonly string[] = [],
): Promise<{ summary: ProfileSummary; output: unknown; file: string }> {
  const dir = join(PROFILE_DIR, label);
  await mkdir(dir, { recursive: true });
  const { output } = await runNode(['--cpu-prof', `--cpu-prof-dir=${dir}`, ...flags, ...args], {
    cwd: CACHE_DIR,
    timeoutMs: 180_000,
  });
  const [name] = (await readdir(dir)).filter((entry) => entry.endsWith('.cpuprofile'));
  if (name === undefined) throw new Error('node wrote no .cpuprofile');
  const file = join(dir, name);
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  return { summary: summarizeProfile(profile, distLocator(DIST_DIR)), output, file };
}

async function profileLoop(baseUrl: string, variant: 'sdk' | 'raw', calls: number) {
  const script = join(SCRIPTS_DIR, 'profile-loop.mjs');
  const result = await profileScript(variant, [script, baseUrl, String(calls), String(CONCURRENCY), variant]);
  return { ...result, callsPerSecond: (calls / numberField(result.output, 'elapsedMs')) * 1000 };
}

/** One cold start (import, client, one reserveOne), sampled every 50 µs: what the first call pays for. */
function profileColdStart(baseUrl: string, variant: 'sdk' | 'raw') {
  const script = join(SCRIPTS_DIR, variant === 'sdk' ? 'cold-sdk.mjs' : 'cold-raw.mjs');
  return profileScript(`cold-${variant}`, [script, baseUrl], ['--cpu-prof-interval=50']);
}

/**
 * CPU-profiles reserveOne at concurrency 32 (`node --cpu-prof`, the built package with source maps,
 * so frames name src/ files and lines), and the raw undici loop for comparison. Returns Markdown.
 */
export async function profileReserveOne(baseUrl: string, quick: boolean): Promise<string> {
  const calls = quick ? 20_000 : 100_000;
  await buildPackage({ sourcemap: true });
  await rm(PROFILE_DIR, { recursive: true, force: true });
  const stubbed = await profileStubbed(calls);
  const raw = await profileLoop(baseUrl, 'raw', calls);
  const sdk = await profileLoop(baseUrl, 'sdk', calls);
  const coldSdk = await profileColdStart(baseUrl, 'sdk');
  const coldRaw = await profileColdStart(baseUrl, 'raw');
  const coldMs = (run: { output: unknown }) => numberField(run.output, 'doneMs').toFixed(1);
  const breakdown = await coldStartSteps(baseUrl, quick ? 5 : 11);
  return [
    `# CPU profile: ${calls.toLocaleString('en-US')} reserveOne calls at concurrency ${CONCURRENCY}`,
    '',
    `Under the profiler: SDK ${sdk.callsPerSecond.toFixed(0)} calls/s, raw undici ${raw.callsPerSecond.toFixed(0)} calls/s. Samples with an SDK frame on the stack: ${sdk.summary.sdkPercent.toFixed(1)}% of the SDK run.`,
    `Profiles: ${sdk.file}, ${raw.file} (open in Chrome DevTools).`,
    '',
    '## Client-side work only (stub dispatcher, no network; in-process profiler, 50 µs sampling)',
    '',
    `${calls.toLocaleString('en-US')} sequential calls each. SDK: ${stubbed.sdk.durationMs.toFixed(0)} ms; raw undici.request: ${stubbed.raw.durationMs.toFixed(0)} ms.`,
    '',
    table('SDK: time charged to the innermost SDK function on the stack', stubbed.sdk.bySdkCaller),
    table('SDK: self time by function', stubbed.sdk.byFunction),
    table('SDK: self time by area', stubbed.sdk.byArea),
    table('Raw undici.request: self time by area', stubbed.raw.byArea),
    table('Raw undici.request: self time by function', stubbed.raw.byFunction),
    '## SDK against the loopback server',
    '',
    table(
      'Time charged to the innermost SDK function on the stack (its zod/undici/Node callees included)',
      sdk.summary.bySdkCaller,
    ),
    table('Self time by area', sdk.summary.byArea),
    table('Self time by function', sdk.summary.byFunction),
    '## Raw undici, for comparison',
    '',
    table('Self time by area', raw.summary.byArea),
    '## Cold start (one process: import, client, one reserveOne)',
    '',
    '### Step by step (bench/children/cold-breakdown.mjs, median ms; each import after the previous ones)',
    '',
    '| step | ms |',
    '|---|---:|',
    ...breakdown.map((step) => `| ${step.step} | ${step.ms.toFixed(1)} |`),
    '',
    `SDK: passport after ${coldMs(coldSdk)} ms; raw undici: ${coldMs(coldRaw)} ms (from process start, under the profiler). Profiles: ${coldSdk.file}, ${coldRaw.file}.`,
    '',
    table('SDK: self time by area', coldSdk.summary.byArea),
    table(
      'SDK: time charged to the innermost SDK function (module top levels included)',
      coldSdk.summary.bySdkCaller,
    ),
    table('Raw undici: self time by area', coldRaw.summary.byArea),
  ].join('\n');
}
