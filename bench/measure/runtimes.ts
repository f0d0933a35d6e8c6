import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../../test/runtimes/bundle-worker.js';
import { CACHE_DIR, SCRIPTS_DIR } from '../build-package.js';
import type { BenchConfig } from '../config.js';
import {
  atLeast,
  type DetailTable,
  fixed,
  type GoalCheck,
  grouped,
  type MeasurementResult,
  shownOnly,
} from '../result.js';
import { runCommand } from '../run-node.js';
import { median } from '../stats.js';

const GOAL_RATIO = 0.9;
const BIN = resolve('node_modules/.bin');

interface Row {
  concurrency: number;
  sdk: number;
  raw: number;
  ratio: number;
}

/** Each runtime's command for a child script, where its binary is installed. */
function runtimes(): { name: string; command: string; args: (script: string) => string[] }[] {
  const found = [{ name: 'Node.js', command: process.execPath, args: (script: string) => [script] }];
  if (existsSync(join(BIN, 'bun')))
    found.push({ name: 'Bun', command: join(BIN, 'bun'), args: (script) => [script] });
  if (existsSync(join(BIN, 'deno')))
    found.push({ name: 'Deno', command: join(BIN, 'deno'), args: (script) => ['run', '-A', script] });
  return found;
}

/** One workerd start to the answer of its first request, in ms (what a cold Worker costs). */
async function coldStart(script: string, url: string): Promise<number> {
  const start = performance.now();
  const worker = new Miniflare({ modules: true, script, compatibilityDate: '2026-04-01' });
  try {
    const response = await worker.dispatchFetch('http://worker.test/', {
      method: 'POST',
      body: JSON.stringify({ url }),
    });
    const answer = (await response.json()) as { certificateId?: unknown };
    if (typeof answer.certificateId !== 'number')
      throw new Error(`workerd answered ${JSON.stringify(answer)}`);
    return performance.now() - start;
  } finally {
    await worker.dispose();
  }
}

function bundle(file: string): Promise<string> {
  return bundleWorker(join(SCRIPTS_DIR, file), CACHE_DIR, { minify: true });
}

/**
 * 12. The fetch sender in each runtime (issue 20): reserveOne through the fetch sender against raw
 * `fetch`, same process, interleaved rounds, on Node.js, Bun and Deno; and what a cold start of a
 * Worker that reserves with reservekit costs in workerd against one that uses raw fetch.
 */
export async function measureRuntimes(baseUrl: string, config: BenchConfig): Promise<MeasurementResult> {
  const { rounds, roundMs, warmupMs, concurrencies } = config.throughput;
  const input = JSON.stringify({ url: baseUrl, rounds, roundMs, warmupMs, concurrencies });
  const checks: GoalCheck[] = [];
  const rows: string[][] = [];
  const data: Record<string, unknown> = {};
  for (const runtime of runtimes()) {
    const { output } = await runCommand(
      runtime.command,
      runtime.args(join(SCRIPTS_DIR, 'fetch-throughput.mjs')),
      {
        cwd: CACHE_DIR,
        timeoutMs: 240_000,
        env: { BENCH_INPUT: input, DENO_NO_UPDATE_CHECK: '1' },
      },
    );
    const results = output as Row[];
    data[runtime.name] = results;
    for (const row of results) {
      checks.push(
        atLeast(
          `Fetch sender, ${runtime.name}, concurrency ${row.concurrency} (SDK / raw fetch)`,
          row.ratio,
          GOAL_RATIO,
          '×',
        ),
      );
      rows.push([
        runtime.name,
        String(row.concurrency),
        grouped(row.sdk),
        grouped(row.raw),
        `${fixed(row.ratio, 2)}×`,
      ]);
    }
  }

  const runs = config.quick ? 3 : 7;
  const [sdkScript, rawScript] = await Promise.all([
    bundle('workerd-cold.mjs'),
    bundle('workerd-cold-raw.mjs'),
  ]);
  await coldStart(rawScript, baseUrl); // the first workerd start pays for loading the binary
  const sdkMs: number[] = [];
  const rawMs: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    sdkMs.push(await coldStart(sdkScript, baseUrl));
    rawMs.push(await coldStart(rawScript, baseUrl));
  }
  const extra = median(sdkMs.map((ms, i) => ms - (rawMs[i] as number)));
  checks.push(shownOnly('workerd cold start, reservekit − raw fetch', extra, `${fixed(extra, 1)} ms`));
  data.workerd = { sdkMs, rawMs, sdkBundleBytes: sdkScript.length, rawBundleBytes: rawScript.length };

  const tables: DetailTable[] = [
    {
      title: 'The fetch sender against raw fetch, per runtime (calls/s, median of rounds)',
      columns: ['runtime', 'concurrency', 'SDK (fetch sender)', 'raw fetch', 'SDK / raw'],
      rows,
      notes: [
        `${rounds} rounds of ${roundMs} ms per client and concurrency, order alternating; the ratio is the median of same-round ratios.`,
        'Each runtime runs bench/children/fetch-throughput.mjs and imports the built package by name: Bun and Deno load dist/fetch (their export conditions), Node.js the undici build with sender: "fetch".',
      ],
    },
    {
      title: 'workerd cold start (miniflare: start, first request answered)',
      columns: ['Worker', 'median ms', 'bundle (minified)'],
      rows: [
        [
          'reserveOne through reservekit',
          fixed(median(sdkMs), 1),
          `${fixed(sdkScript.length / 1024, 1)} KiB`,
        ],
        [
          'the same request with raw fetch',
          fixed(median(rawMs), 1),
          `${fixed(rawScript.length / 1024, 1)} KiB`,
        ],
      ],
      notes: [
        `${runs} starts each, alternating; each is a new workerd process with the Worker bundled by esbuild with the workerd condition.`,
      ],
    },
  ];
  return {
    id: 'runtimes',
    title: '12. The fetch sender in Bun, Deno and workerd',
    checks,
    details: tables,
    data,
  };
}
