import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import * as z from 'zod/mini';
import { parseInput } from '../core/input.js';
import { lazy } from '../core/lazy.js';
import { RateLimiter } from '../core/rate-limiter.js';
import { DeadlineReached, sleep } from '../core/sleep.js';
import { DIDWW_REQUESTS_PER_SECOND } from '../didww/rate-limit.js';
import { redisLinkOptions } from './options.js';
import { type OnRedisError, type RedisLink, redisLinkOf } from './redis-link.js';

/** Options of {@link createRedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  /** A connected ioredis client. The limiter never closes it. */
  redis: Redis;
  /**
   * The name every process sharing one API key uses, e.g. `didww:production`: the limit is counted
   * under `reservekit:rate:<key>`. Not the API key itself (Redis would hold it in clear).
   */
  key: string;
  /** Requests per second across the fleet, a whole number. Default 20 (DIDWW's per-key limit). */
  perSecond?: number;
  /**
   * Requests of each one-second window that may go at once; the others are spread evenly across
   * the window. Default 1: the fleet sends one request every `1000 / perSecond` ms.
   */
  burst?: number;
  /**
   * When Redis cannot be reached: `'local'` (default) paces this process alone at `localPerSecond`
   * and publishes on `reservekit:redis:fallback`; `'fail'` fails the call (nothing is sent).
   */
  onRedisError?: OnRedisError;
  /** This process's pace while Redis is unreachable (`onRedisError: 'local'`). Default `perSecond`. */
  localPerSecond?: number;
  /** The longest a Redis command may take before it counts as a failure, in ms. Default 500. */
  redisTimeoutMs?: number;
  /** After a Redis failure, how long this process works alone before it tries Redis again, in ms. Default 5,000. */
  redisRetryAfterMs?: number;
}

/** The window rate-limiter-flexible counts in: whole seconds only (its Redis keys expire by `EX`). */
const WINDOW_MS = 1000;

/** One caller waiting in this process's queue. */
interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly deadlineAt: number;
  /** Aborted when the caller leaves the queue (its signal, its deadline): ends a wait made for it. */
  readonly gone: AbortController;
  cleanup: () => void;
}

/** What Redis said: a slot and the wait until it, the wait until the next window, or go local. */
type ConsumeAnswer = { granted: boolean; waitMs: number } | 'local';

/** The settings {@link RedisRateLimiter} runs with, checked. */
export interface RedisRateLimiterSettings {
  readonly link: RedisLink;
  readonly key: string;
  readonly perSecond: number;
  readonly burst: number;
  readonly localPerSecond: number;
}

/**
 * A fleet-wide {@link RateLimiter}: rate-limiter-flexible counts the requests of each one-second
 * window in Redis, atomically; this class does the waiting, which rate-limiter-flexible's own queue
 * cannot cancel. Callers of one process go strictly in the order they came; a caller whose signal
 * aborts, or whose deadline comes, leaves at once. The n-th slot of a window goes `n - burst`
 * intervals after the window opened, so the fleet's requests are spread as the in-process limiter
 * spreads one process's (docs/fleet.md, "How the limit is counted").
 *
 * It is a `RateLimiter` (`instanceof` holds), so a client takes it as its `rateLimit`; the
 * in-process limiter it extends is its fallback while Redis is unreachable.
 */
export class RedisRateLimiter extends RateLimiter {
  readonly #settings: RedisRateLimiterSettings;
  readonly #limiter: RateLimiterRedis;
  readonly #queue = new Set<Waiter>();
  #pumping = false;

