import { join } from 'node:path';
import { createSimulator } from '../../src/testing/index.js';
import { startRedisServer } from '../../test/redis/redis-server.js';
import { CACHE_DIR, SCRIPTS_DIR } from '../build-package.js';
import type { BenchConfig } from '../config.js';
import { atLeast, atMost, type DetailTable, fixed, type MeasurementResult, shownOnly } from '../result.js';
import { runNode } from '../run-node.js';
import { percentile } from '../stats.js';

/** DIDWW's documented limit per key, which the simulator enforces (a token bucket). */
const PER_SECOND = 20;
const GOAL_OF_LIMIT = 0.9;

interface WorkerOutput {
  calls: number;
  failed: number;
  waitsMs: number[];
}

function isWorkerOutput(value: unknown): value is WorkerOutput {
  const output = value as Partial<WorkerOutput> | null;
  return (
    typeof output?.calls === 'number' && typeof output.failed === 'number' && Array.isArray(output.waitsMs)
  );
}

interface FleetRun {
  mode: 'redis' | 'local';
  /** 200s the simulator served during the run (from its start to its end). */
  served: number;
  rejected429: number;
  calls: number;
  failed: number;
  achievedPerSecond: number;
  waitP50Ms: number;
  waitP99Ms: number;
}

/**
 * 11. A fleet sharing one DIDWW key (issue 21): `workers` processes call the simulator (20 req/s per
 * key, then 429) for `durationMs`, paced by the Redis limiter of reservekit/redis, then by each
 * process's own in-process limiter. Counts the 429s the simulator answered and the rate it served,
 * and the time calls spent waiting in `acquire`.
 */
export async function measureFleet(config: BenchConfig): Promise<MeasurementResult> {
  const { workers, durationMs, concurrency, timeoutMs } = config.fleet;
  const redis = await startRedisServer();
  const sim = createSimulator({ didww: { rateLimitPerSecond: PER_SECOND } });
  const urls = await sim.listen();
  const runs: FleetRun[] = [];
  try {
    for (const mode of ['redis', 'local'] as const) {
      sim.clear();
      // Time for every worker to start (node, the built package) before the calls begin together.
      const startAt = Date.now() + 3000;
      const key = `bench-fleet-${startAt}`;
      const outputs = await Promise.all(
        Array.from({ length: workers }, () =>
          runNode(
            [
              join(SCRIPTS_DIR, 'fleet-worker.mjs'),
              mode,
              urls.didww.url,
              redis.url,
              key,
              String(PER_SECOND),
              String(startAt),
              String(durationMs),
              String(concurrency),
            ],
            { cwd: CACHE_DIR, timeoutMs },
          ),
        ),
      );
      const results = outputs.map(({ output }) => {
        if (!isWorkerOutput(output)) throw new Error('a fleet worker printed an unexpected result');
        return output;
      });
      const lists = sim.requests.filter((request) => request.operation === 'didww.listCountries');
      // The rate over the run itself: calls still waiting at its end are served after it.
      const served = lists.filter(
        (request) =>
          request.status === 200 &&
          request.receivedAt >= startAt &&
          request.receivedAt < startAt + durationMs,
      ).length;
      const waits = results.flatMap((result) => result.waitsMs);
      runs.push({
        mode,
        served,
        rejected429: lists.filter((request) => request.status === 429).length,
        calls: results.reduce((sum, result) => sum + result.calls, 0),
        failed: results.reduce((sum, result) => sum + result.failed, 0),
        achievedPerSecond: served / (durationMs / 1000),
        waitP50Ms: percentile(waits, 50),
        waitP99Ms: percentile(waits, 99),
      });
    }
  } finally {
    await sim.close();
    await redis.stop();
  }
  const [fleet, local] = runs as [FleetRun, FleetRun];
  const table: DetailTable = {
    title: `Fleet: ${workers} processes sharing one DIDWW key, ${concurrency} calls at a time each, ${durationMs / 1000} s against the simulator's ${PER_SECOND} req/s`,
    columns: ['limiter', '429s', 'served /s', 'calls', 'failed', 'acquire wait p50 ms', 'p99 ms'],
    rows: runs.map((run) => [
      run.mode === 'redis' ? 'Redis (reservekit/redis)' : 'in-process, one per worker',
      String(run.rejected429),
      fixed(run.achievedPerSecond, 2),
      String(run.calls),
      String(run.failed),
      fixed(run.waitP50Ms),
      fixed(run.waitP99Ms),
    ]),
    notes: [
      'Served /s: the 200s the simulator answered between the start and the end of the run. A 429 is retried by the client after its Retry-After; each retry waits in acquire again (counted in the waits). 429s and calls are counted to the last call, which may end after the run.',
      `The acquire wait is long with the Redis limiter because ${workers} × ${concurrency} callers share ${PER_SECOND} requests/s: each waits its turn in the fleet; with in-process limiters each process believes it has the whole rate.`,
    ],
  };
  return {
    id: 'fleet',
    title: '11. Fleet: one DIDWW key shared through Redis',
    checks: [
      atMost(`fleet of ${workers}, Redis limiter: 429s`, fleet.rejected429, 0, '', 0),
      atLeast(
        `fleet of ${workers}, Redis limiter: served (of ${PER_SECOND} req/s)`,
        fleet.achievedPerSecond / PER_SECOND,
        GOAL_OF_LIMIT,
        '×',
      ),
      shownOnly(
        `fleet of ${workers}, in-process limiters: 429s`,
        local.rejected429,
        String(local.rejected429),
      ),
      shownOnly(
        `fleet of ${workers}, Redis limiter: acquire wait p50 / p99`,
        fleet.waitP99Ms,
        `${fixed(fleet.waitP50Ms)} / ${fixed(fleet.waitP99Ms)} ms`,
      ),
    ],
    details: [table],
    data: { workers, durationMs, concurrency, perSecond: PER_SECOND, runs },
  };
}
