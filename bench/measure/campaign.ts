import { request } from 'undici';
import { loadBuiltDots } from '../built-sdk.js';
import type { BenchConfig } from '../config.js';
import { runCount } from '../load.js';
import { atLeast, atMost, type DetailTable, fixed, type MeasurementResult, shownOnly } from '../result.js';
import type { DelaySummary, LoopbackServer } from '../server/start-server.js';
import { median } from '../stats.js';
import { rawAgent } from '../variants.js';

const GOAL_OF_IDEAL = 0.85;
const GOAL_OF_RAW = 0.95;
const AUTH_TOKEN = 'bench-dots-auth-token';
const APP_TOKEN = 'bench-dots-app-token';

/** One gift of the campaign: what createMany sends for it, and what the raw loop sends. */
function item(round: string, index: number) {
  return { quantity: 1, title: 'Thank you', externalUniqueId: `bench-${round}-${index}` };
}

/**
 * 6. A Dots.eco campaign: `ecoClubOfferings.createMany` of 1,000 offerings at concurrency 16
 * against a server answering after 5 ms, against the ideal `count / concurrency × latency` and a raw
 * undici loop POSTing the same creates in the same run; then the resume of the fully-created batch
 * (no create may be sent; the lookups it sends are reported).
 */
export async function measureCampaign(
  server: LoopbackServer,
  config: BenchConfig,
): Promise<MeasurementResult> {
  const { rounds, count, concurrency, latencyMs } = config.campaign;
  const idealMs = (count / concurrency) * latencyMs;
  const { DotsClient } = await loadBuiltDots();
  const baseUrl = `${server.url}/api/v1`;
  const client = new DotsClient({ baseUrl, authToken: AUTH_TOKEN, appToken: APP_TOKEN });
  const agent = rawAgent();
  let batchNumber = 0;

  const sdkBatch = async () => {
    batchNumber += 1;
    const round = `sdk-${batchNumber}`;
    const items = Array.from({ length: count }, (_, index) => item(round, index));
    await server.resetDots();
    const start = performance.now();
    const result = await client.ecoClubOfferings.createMany(items, { concurrency });
    const elapsedMs = performance.now() - start;
    if (result.created.length !== count)
      throw new Error(
        `createMany created ${result.created.length}/${count} (${result.failed.length} failed)`,
      );
    return { elapsedMs, items, result };
  };
  const rawBatch = async () => {
    batchNumber += 1;
    const round = `raw-${batchNumber}`;
    await server.resetDots();
    let next = 0;
    return runCount(
      async () => {
        const { externalUniqueId, ...fields } = item(round, next++);
        const { statusCode, body } = await request(`${baseUrl}/eco-club-offering/add`, {
          method: 'POST',
          dispatcher: agent,
          headers: {
            'content-type': 'application/json',
            'auth-token': AUTH_TOKEN,
            'user-agent': 'bench-raw',
          },
          body: JSON.stringify({ app_token: APP_TOKEN, ...fields, external_unique_id: externalUniqueId }),
        });
        const text = await body.text();
        if (statusCode !== 200) throw new Error(`raw create got ${statusCode}`);
        return JSON.parse(text);
      },
      count,
      concurrency,
    );
  };

  const sdkMs: number[] = [];
  const rawMs: number[] = [];
  let resume: {
    lists: number;
    lookups: number;
    creates: number;
    ms: number;
    served: { creates: number; lists: number };
  };
  let delivered: DelaySummary | undefined;
  try {
    await sdkBatch(); // warm-up: opens the sockets
    await rawBatch();
    await server.delays(); // from here on: the measured rounds only
    for (let round = 0; round < rounds; round += 1) {
      if (round % 2 === 0) {
        sdkMs.push((await sdkBatch()).elapsedMs);
        rawMs.push(await rawBatch());
      } else {
        rawMs.push(await rawBatch());
        sdkMs.push((await sdkBatch()).elapsedMs);
      }
    }
    delivered = await server.delays();
    // The resume: the same items again, once all of them exist.
    const full = await sdkBatch();
    const before = await server.dots();
    const start = performance.now();
    const again = await client.ecoClubOfferings.createMany(full.items, { concurrency });
    const ms = performance.now() - start;
    const after = await server.dots();
    if (again.existing.length !== count)
      throw new Error(`the resume found ${again.existing.length}/${count}`);
    resume = {
      ...again.requests,
      ms,
      served: { creates: after.creates - before.creates, lists: after.lists - before.lists },
    };
  } finally {
    await Promise.all([client.close(), agent.close()]);
  }
  if (delivered === undefined) throw new Error('no latency figures from the server');
  // The ideal at the latency the server's timers really gave: they fire on whole milliseconds, so a
  // 5 ms answer leaves after 5 ms or more, which no client can beat (the nominal ideal is shown too).
  const deliveredIdealMs = (count / concurrency) * delivered.meanMs;
  const sdkMedian = median(sdkMs);
  const rawMedian = median(rawMs);
  const sdkOfIdeal = deliveredIdealMs / sdkMedian;
  const sdkOfRaw = rawMedian / sdkMedian;
  const table: DetailTable = {
    title: `Campaign: Dots.eco createMany of ${count}, concurrency ${concurrency}, server latency ${latencyMs} ms`,
    columns: ['', 'median ms', 'min ms', 'of ideal'],
    rows: [
      ['ideal (count / concurrency × latency)', fixed(idealMs), '', fixed(deliveredIdealMs / idealMs, 2)],
      [
        `ideal at the latency the server delivered (mean ${fixed(delivered.meanMs, 2)} ms)`,
        fixed(deliveredIdealMs),
        '',
        '1.00',
      ],
      [
        'SDK createMany (1 list read, then the creates)',
        fixed(sdkMedian),
        fixed(Math.min(...sdkMs)),
        fixed(sdkOfIdeal, 2),
      ],
      [
        `raw undici, ${concurrency} workers POSTing the same creates`,
        fixed(rawMedian),
        fixed(Math.min(...rawMs)),
        fixed(deliveredIdealMs / rawMedian, 2),
      ],
      ['resume of the fully-created batch', fixed(resume.ms), '', ''],
    ],
    notes: [
      `${rounds} rounds each after one warm-up batch, interleaved; the server forgets the offerings before each batch.`,
      `SDK / raw: ${fixed(sdkOfRaw, 2)}×. createMany reads the app's list once before creating (one round trip more than the raw loop).`,
      `Resume of the ${count} offerings just created: ${resume.creates} creates, ${resume.lists} list read(s), ${resume.lookups} lookups (the server saw ${resume.served.creates} creates and ${resume.served.lists} list requests). The stand-in's list items carry external_unique_id, so the list read proves each item; with Dots.eco's documented list items (no id) each item costs one lookup instead (docs/dots.md).`,
    ],
  };
  return {
    id: 'campaign',
    title: '6. Campaign: Dots.eco createMany',
    checks: [
      atLeast(
        `createMany, ${count} at c=${concurrency}, ${latencyMs} ms (of ideal at the delivered latency)`,
        sdkOfIdeal,
        GOAL_OF_IDEAL,
        '×',
      ),
      atLeast(`createMany vs raw undici creates (same run)`, sdkOfRaw, GOAL_OF_RAW, '×'),
      atMost('resume of a fully-created batch: creates sent', resume.creates, 0, '', 0),
      shownOnly(
        'resume of a fully-created batch: lookups sent',
        resume.lists + resume.lookups,
        `${resume.lists} list + ${resume.lookups} lookups`,
      ),
    ],
    details: [table],
    data: {
      idealMs,
      deliveredIdealMs,
      delivered,
      sdkMs,
      rawMs,
      sdkMedian,
      rawMedian,
      sdkOfIdeal,
      sdkOfRaw,
      resume,
    },
  };
}
