import type { BenchConfig } from '../config.js';
import { runCount } from '../load.js';
import { atLeast, type DetailTable, fixed, type MeasurementResult } from '../result.js';
import type { DelaySummary, LoopbackServer } from '../server/start-server.js';
import { median } from '../stats.js';
import { BENCH_TAG, rawAgent, rawReserveOne, rawReserveUrl, sdkClient } from '../variants.js';

const GOAL_OF_IDEAL = 0.85;

/**
 * 5. `reserveMany` of 1,000 passports at concurrency 32 against a server that answers after 5 ms,
 * against the ideal `count / concurrency × latency` (and raw undici doing the same, for reference).
 */
export async function measureBulk(
  server: LoopbackServer,
  instantServer: LoopbackServer,
  config: BenchConfig,
): Promise<MeasurementResult> {
  const { rounds, count, concurrency, latencyMs } = config.bulk;
  const idealMs = (count / concurrency) * latencyMs;
  const client = await sdkClient(server.url);
  const agent = rawAgent();
  const rawUrl = rawReserveUrl(server.url);

  const sdkBatch = async (): Promise<number> => {
    const start = performance.now();
    const batch = await client.reserveMany({ tags: BENCH_TAG, count, concurrency, format: 'linkObject' });
    const elapsed = performance.now() - start;
    if (batch.reserved.length !== count || batch.failed.length > 0) {
      throw new Error(
        `reserveMany reserved ${batch.reserved.length}/${count}, ${batch.failed.length} failed`,
      );
    }
    return elapsed;
  };
  const rawBatch = () => runCount(() => rawReserveOne(rawUrl, agent), count, concurrency);
  // The same raw batch against the server without latency: the CPU work of 1,000 exchanges (both
  // processes, two cores), which the 5 ms waits can hide only partly.
  const instantUrl = rawReserveUrl(instantServer.url);
  const instantBatch = () => runCount(() => rawReserveOne(instantUrl, agent), count, concurrency);

  const sdkMs: number[] = [];
  const rawMs: number[] = [];
  const instantMs: number[] = [];
  const servedBefore = await server.served();
  let delivered: DelaySummary | undefined;
  try {
    // Warm-up opens the 32 sockets of each client.
    await sdkBatch();
    await rawBatch();
    await instantBatch();
    await server.delays(); // from here on: the measured rounds only
    for (let round = 0; round < rounds; round += 1) {
      instantMs.push(await instantBatch());
      if (round % 2 === 0) {
        sdkMs.push(await sdkBatch());
        rawMs.push(await rawBatch());
      } else {
        rawMs.push(await rawBatch());
        sdkMs.push(await sdkBatch());
      }
    }
    delivered = await server.delays();
  } finally {
    await Promise.all([client.close(), agent.close()]);
  }
  const served = (await server.served()) - servedBefore;
  const expectedServed = (rounds + 1) * count * 2;
  if (served !== expectedServed)
    throw new Error(`server answered ${served} reservations, expected ${expectedServed}`);

  if (delivered === undefined) throw new Error('no latency figures from the server');
  // The ideal again, at the latency the server's timers really gave (mean): what remains of the gap
  // is each burst of answers due in the same millisecond tick queueing in the client and server.
  const deliveredIdealMs = (count / concurrency) * delivered.meanMs;
  const sdkMedian = median(sdkMs);
  const rawMedian = median(rawMs);
  const sdkOfIdeal = idealMs / sdkMedian;
  const rawOfIdeal = idealMs / rawMedian;
  const table: DetailTable = {
    title: `Bulk: ${count} reservations, concurrency ${concurrency}, server latency ${latencyMs} ms`,
    columns: ['', 'median ms', 'min ms', 'of ideal'],
    rows: [
      ['ideal (count / concurrency × latency)', fixed(idealMs), '', '1.00'],
      ['SDK reserveMany', fixed(sdkMedian), fixed(Math.min(...sdkMs)), fixed(sdkOfIdeal, 2)],
      ['raw undici, 32 workers', fixed(rawMedian), fixed(Math.min(...rawMs)), fixed(rawOfIdeal, 2)],
      [
        `ideal at the latency the server delivered (mean ${fixed(delivered.meanMs, 2)} ms)`,
        fixed(deliveredIdealMs),
        '',
        fixed(idealMs / deliveredIdealMs, 2),
      ],
      [
        'raw undici, same batch, server without latency',
        fixed(median(instantMs)),
        fixed(Math.min(...instantMs)),
        '',
      ],
    ],
    notes: [
      `${rounds} rounds each after one warm-up batch; the server confirmed ${served} answers (no retries, nothing lost).`,
      `SDK / raw: ${fixed(rawMedian / sdkMedian, 2)}× (how much of the gap to ideal is the SDK's rather than timers' and the loopback's).`,
      `Latency the server's answers really got (${delivered.count} answers of the measured rounds): mean ${fixed(delivered.meanMs, 2)} ms, p50 ${fixed(delivered.p50Ms, 2)} ms, p90 ${fixed(delivered.p90Ms, 2)} ms. Timers fire on whole-millisecond ticks, so answers due in one tick leave together and wait in line in the client: at ${concurrency} in flight the client's CPU per answer (the raw client's too) adds about a millisecond per round trip, which the ideal counts as zero.`,
      "The last row is the CPU work of the batch itself (client and server processes on this machine's cores): the ideal counts it as zero.",
    ],
  };
  return {
    id: 'bulk',
    title: '5. Bulk reserveMany',
    checks: [atLeast('Bulk reserveMany, 1,000 at c=32, 5 ms (of ideal)', sdkOfIdeal, GOAL_OF_IDEAL, '×')],
    details: [table],
    data: {
      idealMs,
      deliveredIdealMs,
      delivered,
      sdkMs,
      rawMs,
      instantMs,
      sdkMedian,
      rawMedian,
      sdkOfIdeal,
      rawOfIdeal,
      served,
    },
  };
}
