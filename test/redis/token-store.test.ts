// reservekit/redis's token store against a real redis-server (issue 21; docs/fleet.md, "Tokens"):
// one mint for a fleet, expiry kept in Redis, refresh, what Redis holds, and Redis going away.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccessToken } from '../../src/core/access-token.js';
import { DidwwClient } from '../../src/didww/index.js';
import {
  createRedisTokenStore,
  REDIS_FALLBACK_CHANNEL,
  type RedisFallbackEvent,
  RedisUnavailableError,
} from '../../src/redis/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { runFleet } from './fleet.js';
import { connected, type RedisServer, startRedisServer } from './redis-server.js';

const LATEST = '2026-11-19';
const TOKEN_KEY = /^reservekit:access-token:v1:[0-9a-f]{64}$/;

let server: RedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = await connected(server.client());
});

beforeEach(async () => {
  await redis.flushall();
});

afterAll(async () => {
  await server.stop();
});

/** A client of the simulated DIDWW under API 2026-11-19, its tokens in a Redis store of its own. */
function fleetClient(sim: Simulator, client: Redis, options: { tokenRefreshMarginMs?: number } = {}) {
  return new DidwwClient({
    apiKey: sim.credentials.didww.apiKey,
    apiVersion: LATEST,
    tokenUrl: sim.didww.tokenUrl,
    dispatcher: sim.dispatcher(),
    rateLimit: false,
    tokenStore: createRedisTokenStore({ redis: client, secret: sim.credentials.didww.apiKey }),
    ...options,
  });
}

const token = (name: string, lifetimeMs = 60_000): AccessToken => ({
  token: name,
  issuedAt: Date.now(),
  expiresAt: Date.now() + lifetimeMs,
});

describe('one mint for the fleet', () => {
  it('many processes sharing the key mint one token between them', async () => {
    const sim = createSimulator({ didww: { rateLimitPerSecond: false } });
    const urls = await sim.listen();
    try {
      const processes = 5;
      await runFleet(processes, {
        redisUrl: server.url,
        baseUrl: urls.didww.url,
        tokenUrl: urls.didww.tokenUrl,
        apiKey: sim.credentials.didww.apiKey,
        apiVersion: LATEST,
        key: 'tokens-fleet',
        perSecond: 50,
        calls: 4,
        concurrency: 2,
      });
      expect(sim.didww.tokensMinted()).toBe(1);
      expect(sim.requests.filter((request) => request.operation === 'didww.listCountries')).toHaveLength(
        processes * 4,
      );
    } finally {
      await sim.close();
    }
  });

  it('a token the provider refuses (401) is minted anew once for the fleet', async () => {
    const sim = createSimulator();
    await using one = fleetClient(sim, redis);
    await using other = fleetClient(sim, await connected(server.client()));
    await Promise.all([one.countries.list(), other.countries.list()]);
    expect(sim.didww.tokensMinted()).toBe(1);
    sim.didww.expireTokens();
    await Promise.all([one.countries.list(), other.countries.list()]);
    expect(sim.didww.tokensMinted()).toBe(2);
  });

  it('stores concurrently asked to mint run the mint once; the others take its token', async () => {
    const stores = Array.from({ length: 4 }, () =>
      createRedisTokenStore({ redis, secret: 'a-secret-of-16-chars' }),
    );
    let mints = 0;
    const mint = (store: (typeof stores)[number]) => async () => {
      mints += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      const minted = token('tok_one');
      await store.set('k', minted);
      return minted;
    };
    const tokens = await Promise.all(stores.map((store) => store.mintOnce('k', mint(store), undefined)));
    expect(mints).toBe(1);
    expect(tokens.map((minted) => minted.token)).toEqual(['tok_one', 'tok_one', 'tok_one', 'tok_one']);
    expect(await redis.exists('k:lock')).toBe(0);
  });

  it('a lock left by a process that died is waited out: the mint happens once it expires', async () => {
    const store = createRedisTokenStore({ redis, secret: 'a-secret-of-16-chars' });
    await redis.set('k:lock', 'a-dead-process', 'PX', 300);
    let mints = 0;
    const minted = await store.mintOnce(
      'k',
      async () => {
        mints += 1;
        return token('tok_after_lock');
      },
      undefined,
    );
    expect(minted.token).toBe('tok_after_lock');
    expect(mints).toBe(1);
  });

  it('a stored token other than the one the caller replaces is taken, not minted again', async () => {
    const store = createRedisTokenStore({ redis, secret: 'a-secret-of-16-chars' });
    await store.set('k', token('tok_fresh'));
    const taken = await store.mintOnce('k', () => Promise.reject(new Error('must not mint')), 'tok_refused');
    expect(taken.token).toBe('tok_fresh');
  });
});

