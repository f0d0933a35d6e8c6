import type { BenchConfig } from '../config.js';
import { rotate, runLoad } from '../load.js';
import {
  atLeast,
  type DetailTable,
  fixed,
  type GoalCheck,
  grouped,
  type MeasurementResult,
} from '../result.js';
import { median, pairedRatios, relativeSpread } from '../stats.js';
import { allVariants, type Variant, type VariantId } from '../variants.js';

const GOAL_RATIO = 0.9;
const UNSUBSCRIBED_GOAL_RATIO = 0.95;

interface ConcurrencyResult {
  concurrency: number;
  /** Calls per second of each round, per client, in round order. */
  rounds: Record<VariantId, number[]>;
  /** This process's CPU µs per call in each round, per client. */
  cpuRounds: Record<VariantId, number[]>;
  /** Median CPU µs per call, per client. */
  cpuMedians: Record<VariantId, number>;
  medians: Record<VariantId, number>;
  /** Median over rounds of (SDK rate / raw rate) in the same round. */
  sdkToRaw: number;
  fetchToRaw: number;
}

async function measureConcurrency(
  variants: readonly Variant[],
  concurrency: number,
  config: BenchConfig['throughput'],
): Promise<ConcurrencyResult> {
  const plan = { concurrency, maxCalls: config.maxCallsPerRound };
  // Warm-up: JIT, sockets opened, pools at size. Not recorded.
  for (const variant of variants) await runLoad(variant.reserveOne, { ...plan, durationMs: config.warmupMs });

  const rounds: Record<VariantId, number[]> = { sdk: [], undici: [], fetch: [] };
  const cpuRounds: Record<VariantId, number[]> = { sdk: [], undici: [], fetch: [] };
  for (let round = 0; round < config.rounds; round += 1) {
    for (const variant of rotate(variants, round)) {
      const result = await runLoad(variant.reserveOne, { ...plan, durationMs: config.roundMs });
      rounds[variant.id].push(result.callsPerSecond);
      cpuRounds[variant.id].push(result.cpuUsPerCall);
    }
  }
  return {
    concurrency,
    rounds,
    cpuRounds,
    cpuMedians: {
      sdk: median(cpuRounds.sdk),
      undici: median(cpuRounds.undici),
      fetch: median(cpuRounds.fetch),
    },
    medians: { sdk: median(rounds.sdk), undici: median(rounds.undici), fetch: median(rounds.fetch) },
    sdkToRaw: median(pairedRatios(rounds.sdk, rounds.undici)),
    fetchToRaw: median(pairedRatios(rounds.fetch, rounds.undici)),
  };
}

/** 1. reserveOne calls per second against raw undici (and fetch, for reference), same run, interleaved. */
export async function measureThroughput(baseUrl: string, config: BenchConfig): Promise<MeasurementResult> {
  const variants = await allVariants(baseUrl);
  const results: ConcurrencyResult[] = [];
  try {
    for (const concurrency of config.throughput.concurrencies) {
      results.push(await measureConcurrency(variants, concurrency, config.throughput));
    }
  } finally {
    await Promise.all(variants.map((variant) => variant.close()));
  }

  const checks: GoalCheck[] = results.map((result) =>
    atLeast(`Throughput, concurrency ${result.concurrency} (SDK / raw)`, result.sdkToRaw, GOAL_RATIO, '×'),
  );
  // Issue 18: every call checks the reservekit:call tracing channel; with nobody subscribed (as
  // here) that must cost next to nothing.
  for (const result of results)
    checks.push(
      atLeast(
        `Throughput, concurrency ${result.concurrency}, nobody subscribed to tracing (SDK / raw)`,
        result.sdkToRaw,
        UNSUBSCRIBED_GOAL_RATIO,
        '×',
      ),
    );
  const table: DetailTable = {
    title: 'Throughput (calls/s, median of rounds)',
    columns: [
      'concurrency',
      'SDK',
      'raw undici',
      'fetch',
      'SDK / raw',
      'fetch / raw',
      'round spread (SDK, raw)',
      'client CPU µs/call (SDK, raw, fetch)',
    ],
    rows: results.map((result) => [
      String(result.concurrency),
      grouped(result.medians.sdk),
      grouped(result.medians.undici),
      grouped(result.medians.fetch),
      `${fixed(result.sdkToRaw, 2)}×`,
      `${fixed(result.fetchToRaw, 2)}×`,
      `${fixed(relativeSpread(result.rounds.sdk) * 100)}%, ${fixed(relativeSpread(result.rounds.undici) * 100)}%`,
      `${fixed(result.cpuMedians.sdk)}, ${fixed(result.cpuMedians.undici)}, ${fixed(result.cpuMedians.fetch)}`,
    ]),
    notes: [
      `${config.throughput.rounds} rounds of ${config.throughput.roundMs} ms per client, order rotated each round; ratios are medians of same-round ratios.`,
      'Round spread is the interquartile range over the median.',
      `SDK / raw as a ratio of the medians instead: ${results.map((result) => `c=${result.concurrency} ${fixed(result.medians.sdk / result.medians.undici, 2)}×`).join(', ')}.`,
      "Client CPU is this process's user + system time per call (the server runs in another process): the client's own cost, which other load on the machine does not inflate.",
    ],
  };
  return { id: 'throughput', title: '1. Throughput', checks, details: [table], data: results };
}
