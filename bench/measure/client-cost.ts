import { loadBuiltArianee } from '../built-sdk.js';
import type { BenchConfig } from '../config.js';
import { rotate } from '../load.js';
import { type DetailTable, fixed, type MeasurementResult, shownOnly } from '../result.js';
import { median, pairedRatios } from '../stats.js';
import { LINK_OBJECT_BODY, STUB_BASE_URL, StubDispatcher } from '../stub-dispatcher.js';
import { BENCH_API_KEY, BENCH_TAG, rawReserveOneVia, rawReserveUrl } from '../variants.js';

/**
 * Mean CPU µs (user + system, this process) per call of `count` sequential calls. CPU time rather
 * than wall time: other processes taking the core do not count, which on a shared machine is most
 * of the noise. Nothing here waits on I/O, so the two are otherwise the same.
 */
async function cpuPerCall(call: () => Promise<unknown>, count: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < count; i += 1) await call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

/**
 * 2b. The client-side cost of one call with the network taken away (a stub dispatcher answers at
 * once): the SDK's reserveOne against raw `undici.request` + `JSON.parse` through the same stub.
 * Shown, not a goal: it is the steady part of the latency overhead, free of loopback noise.
 */
export async function measureClientCost(config: BenchConfig): Promise<MeasurementResult> {
  const { rounds, callsPerRound, warmupCalls } = config.clientCost;
  const dispatcher = new StubDispatcher(LINK_OBJECT_BODY);
  const { ArianeeClient } = await loadBuiltArianee();
  const client = new ArianeeClient({ baseUrl: STUB_BASE_URL, apiKey: BENCH_API_KEY, dispatcher });
  const rawUrl = rawReserveUrl(STUB_BASE_URL);
  const variants = [
    { id: 'sdk', call: () => client.reserveOne({ tags: BENCH_TAG, format: 'linkObject' }) },
    { id: 'raw', call: () => rawReserveOneVia(rawUrl, dispatcher) },
  ] as const;
  const perCall = { sdk: [] as number[], raw: [] as number[] };
  for (const variant of variants) await cpuPerCall(variant.call, warmupCalls);
  for (let round = 0; round < rounds; round += 1) {
    for (const variant of rotate(variants, round))
      perCall[variant.id].push(await cpuPerCall(variant.call, callsPerRound));
  }
  await client.close();

  const sdkUs = median(perCall.sdk);
  const rawUs = median(perCall.raw);
  const extraUs = median(perCall.sdk.map((value, i) => value - (perCall.raw[i] as number)));
  const table: DetailTable = {
    title: 'Client-side CPU per call, network stubbed out (µs of CPU, median of rounds)',
    columns: ['', 'CPU µs per call', 'calls per CPU-second'],
    rows: [
      ['SDK reserveOne', fixed(sdkUs, 2), fixed(1e6 / sdkUs, 0)],
      ['raw undici.request + JSON.parse', fixed(rawUs, 2), fixed(1e6 / rawUs, 0)],
      ['SDK − raw', fixed(extraUs, 2), ''],
    ],
    notes: [
      `${rounds} interleaved rounds × ${callsPerRound} sequential calls through a stub undici dispatcher (bench/stub-dispatcher.ts) that answers the linkObject body one microtask later.`,
      `SDK / raw time per call: ${fixed(median(pairedRatios(perCall.sdk, perCall.raw)), 2)}×.`,
    ],
  };
  return {
    id: 'client-cost',
    title: '2b. Client-side cost per call',
    checks: [
      shownOnly('Client-side cost per call, network stubbed (SDK − raw)', extraUs, `${fixed(extraUs, 2)} µs`),
    ],
    details: [table],
    data: { perCall, sdkUs, rawUs, extraUs },
  };
}