describe('expiry and refresh', () => {
  it('the entry expires in Redis with its token, and a due token is refreshed once for the fleet', async () => {
    const sim = createSimulator({ didww: { tokenTtlMs: 3000 } });
    await using one = fleetClient(sim, redis, { tokenRefreshMarginMs: 1000 });
    await using other = fleetClient(sim, await connected(server.client()), { tokenRefreshMarginMs: 1000 });
    await one.countries.list();
    const [key] = await redis.keys('reservekit:access-token:*');
    expect(key).toMatch(TOKEN_KEY);
    const ttl = await redis.pttl(key as string);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3000);
    // Inside the refresh margin (the last second of three): the next calls mint one successor.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await Promise.all([one.countries.list(), other.countries.list()]);
    expect(sim.didww.tokensMinted()).toBe(2);
    // Left alone past its expiry, the entry is gone from Redis.
    await new Promise((resolve) => setTimeout(resolve, 3200));
    expect(await redis.exists(key as string)).toBe(0);
  });
});

describe('what Redis holds', () => {
  it('the entry name is a hash, its value sealed: neither the token nor the key is in a dump', async () => {
    const secret = 'a-secret-of-16-chars';
    const store = createRedisTokenStore({ redis, secret });
    const name = 'reservekit:access-token:v1:0123';
    await store.set(name, token('tok_in_the_clear_would_be_bad'));
    const value = (await redis.get(name)) ?? '';
    expect(value).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(value).not.toContain('tok_in_the_clear_would_be_bad');
    expect(Buffer.from(value, 'latin1').toString()).not.toContain(secret);
    expect((await store.get(name))?.token).toBe('tok_in_the_clear_would_be_bad');
    // Another secret, or the value copied under another name, does not open.
    expect(await createRedisTokenStore({ redis, secret: 'another-secret-16c' }).get(name)).toBeUndefined();
    await redis.set('reservekit:access-token:v1:4567', value);
    expect(await store.get('reservekit:access-token:v1:4567')).toBeUndefined();
  });

  it('the DIDWW client stores its token under a hashed name, never the API key', async () => {
    const sim = createSimulator();
    await using client = fleetClient(sim, redis);
    await client.countries.list();
    const keys = await redis.keys('*');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(TOKEN_KEY);
    const dump = `${keys[0]} ${await redis.get(keys[0] as string)}`;
    expect(dump).not.toContain(sim.credentials.didww.apiKey);
  });
});

describe('when Redis is unreachable', () => {
  it("'local' (default): tokens are minted and kept in this process, one event is published", async () => {
    const own = await startRedisServer();
    const events: RedisFallbackEvent[] = [];
    const listener = (event: unknown) => events.push(event as RedisFallbackEvent);
    subscribe(REDIS_FALLBACK_CHANNEL, listener);
    try {
      const sim = createSimulator();
      await using client = fleetClient(sim, await connected(own.client()));
      await client.countries.list();
      await own.kill();
      sim.didww.expireTokens();
      await client.countries.list();
      await client.countries.list();
      expect(sim.didww.tokensMinted()).toBe(2);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ component: 'tokenStore' });
    } finally {
      unsubscribe(REDIS_FALLBACK_CHANNEL, listener);
      await own.stop();
    }
  });

  it("'fail': a call that needs a token fails before its request is sent", async () => {
    const own = await startRedisServer();
    try {
      const sim = createSimulator();
      const client = await connected(own.client());
      await own.kill();
      await using didww = new DidwwClient({
        apiKey: sim.credentials.didww.apiKey,
        apiVersion: LATEST,
        tokenUrl: sim.didww.tokenUrl,
        dispatcher: sim.dispatcher(),
        tokenStore: createRedisTokenStore({
          redis: client,
          secret: 'a-secret-of-16-chars',
          onRedisError: 'fail',
        }),
      });
      const error = await didww.countries.list().catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ cause: expect.any(RedisUnavailableError) });
      expect(sim.requests).toEqual([]);
      expect(sim.didww.tokensMinted()).toBe(0);
    } finally {
      await own.stop();
    }
  });
});
