// One process of a fleet sharing one DIDWW key: a DidwwClient paced by the Redis limiter, with its
// tokens in the Redis store when the API version uses them. Makes `calls` reads, `concurrency` at
// a time, and prints `done <json>`.
import { Redis } from 'ioredis';
import { DidwwClient } from '../../../src/didww/index.js';
import { createRedisRateLimiter, createRedisTokenStore } from '../../../src/redis/index.js';
import { childInput, emit } from '../../campaigns/kill-and-resume.js';

/** What the parent passes (CAMPAIGN_INPUT). */
export interface CallerInput {
  redisUrl: string;
  baseUrl: string;
  apiKey: string;
  apiVersion: string;
  tokenUrl?: string;
  key: string;
  perSecond: number;
  calls: number;
  concurrency: number;
}

const input = childInput<CallerInput>();
const redis = new Redis(input.redisUrl);
const rateLimit = createRedisRateLimiter({ redis, key: input.key, perSecond: input.perSecond });
const client = new DidwwClient({
  apiKey: input.apiKey,
  baseUrl: input.baseUrl,
  apiVersion: input.apiVersion,
  rateLimit,
  ...(input.tokenUrl === undefined
    ? {}
    : { tokenUrl: input.tokenUrl, tokenStore: createRedisTokenStore({ redis, secret: input.apiKey }) }),
  // A 429 is retried after its Retry-After: the parent counts them in the simulator's log.
  retry: { baseDelayMs: 5, maxDelayMs: 50 },
});
let next = 0;
let failed = 0;
async function worker(): Promise<void> {
  while (next < input.calls) {
    next += 1;
    try {
      await client.countries.list();
    } catch (error) {
      failed += 1;
      emit('error', error instanceof Error ? error.message : String(error));
    }
  }
}
await Promise.all(Array.from({ length: input.concurrency }, worker));
await client.close();
redis.disconnect();
emit('done', JSON.stringify({ calls: input.calls, failed }));
