// The options of reservekit/redis's factories are checked before anything is sent (docs/fleet.md,
// "Options"): no Redis server is needed, the client below never connects.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/index.js';
import { createRedisRateLimiter, createRedisTokenStore } from '../../src/redis/index.js';

const redis = new Redis({ lazyConnect: true });

afterAll(() => {
  redis.disconnect();
});

/** The error a factory throws for `options`. */
function refusal(make: () => unknown): InputValidationError {
  try {
    make();
  } catch (error) {
    if (error instanceof InputValidationError) return error;
    throw error;
  }
  throw new Error('the options were accepted');
}

describe('createRedisRateLimiter', () => {
  it.each([
    ['no redis client', { key: 'k' }, 'redis'],
    ['a redis that is not an ioredis client', { redis: {}, key: 'k' }, 'redis'],
    ['an empty key', { redis, key: '' }, 'key'],
    ['a rate that is not a whole number', { redis, key: 'k', perSecond: 2.5 }, 'perSecond'],
    ['a burst below 1', { redis, key: 'k', burst: 0 }, 'burst'],
    ['an unknown onRedisError', { redis, key: 'k', onRedisError: 'retry' }, 'onRedisError'],
    ['an unknown option', { redis, key: 'k', perSecnd: 20 }, ''],
  ])('refuses %s with an InputValidationError naming it', (_case, options, path) => {
    const error = refusal(() =>
      createRedisRateLimiter(options as Parameters<typeof createRedisRateLimiter>[0]),
    );
    expect(error.outcome).toBe('not_sent');
    expect(error.message).toMatch(/^createRedisRateLimiter: invalid arguments: /);
    expect(error.issues.map((issue) => issue.path.join('.'))).toContain(path);
    expect(redis.status).toBe('wait');
  });
});

describe('createRedisTokenStore', () => {
  it('refuses a short secret without printing it', () => {
    const error = refusal(() => createRedisTokenStore({ redis, secret: 'short-secret' }));
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['secret']);
    expect(JSON.stringify(error)).not.toContain('short-secret');
    expect(error.message).not.toContain('short-secret');
  });

  it('refuses a lock that would last less than 100 ms', () => {
    const error = refusal(() =>
      createRedisTokenStore({ redis, secret: 'a-secret-of-16-chars', lockTtlMs: 5 }),
    );
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['lockTtlMs']);
  });
});
