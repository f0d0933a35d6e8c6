// Fleet: one of the worker processes sharing one DIDWW key against the simulator's 20 req/s, paced
// by the Redis limiter (mode `redis`) or by its own in-process limiter (mode `local`), on the BUILT
// package. Calls from `startAt` (epoch ms, the same for every worker) for `durationMs`, and prints
// one JSON document: calls made, failures, and the time each call spent waiting in `acquire`.
// argv: mode baseUrl redisUrl key perSecond startAt durationMs concurrency
import { Redis } from 'ioredis';
import { DidwwClient, RateLimiter } from 'reservekit/didww';
import { createRedisRateLimiter } from 'reservekit/redis';

const [mode, baseUrl, redisUrl, key, perSecondArg, startAtArg, durationArg, concurrencyArg] =
  process.argv.slice(2);
const perSecond = Number(perSecondArg);
const startAt = Number(startAtArg);
const durationMs = Number(durationArg);
const concurrency = Number(concurrencyArg);
if (!(perSecond > 0 && startAt > 0 && durationMs > 0 && concurrency > 0)) throw new Error('bad arguments');

const redis = mode === 'redis' ? new Redis(redisUrl) : undefined;
const limiter = redis ? createRedisRateLimiter({ redis, key, perSecond }) : new RateLimiter(perSecond, 1);
// Every wait in acquire, as the client's transport sees it (retries after a 429 included).
const waitsMs = [];
const acquire = limiter.acquire.bind(limiter);
limiter.acquire = async (signal, deadlineAt) => {
  const start = performance.now();
  await acquire(signal, deadlineAt);
  waitsMs.push(performance.now() - start);
};
const client = new DidwwClient({ apiKey: 'sim-didww-api-key', baseUrl, rateLimit: limiter });

await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
const endAt = startAt + durationMs;
let calls = 0;
let failed = 0;
const worker = async () => {
  while (Date.now() < endAt) {
    calls += 1;
    try {
      await client.countries.list();
    } catch {
      failed += 1;
    }
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
await client.close();
redis?.disconnect();
process.stdout.write(JSON.stringify({ calls, failed, waitsMs }));
