// reservekit/redis's rate limiter against a real redis-server (issue 21; docs/fleet.md): a fleet of
// processes under one limit, deadline and abort while waiting, and Redis killed mid-run.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineReached } from '../../src/core/sleep.js';
import { DidwwClient, RateLimiter } from '../../src/didww/index.js';
import {
  createRedisRateLimiter,
  REDIS_FALLBACK_CHANNEL,
  type RedisFallbackEvent,
  RedisUnavailableError,
} from '../../src/redis/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { runFleet } from './fleet.js';
import { connected, type RedisServer, startRedisServer } from './redis-server.js';

let server: RedisServer;
let redis: Redis;
let keys = 0;
/** A key of its own for each test: windows counted by one test never slow another. */
const freshKey = () => `test-${process.pid}-${++keys}`;
/** The key freshKey() handed out last. */
const lastKey = () => `test-${process.pid}-${keys}`;

beforeAll(async () => {
  server = await startRedisServer();
  redis = await connected(server.client());
});

afterAll(async () => {
  await server.stop();
});

/** Collects the fallback events published while `run` runs. */
async function fallbackEvents(run: () => Promise<void>): Promise<RedisFallbackEvent[]> {
  const events: RedisFallbackEvent[] = [];
  const listener = (event: unknown) => events.push(event as RedisFallbackEvent);
  subscribe(REDIS_FALLBACK_CHANNEL, listener);
  try {
    await run();
  } finally {
    unsubscribe(REDIS_FALLBACK_CHANNEL, listener);
  }
  return events;
}

describe('a fleet of processes sharing one key', () => {
  it('N clients in N child processes stay under the key limit together: no 429 reaches the simulator', async () => {
    const sim = createSimulator({ didww: { rateLimitPerSecond: 20 } });
    const urls = await sim.listen();
    try {
      const processes = 4;
      const callsEach = 15;
      await runFleet(processes, {
        redisUrl: server.url,
        baseUrl: urls.didww.url,
        apiKey: sim.credentials.didww.apiKey,
        apiVersion: '2026-04-16',
        key: freshKey(),
        perSecond: 20,
        calls: callsEach,
        concurrency: 3,
      });
      const lists = sim.requests.filter((request) => request.operation === 'didww.listCountries');
      // Every call went once: none was refused with 429 and sent again.
      expect(lists.filter((request) => request.status === 429)).toEqual([]);
      expect(lists).toHaveLength(processes * callsEach);
    } finally {
      await sim.close();
    }
  });
});

