import { http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