  /** @internal Made by {@link createRedisRateLimiter}, which checks the options. */
  constructor(settings: RedisRateLimiterSettings) {
    super(settings.localPerSecond, 1);
    this.#settings = settings;
    this.#limiter = new RateLimiterRedis({
      storeClient: settings.link.redis,
      keyPrefix: 'reservekit:rate',
      points: settings.perSecond,
      duration: WINDOW_MS / 1000,
      rejectIfRedisNotReady: true,
    });
  }

  /**
   * Resolves when a request may go, by the same contract as {@link RateLimiter.acquire}: in order of
   * arrival within this process; rejects with `signal.reason` when the signal aborts, and with
   * `DeadlineReached` when the turn would come at or after `deadlineAt` (a `performance.now()`
   * time). With `onRedisError: 'fail'`, rejects with `RedisUnavailableError` when Redis cannot be
   * reached.
   */
  override acquire(signal?: AbortSignal, deadlineAt: number = Number.POSITIVE_INFINITY): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (performance.now() >= deadlineAt) return Promise.reject(new DeadlineReached());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        deadlineAt,
        gone: new AbortController(),
        cleanup: noop,
      };
      const onAbort = () => this.#leave(waiter, signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = Number.isFinite(deadlineAt)
        ? setTimeout(() => this.#leave(waiter, new DeadlineReached()), deadlineAt - performance.now())
        : undefined;
      waiter.cleanup = () => {
        signal?.removeEventListener('abort', onAbort);
        clearTimeout(timer);
      };
      this.#queue.add(waiter);
      void this.#pump();
    });
  }

  /** Serves the queue's head until the queue is empty: one Redis exchange at a time, in order. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (let head = first(this.#queue); head; head = first(this.#queue)) await this.#serve(head);
    } finally {
      this.#pumping = false;
    }
  }

  /** One step for the head: it gets a slot, goes local, fails, or waits for the next window. */
  async #serve(head: Waiter): Promise<void> {
    let answer: ConsumeAnswer;
    try {
      answer = await this.#consume();
    } catch (error) {
      this.#leave(head, error);
      return;
    }
    if (!this.#queue.has(head)) return; // left while Redis answered: its slot goes unused
    if (answer === 'local') {
      this.#remove(head);
      super.acquire(head.signal, head.deadlineAt).then(head.resolve, head.reject);
      return;
    }
    const now = performance.now();
    if (answer.granted) {
      this.#remove(head);
      if (now + answer.waitMs >= head.deadlineAt) head.reject(new DeadlineReached());
      else sleep(answer.waitMs, head.signal).then(head.resolve, head.reject);
      return;
    }
    // The window is full: wait for the next one, unless the deadline comes first.
    if (now + answer.waitMs >= head.deadlineAt) {
      this.#leave(head, new DeadlineReached());
      return;
    }
    await sleep(answer.waitMs, head.gone.signal).catch(noop);
  }

  /**
   * Takes one point of the current window: granted with the wait until its slot, or refused with
   * the wait until the window ends; `local` while Redis is out of reach.
   */
  async #consume(): Promise<ConsumeAnswer> {
    const { link, key, perSecond, burst } = this.#settings;
    const result = await link.run(() =>
      this.#limiter.consume(key).then(
        (res) => res,
        // rate-limiter-flexible rejects with its answer when the window is full, with an Error when Redis fails.
        (reason: unknown) => {
          if (reason instanceof RateLimiterRes) return reason;
          throw reason;
        },
      ),
    );
    if (!result.redis) return 'local';
    const res = result.value;
    if (res.consumedPoints > perSecond) return { granted: false, waitMs: Math.max(1, res.msBeforeNext) };
    const sinceWindowOpened = WINDOW_MS - res.msBeforeNext;
    const slotAt = (Math.max(0, res.consumedPoints - burst) * WINDOW_MS) / perSecond;
    return { granted: true, waitMs: Math.max(0, slotAt - sinceWindowOpened) };
  }

  #remove(waiter: Waiter): boolean {
    if (!this.#queue.delete(waiter)) return false;
    waiter.cleanup();
    waiter.gone.abort();
    return true;
  }

  #leave(waiter: Waiter, reason: unknown): void {
    if (this.#remove(waiter)) waiter.reject(reason);
  }
}

function first<T>(set: Set<T>): T | undefined {
  return set.values().next().value;
}

function noop(): void {}

// Checked on first use: see lazy.ts.
const optionsSchema = lazy(() =>
  z.strictObject({
    ...redisLinkOptions,
    key: z.string().check(z.minLength(1), z.maxLength(200)),
    perSecond: z.optional(z.int().check(z.gte(1))),
    burst: z.optional(z.int().check(z.gte(1))),
    localPerSecond: z.optional(z.number().check(z.positive())),
  }),
);

/**
 * A rate limiter shared by every process that uses one API key, counted in Redis
 * (docs/fleet.md). Pass it as a client's `rateLimit`, as you would a `RateLimiter`.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { DidwwClient } from 'reservekit/didww';
 * import { createRedisRateLimiter } from 'reservekit/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 * const rateLimit = createRedisRateLimiter({ redis, key: 'didww:production', perSecond: 20 });
 * const client = new DidwwClient({ apiKey: process.env.DIDWW_API_KEY ?? '', environment: 'production', rateLimit });
 * ```
 * @throws {InputValidationError} for options that are not valid (before anything is sent to Redis).
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const checked = parseInput(optionsSchema(), options, undefined, 'createRedisRateLimiter');
  const perSecond = checked.perSecond ?? DIDWW_REQUESTS_PER_SECOND;
  return new RedisRateLimiter({
    link: redisLinkOf(checked, 'rateLimiter'),
    key: checked.key,
    perSecond,
    burst: Math.min(checked.burst ?? 1, perSecond),
    localPerSecond: checked.localPerSecond ?? perSecond,
  });
}
