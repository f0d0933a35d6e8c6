// `npm run bench [-- --quick] [-- --only=throughput,latency] [-- --profile]`: measures reservekit against
// raw undici in the same run and writes bench/results.md and bench/results.json (full runs only).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildPackage } from './build-package.js';
import { installCleanup, killAll } from './child-processes.js';
import { type MeasurementId, parseCliOptions } from './cli-options.js';
import { type BenchConfig, benchConfig } from './config.js';
import { measureBulk } from './measure/bulk.js';
import { measureCampaign } from './measure/campaign.js';
import { measureClientCost } from './measure/client-cost.js';
import { measureColdStart } from './measure/cold-start.js';
import { measureFleet } from './measure/fleet.js';
import { measureImportTime } from './measure/import-time.js';
import { measureLatency } from './measure/latency.js';
import { measureMemory } from './measure/memory.js';
import { measureOtelCost } from './measure/otel-cost.js';
import { measureRuntimes } from './measure/runtimes.js';
import { measureSize } from './measure/size.js';
import { measureThroughput } from './measure/throughput.js';
import { profileReserveOne } from './profile/profile-reserve-one.js';
import { describeEnvironment } from './report/environment.js';
import { renderJson } from './report/json.js';
import { renderMarkdown, renderSummary } from './report/markdown.js';
import type { MeasurementResult } from './result.js';
import { type LoopbackServer, startServer } from './server/start-server.js';

// Paths (tsup entries, the cache, the output files) are relative to the repository root.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Servers are started on first use: the slow one only when the bulk measurement runs. */
class Servers {
  #fast: Promise<LoopbackServer> | undefined;
  #slow: Promise<LoopbackServer> | undefined;

  constructor(private readonly latencyMs: number) {}

  fast(): Promise<LoopbackServer> {
    this.#fast ??= startServer();
    return this.#fast;
  }

  slow(): Promise<LoopbackServer> {
    this.#slow ??= startServer({ latencyMs: this.latencyMs });
    return this.#slow;
  }

  async stop(): Promise<void> {
    const started = [this.#fast, this.#slow].filter((server) => server !== undefined);
    await Promise.allSettled(started.map(async (server) => (await server).stop()));
  }
}

async function measure(id: MeasurementId, servers: Servers, config: BenchConfig): Promise<MeasurementResult> {
  switch (id) {
    case 'throughput':
      return measureThroughput((await servers.fast()).url, config);
    case 'latency':
      return measureLatency((await servers.fast()).url, config);
    case 'client-cost':
      return measureClientCost(config);
    case 'cold-start':
      return measureColdStart((await servers.fast()).url, config);
    case 'import':
      return measureImportTime(config);
    case 'size':
      return measureSize();
    case 'bulk':
      return measureBulk(await servers.slow(), await servers.fast(), config);
    case 'campaign':
      return measureCampaign(await servers.slow(), config);
    case 'memory':
      return measureMemory((await servers.fast()).url, config);
    case 'otel':
      return measureOtelCost((await servers.fast()).url, config);
    case 'runtimes':
      return measureRuntimes((await servers.fast()).url, config);
    case 'fleet':
      return measureFleet(config);
  }
}

// No measurement takes this long even on a busy machine; one that does is stuck, not slow.
const WATCHDOG_MS = 240_000;

function withWatchdog<T>(work: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** A measurement that crashed is reported as a missed goal rather than losing the whole run. */
function failedMeasurement(id: MeasurementId, error: unknown): MeasurementResult {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
  return {
    id,
    title: `${id} (failed)`,
    checks: [
      { name: `${id}: measurement failed`, value: Number.NaN, shown: 'error', goal: 'runs', pass: false },
    ],
    details: [{ title: `${id} failed`, columns: ['error'], rows: [[message]] }],
    data: { error: message },
    failed: true,
  };
}

async function main(): Promise<number> {
  installCleanup();
  const cli = parseCliOptions(process.argv.slice(2));
  const config = benchConfig(cli.quick);
  const servers = new Servers(config.bulk.latencyMs);
  const started = performance.now();
  try {
    if (cli.profile) {
      log('profiling reserveOne and a cold start (built package, --cpu-prof)…');
      console.log(await profileReserveOne((await servers.fast()).url, cli.quick));
      return 0;
    }
    log(`${cli.quick ? 'quick' : 'full'} run: ${cli.only.join(', ')}`);
    log('building the package into node_modules/.cache/reservekit-bench…');
    const { durationMs } = await buildPackage();
    log(`built in ${Math.round(durationMs)} ms`);

    const results: MeasurementResult[] = [];
    for (const id of cli.only) {
      const start = performance.now();
      log(`${id}…`);
      try {
        results.push(await withWatchdog(measure(id, servers, config), WATCHDOG_MS, id));
      } catch (error) {
        log(`${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        results.push(failedMeasurement(id, error));
      }
      log(`${id} done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    }

    const env = describeEnvironment(cli.quick, performance.now() - started);
    console.log(renderSummary(results));
    if (cli.partial) {
      console.log(`\n${renderMarkdown(results, env)}`);
      log('partial run (--only): bench/results.md and bench/results.json left as they were');
    } else {
      await writeFile('bench/results.md', renderMarkdown(results, env));
      await writeFile('bench/results.json', renderJson(results, env));
      log(`wrote bench/results.md and bench/results.json (${env.durationS} s)`);
    }
    // Missed goals are findings, not failures; only a measurement that could not run fails the command.
    return results.some((result) => result.failed === true) ? 1 : 0;
  } finally {
    await servers.stop();
  }
}

// An explicit exit: a measurement abandoned by its watchdog may still hold sockets or timers.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    killAll();
    process.exit(1);
  },
);
