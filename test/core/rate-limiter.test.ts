import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/core/rate-limiter.js';
import { DeadlineReached } from '../../src/core/sleep.js';

// The limiter's contract (docs/didww.md, "Rate limit"): one queue, served in arrival order, with at
// most one timer armed; a wait that would end after its deadline is refused at once; an aborted
// waiter leaves the queue. Time is the fake clock's: nothing here depends on how fast the machine is.

/** Fakes the clock, and counts the timers the limiter arms. */
function fakeClock() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  return vi.spyOn(globalThis, 'setTimeout');
}

/** Records when (fake ms) each waiter, named by its arrival index, was let through. */
function recorder() {
  const grants: { index: number; at: number }[] = [];
  return {
    grants,
    order: () => grants.map((grant) => grant.index),
    times: () => grants.map((grant) => grant.at),
    acquire(limiter: RateLimiter, index: number, signal?: AbortSignal, deadlineAt?: number) {
      return limiter.acquire(signal, deadlineAt).then(() => {
        grants.push({ index, at: performance.now() });
      });
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('one queue, one timer', () => {
  it('arms at most one timer at a time, one per grant that had to wait (300 waiters)', async () => {
    const armed = fakeClock();
    const limiter = new RateLimiter(100, 1); // one grant every 10 ms
    const log = recorder();
    const all = Array.from({ length: 300 }, (_, index) => log.acquire(limiter, index));
    let mostArmed = vi.getTimerCount();
    for (let step = 0; step < 400 && log.grants.length < 300; step += 1) {
      await vi.advanceTimersByTimeAsync(10);
      mostArmed = Math.max(mostArmed, vi.getTimerCount());
    }
    await Promise.all(all);
    expect(log.grants).toHaveLength(300);
    expect(mostArmed).toBe(1);
    // The first went at once; each of the 299 others waited for exactly one timer.
    expect(armed).toHaveBeenCalledTimes(299);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets 300 waiters through strictly in the order they came, one interval apart', async () => {
    fakeClock();
    const limiter = new RateLimiter(100, 1);
    const log = recorder();
    const all = Array.from({ length: 300 }, (_, index) => log.acquire(limiter, index));
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all(all);
    expect(log.order()).toEqual(Array.from({ length: 300 }, (_, index) => index));
    expect(log.times()).toEqual(Array.from({ length: 300 }, (_, index) => index * 10));
  });

  it('serves a burst at once, then the rate, still in order', async () => {
    fakeClock();
    const limiter = new RateLimiter(2, 3); // three at once, then one every 500 ms
    const log = recorder();
    const all = Array.from({ length: 5 }, (_, index) => log.acquire(limiter, index));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(log.order()).toEqual([0, 1, 2, 3, 4]);
    expect(log.times()).toEqual([0, 0, 0, 500, 1000]);
  });

  it('keeps arrival order for 300 waiters that come while others wait, and the rate between grants', async () => {
    fakeClock();
    const limiter = new RateLimiter(100, 1);
    const log = recorder();
    const all: Promise<void>[] = [];
    // Three arrivals per grant, at times that fall between a token's refill and the next timer.
    for (let index = 0; index < 300; index += 1) {
      all.push(log.acquire(limiter, index));
      await vi.advanceTimersByTimeAsync(3.3);
    }
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all(all);
    expect(log.order()).toEqual(Array.from({ length: 300 }, (_, index) => index));
    const gaps = log
      .times()
      .slice(1)
      .map((at, index) => at - (log.times()[index] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10 - 1e-9);
  });

  it('does not let a newcomer take a token a waiter is due', async () => {
    fakeClock();
    const limiter = new RateLimiter(3, 1); // one every 333.3 ms
    const log = recorder();
    const early = [log.acquire(limiter, 0), log.acquire(limiter, 1)];
    // The token waiter 1 is due is there from 333.3 ms on, before any timer set in whole ms fires.
    await vi.advanceTimersByTimeAsync(333.5);
    const late = log.acquire(limiter, 2);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([...early, late]);
    expect(log.order()).toEqual([0, 1, 2]);
  });
});

describe('abort', () => {
  it('takes an aborted waiter out of the middle of the queue; the others keep their order and move up', async () => {
    fakeClock();
    const limiter = new RateLimiter(10, 1);
    const log = recorder();
    const controller = new AbortController();
    const waits = [0, 1, 2, 3, 4].map((index) =>
      log.acquire(limiter, index, index === 2 ? controller.signal : undefined),
    );
    const aborted = waits[2]?.then(
      () => 'granted',
      (reason: unknown) => reason,
    );
    await vi.advanceTimersByTimeAsync(50);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    // Rejected as soon as the signal fires, with its reason: not when its turn would have come.
    await vi.advanceTimersByTimeAsync(0);
    expect(await aborted).toBe(reason);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([waits[0], waits[1], waits[3], waits[4]]);
    expect(log.order()).toEqual([0, 1, 3, 4]);
    expect(log.times()).toEqual([0, 100, 200, 300]);
  });

  it('leaves no timer armed once every waiter has gone', async () => {
    fakeClock();
    const limiter = new RateLimiter(1, 1);
    await limiter.acquire();
    const controller = new AbortController();
    const waits = [limiter.acquire(controller.signal), limiter.acquire(controller.signal)];
    const settled = Promise.allSettled(waits);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort(new Error('closing'));
    expect((await settled).map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses at once, with the reason, a signal that has already fired', async () => {
    fakeClock();
    const limiter = new RateLimiter(10, 1);
    const reason = new Error('already aborted');
    await expect(limiter.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    // It took no token: the next one goes at once.
    const log = recorder();
    await log.acquire(limiter, 0);
    expect(log.times()).toEqual([0]);
  });
});

describe('deadline', () => {
  it('rejects at once with DeadlineReached when its turn would come after the deadline, counting those ahead', async () => {
    fakeClock();
    const limiter = new RateLimiter(10, 1);
    const log = recorder();
    const ahead = [log.acquire(limiter, 0), log.acquire(limiter, 1), log.acquire(limiter, 2)];
    // Those ahead go at 0, 100 and 200: a fourth would go at 300.
    let refused: unknown;
    const late = limiter.acquire(undefined, performance.now() + 250).catch((reason: unknown) => {
      refused = reason;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(refused).toBeInstanceOf(DeadlineReached);
    await late;
    // The refused waiter took no place: the next one goes at 300, within its deadline of 301.
    const inTime = log.acquire(limiter, 3, undefined, performance.now() + 301);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([...ahead, inTime]);
    expect(log.order()).toEqual([0, 1, 2, 3]);
    expect(log.times()).toEqual([0, 100, 200, 300]);
  });

  it('lets through at once, whatever the deadline, a waiter a token is free for', async () => {
    fakeClock();
    const limiter = new RateLimiter(10, 1);
    const log = recorder();
    await log.acquire(limiter, 0, undefined, performance.now() + 1);
    expect(log.times()).toEqual([0]);
  });
});

describe('construction', () => {
  it('refuses a rate that is not above 0, and a burst that is not a number', () => {
    for (const rate of [0, -1, Number.NaN]) expect(() => new RateLimiter(rate)).toThrow(RangeError);
    expect(() => new RateLimiter(5, Number.NaN)).toThrow(RangeError);
  });
});

describe('another copy of reservekit', () => {
  // A second module instance stands for another installed copy, or the other build (ESM/CJS).
  async function secondCopy() {
    vi.resetModules();
    const limiterModule = await import('../../src/core/rate-limiter.js');
    const sleepModule = await import('../../src/core/sleep.js');
    expect(limiterModule.RateLimiter).not.toBe(RateLimiter);
    return { RateLimiter: limiterModule.RateLimiter, DeadlineReached: sleepModule.DeadlineReached };
  }

  it('makes limiters that are instances of ours, and ours of theirs', async () => {
    const other = await secondCopy();
    expect(new other.RateLimiter(5)).toBeInstanceOf(RateLimiter);
    expect(new RateLimiter(5)).toBeInstanceOf(other.RateLimiter);
  });

  it('rejects past a deadline with a DeadlineReached that is ours', async () => {
    const other = await secondCopy();
    const limiter = new other.RateLimiter(1, 1);
    await limiter.acquire();
    const refused = await limiter
      .acquire(undefined, performance.now() + 10)
      .catch((reason: unknown) => reason);
    expect(refused).toBeInstanceOf(DeadlineReached);
    expect(new DeadlineReached()).toBeInstanceOf(other.DeadlineReached);
  });

  it('does not take for a limiter what merely looks like one', () => {
    const lookalike = { acquire: async () => {} };
    expect(lookalike).not.toBeInstanceOf(RateLimiter);
    expect(new Error('x')).not.toBeInstanceOf(DeadlineReached);
  });

  it('keeps a subclass of the user matching only its own instances', async () => {
    const other = await secondCopy();
    class CountingLimiter extends RateLimiter {}
    expect(new CountingLimiter(5)).toBeInstanceOf(RateLimiter);
    expect(new CountingLimiter(5)).toBeInstanceOf(other.RateLimiter);
    expect(new RateLimiter(5)).not.toBeInstanceOf(CountingLimiter);
    expect(new other.RateLimiter(5)).not.toBeInstanceOf(CountingLimiter);
  });
});
