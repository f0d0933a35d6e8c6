import { http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputValidationError, TimeoutError } from '../../src/core/errors.js';
import { RateLimiter } from '../../src/didww/index.js';
import { createRateLimiter } from '../../src/didww/rate-limit.js';
import { useHandlerServer } from '../support/handler-server.js';
import { AVAILABLE_DIDS_LIST, jsonApi, testClient } from './fixtures.js';

/** A limiter that counts the tokens it hands out. */
class CountingLimiter extends RateLimiter {
  acquired = 0;
  override async acquire(signal?: AbortSignal): Promise<void> {
    await super.acquire(signal);
    this.acquired += 1;
  }
}

describe('the default limiter (fake clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets one request go at once, then one every 50 ms: 20 per second', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const limiter = createRateLimiter(undefined);
    let passed = 0;
    const all = Array.from({ length: 21 }, () => limiter?.acquire().then(() => (passed += 1)));

    await vi.advanceTimersByTimeAsync(0);
    expect(passed).toBe(1);
    await vi.advanceTimersByTimeAsync(49);
    expect(passed).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(passed).toBe(2);
    // 21 requests take 20 intervals of 50 ms: never more than 20 started within one second.
    await vi.advanceTimersByTimeAsync(949);
    expect(passed).toBe(20);
    await vi.advanceTimersByTimeAsync(1);
    expect(passed).toBe(21);
    await Promise.all(all);
  });

  it('takes a rate and a burst', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const limiter = createRateLimiter({ requestsPerSecond: 2, burst: 3 });
    let passed = 0;
    const all = Array.from({ length: 4 }, () => limiter?.acquire().then(() => (passed += 1)));
    await vi.advanceTimersByTimeAsync(0);
    expect(passed).toBe(3);
    await vi.advanceTimersByTimeAsync(499);
    expect(passed).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(passed).toBe(4);
    await Promise.all(all);
  });

  it('is absent when turned off, and a given limiter is used as is', () => {
    expect(createRateLimiter(false)).toBeUndefined();
    const shared = new RateLimiter(5);
    expect(createRateLimiter(shared)).toBe(shared);
  });
});

describe('the client and its limiter', () => {
  let rateLimitNext = false;
  const server = useHandlerServer([
    http.get('*/v3/available_dids', () => {
      if (!rateLimitNext) return jsonApi(AVAILABLE_DIDS_LIST);
      rateLimitNext = false;
      return jsonApi({ errors: [{ title: 'Too Many Requests', status: '429' }] }, 429, {
        'retry-after': '0',
      });
    }),
  ]);

  it('takes a token for every attempt, retries included', async () => {
    const limiter = new CountingLimiter(1000, 1000);
    const client = testClient(server.url, { rateLimit: limiter });
    await Promise.all([
      client.availableDids.list(),
      client.availableDids.list(),
      client.availableDids.list(),
    ]);
    expect(limiter.acquired).toBe(3);
    // Answered 429 once, then a success: two attempts, two tokens.
    rateLimitNext = true;
    const { meta } = await client.availableDids.list().withMeta();
    expect(meta.attempts).toBe(2);
    expect(limiter.acquired).toBe(5);
    expect(server.requests).toHaveLength(5);
    await client.close();
  });

  it('can be shared by every client of one API key', async () => {
    const shared = new CountingLimiter(1000, 1000);
    const first = testClient(server.url, { rateLimit: shared });
    const second = testClient(server.url, { rateLimit: shared });
    await first.availableDids.list();
    await second.availableDids.list();
    expect(shared.acquired).toBe(2);
    await first.close();
    await second.close();
  });
});

describe('a limiter made by another copy of reservekit', () => {
  const server = useHandlerServer([http.get('*/v3/available_dids', () => jsonApi(AVAILABLE_DIDS_LIST))]);

  // A second module instance stands for another installed copy, or the other build (ESM/CJS).
  async function limiterOfAnotherCopy(requestsPerSecond: number, burst: number): Promise<RateLimiter> {
    vi.resetModules();
    const other = await import('../../src/core/rate-limiter.js');
    expect(other.RateLimiter).not.toBe(RateLimiter);
    return new other.RateLimiter(requestsPerSecond, burst);
  }

  it('is used as is, not replaced by a default limiter', async () => {
    const shared = await limiterOfAnotherCopy(1000, 1000);
    expect(createRateLimiter(shared)).toBe(shared);
    const acquire = vi.spyOn(shared, 'acquire');
    const client = testClient(server.url, { rateLimit: shared });
    await client.availableDids.list();
    await client.availableDids.list();
    expect(acquire).toHaveBeenCalledTimes(2);
    expect(acquire).toHaveBeenCalledWith(expect.any(AbortSignal), expect.any(Number));
    expect(server.requests).toHaveLength(2);
    await client.close();
  });

  it('ends a call whose turn would come after its deadline with a TimeoutError, sending nothing', async () => {
    // One request per 10 s: the second call's turn is far past its 1 s budget.
    const shared = await limiterOfAnotherCopy(0.1, 1);
    const client = testClient(server.url, { rateLimit: shared, totalTimeoutMs: 1000 });
    await client.availableDids.list();
    const error = await client.availableDids.list().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'total', outcome: 'not_sent', attempts: 0 });
    expect(server.requests).toHaveLength(1);
    await client.close();
  });
});

describe('what rateLimit refuses', () => {
  const server = useHandlerServer([http.get('*/v3/available_dids', () => jsonApi(AVAILABLE_DIDS_LIST))]);

  class OwnLimiter {
    async acquire(): Promise<void> {}
  }

  it.each([
    ['a Map', new Map([['requestsPerSecond', 5]])],
    ['an instance of another class, even one with an acquire method', new OwnLimiter()],
    ['a date', new Date(0)],
    ['a string', '20/s'],
  ])('refuses %s with an InputValidationError, before any request', (_what, rateLimit) => {
    let thrown: unknown;
    try {
      // Options as a JavaScript caller, or one reading them from config, may pass them.
      testClient(server.url, { rateLimit: rateLimit as RateLimiter });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputValidationError);
    expect((thrown as InputValidationError).message).toContain('rateLimit');
    expect((thrown as InputValidationError).issues[0]?.path).toEqual(['rateLimit']);
    expect(server.requests).toHaveLength(0);
  });

  it('still takes a plain options object, false, or one of our limiters', async () => {
    for (const rateLimit of [{ requestsPerSecond: 5 }, {}, false, new RateLimiter(5)] as const) {
      const client = testClient(server.url, { rateLimit });
      await client.availableDids.list();
      await client.close();
    }
    expect(server.requests).toHaveLength(4);
  });
});
