import type { BenchConfig } from '../config.js';
import { rotate, runCount } from '../load.js';
import { atMost, type DetailTable, fixed, type MeasurementResult, shownOnly } from '../result.js';
import { median, percentile } from '../stats.js';
import { sdkVariant, undiciVariant, type Variant, type VariantId } from '../variants.js';

const GOAL_P50_OVERHEAD_US = 50;

/** Times `count` sequential calls, one sample (µs) each, into `into`. */
async function sampleCalls(variant: Variant, count: number, into: number[]): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await variant.reserveOne();
    into.push((performance.now() - start) * 1000);
  }
}

interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

function percentilesOf(samples: readonly number[]): Percentiles {
  return { p50: percentile(samples, 50), p90: percentile(samples, 90), p99: percentile(samples, 99) };
}

/** 2. Per-call latency at concurrency 1: SDK percentiles minus raw undici percentiles, in µs. */
export async function measureLatency(baseUrl: string, config: BenchConfig): Promise<MeasurementResult> {
  const { rounds, callsPerRound, warmupCalls } = config.latency;
  const variants = [await sdkVariant(baseUrl), undiciVariant(baseUrl)];
  const samples: Record<VariantId, number[]> = { sdk: [], undici: [], fetch: [] };
  // Per round p50 difference: a check that the pooled difference is not one noisy round's doing.
  const roundOverheads: number[] = [];
  try {
    for (const variant of variants) await runCount(variant.reserveOne, warmupCalls, 1);
    for (let round = 0; round < rounds; round += 1) {
      const roundSamples: Record<VariantId, number[]> = { sdk: [], undici: [], fetch: [] };
      for (const variant of rotate(variants, round)) {
        await sampleCalls(variant, callsPerRound, roundSamples[variant.id]);
      }
      samples.sdk.push(...roundSamples.sdk);
      samples.undici.push(...roundSamples.undici);
      roundOverheads.push(median(roundSamples.sdk) - median(roundSamples.undici));
    }
  } finally {
    await Promise.all(variants.map((variant) => variant.close()));
  }

  const sdk = percentilesOf(samples.sdk);
  const raw = percentilesOf(samples.undici);
  const overhead = { p50: sdk.p50 - raw.p50, p90: sdk.p90 - raw.p90, p99: sdk.p99 - raw.p99 };
  const table: DetailTable = {
    title: 'Latency per call at concurrency 1 (µs)',
    columns: ['', 'p50', 'p90', 'p99'],
    rows: [
      ['SDK', fixed(sdk.p50), fixed(sdk.p90), fixed(sdk.p99)],
      ['raw undici', fixed(raw.p50), fixed(raw.p90), fixed(raw.p99)],
      ['SDK − raw', fixed(overhead.p50), fixed(overhead.p90), fixed(overhead.p99)],
    ],
    notes: [
      `${rounds} interleaved rounds × ${callsPerRound} calls per client; percentiles over all samples.`,
      `p50 overhead per round: median ${fixed(median(roundOverheads))} µs (${roundOverheads.map((value) => fixed(value)).join(', ')}).`,
    ],
  };
  return {
    id: 'latency',
    title: '2. Latency overhead',
    checks: [
      atMost('Latency overhead p50 (SDK − raw)', overhead.p50, GOAL_P50_OVERHEAD_US, ' µs', 1, true),
      shownOnly('Latency overhead p99 (SDK − raw)', overhead.p99, `${fixed(overhead.p99)} µs`),
    ],
    details: [table],
    data: { sdk, raw, overhead, roundOverheads, samplesPerClient: samples.sdk.length },
  };
}