describe('waiting in acquire', () => {
  it('is a RateLimiter: a client takes it as its rateLimit', async () => {
    const limiter = createRedisRateLimiter({ redis, key: freshKey(), perSecond: 5 });
    expect(limiter).toBeInstanceOf(RateLimiter);
    const sim = createSimulator({ didww: { rateLimitPerSecond: 5 } });
    await using client = new DidwwClient({
      apiKey: sim.credentials.didww.apiKey,
      dispatcher: sim.dispatcher(),
      rateLimit: limiter,
    });
    const pages = await Promise.all(Array.from({ length: 8 }, () => client.countries.list()));
    expect(pages).toHaveLength(8);
    expect(sim.requests.filter((request) => request.status === 429)).toEqual([]);
  });

  it('lets callers of one process go in the order they came', async () => {
    const limiter = createRedisRateLimiter({ redis, key: freshKey(), perSecond: 3 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 7 }, (_, i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // Redis counted them: the window of this key holds the points taken.
    expect(Number(await redis.get(`reservekit:rate:${lastKey()}`))).toBeGreaterThan(0);
  });

  it('refuses at once with DeadlineReached a caller whose turn would come after its deadline', async () => {
    const limiter = createRedisRateLimiter({ redis, key: freshKey(), perSecond: 1 });
    await limiter.acquire();
    // The window's one point is taken: the next comes with the next window, after this deadline.
    const refused = await limiter.acquire(undefined, performance.now() + 50).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeadlineReached);
  });

  it('a deadline that comes while the caller waits behind others makes it leave the queue', async () => {
    const limiter = createRedisRateLimiter({ redis, key: freshKey(), perSecond: 1 });
    await limiter.acquire();
    const first = limiter.acquire(); // waits for the next window
    const late = limiter.acquire(undefined, performance.now() + 100).catch((error: unknown) => error);
    expect(await late).toBeInstanceOf(DeadlineReached);
    await first;
  });

  it('an abort while waiting rejects with the signal reason, and the callers behind still go', async () => {
    const limiter = createRedisRateLimiter({ redis, key: freshKey(), perSecond: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal).catch((error: unknown) => error);
    const behind = limiter.acquire();
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 20);
    expect(await aborted).toBe(reason);
    await expect(behind).resolves.toBeUndefined();
  });

  it('an aborted signal is refused before Redis is asked', async () => {
    const limiter = createRedisRateLimiter({ redis, key: freshKey(), perSecond: 1 });
    const reason = new Error('already aborted');
    await expect(limiter.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(await redis.exists(`reservekit:rate:${lastKey()}`)).toBe(0);
  });

  it('a client call whose total timeout comes while it waits fails with a timeout, nothing sent', async () => {
    const key = freshKey();
    const sim = createSimulator();
    await using client = new DidwwClient({
      apiKey: sim.credentials.didww.apiKey,
      dispatcher: sim.dispatcher(),
      rateLimit: createRedisRateLimiter({ redis, key, perSecond: 1 }),
      totalTimeoutMs: 200,
    });
    await client.countries.list();
    const error = await client.countries.list().catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'timeout', outcome: 'not_sent' });
    expect(sim.requests).toHaveLength(1);
  });
});

describe('when Redis is unreachable', () => {
  it("'local' (default): Redis killed mid-run, calls go on paced by this process, one event is published", async () => {
    const own = await startRedisServer();
    try {
      const client = await connected(own.client());
      const limiter = createRedisRateLimiter({
        redis: client,
        key: freshKey(),
        perSecond: 50,
        redisTimeoutMs: 200,
      });
      const events = await fallbackEvents(async () => {
        for (let i = 0; i < 5; i += 1) await limiter.acquire();
        await own.kill();
        // Each acquire ends: none waits for a Redis that is gone.
        for (let i = 0; i < 10; i += 1) await limiter.acquire(undefined, performance.now() + 10_000);
      });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ component: 'rateLimiter', retryInMs: 5000 });
      expect(events[0]?.reason).toEqual(expect.any(String));
    } finally {
      await own.stop();
    }
  });

  it("'local': goes back to Redis once it answers again", async () => {
    const own = await startRedisServer();
    try {
      const client = await connected(own.client());
      const key = freshKey();
      const limiter = createRedisRateLimiter({ redis: client, key, perSecond: 50, redisRetryAfterMs: 0 });
      await own.kill();
      const events = await fallbackEvents(() => limiter.acquire());
      expect(events).toHaveLength(1);
      await own.start();
      await connected(client);
      await limiter.acquire();
      expect(Number(await client.get(`reservekit:rate:${key}`))).toBe(1);
    } finally {
      await own.stop();
    }
  });

  it("'fail': acquire rejects with RedisUnavailableError, and a client call fails before sending", async () => {
    const own = await startRedisServer();
    try {
      const client = await connected(own.client());
      const limiter = createRedisRateLimiter({ redis: client, key: freshKey(), onRedisError: 'fail' });
      await limiter.acquire();
      await own.kill();
      const events = await fallbackEvents(async () => {
        await expect(limiter.acquire()).rejects.toBeInstanceOf(RedisUnavailableError);
      });
      expect(events).toEqual([]);
      const sim = createSimulator();
      await using didww = new DidwwClient({
        apiKey: sim.credentials.didww.apiKey,
        dispatcher: sim.dispatcher(),
        rateLimit: limiter,
      });
      const error = await didww.countries.list().catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ cause: expect.any(RedisUnavailableError) });
      expect(sim.requests).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});
