import type { Redis } from 'ioredis';
import { publishFallback, type RedisFallbackEvent } from './fallback-event.js';

/** How long a Redis command may take before it counts as a failure, by default. */
const DEFAULT_REDIS_TIMEOUT_MS = 500;
/** How long a process works alone after a Redis failure before it tries Redis again, by default. */
const DEFAULT_REDIS_RETRY_AFTER_MS = 5000;

/** What a Redis limiter or store does when Redis cannot be reached (docs/fleet.md, "Failure modes"). */
export type OnRedisError = 'local' | 'fail';

/**
 * Redis could not be reached (not connected, an error, or no answer within `redisTimeoutMs`) and
 * `onRedisError` is `'fail'`. Nothing was sent to the provider.
 */
export class RedisUnavailableError extends Error {
  /** `RedisUnavailableError`, as printed. */
  override readonly name = 'RedisUnavailableError';
}

/** How a {@link RedisLink} runs commands. */
export interface RedisLinkSettings {
  readonly redis: Redis;
  readonly component: RedisFallbackEvent['component'];
  readonly onRedisError: OnRedisError;
  /** The longest a Redis command may take before it counts as a failure. */
  readonly timeoutMs: number;
  /** After a failure, how long this process works alone before it tries Redis again. */
  readonly retryAfterMs: number;
}

/** The options of a Redis limiter or store that say how it talks to Redis, checked. */
export interface RedisLinkOptions {
  readonly redis: Redis;
  readonly onRedisError?: OnRedisError | undefined;
  readonly redisTimeoutMs?: number | undefined;
  readonly redisRetryAfterMs?: number | undefined;
}

/** The link of a limiter or store, from its checked options with the defaults applied. */
export function redisLinkOf(
  options: RedisLinkOptions,
  component: RedisFallbackEvent['component'],
): RedisLink {
  return new RedisLink({
    redis: options.redis,
    component,
    onRedisError: options.onRedisError ?? 'local',
    timeoutMs: options.redisTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
    retryAfterMs: options.redisRetryAfterMs ?? DEFAULT_REDIS_RETRY_AFTER_MS,
  });
}

/** The answer of {@link RedisLink.run}: Redis's, or `local` (go on in this process alone). */
export type LinkResult<T> = { redis: true; value: T } | { redis: false };

/**
 * The one way the Redis limiter and token store talk to Redis: a command is not sent while the
 * client is not connected (ioredis would queue it until it reconnects: a hang), and one that takes
 * longer than the timeout counts as failed. After a failure the component works alone for
 * `retryAfterMs` (every call would otherwise wait out the timeout), publishing one fallback event;
 * with `onRedisError: 'fail'` it throws {@link RedisUnavailableError} instead.
 */
export class RedisLink {
  readonly #settings: RedisLinkSettings;
  /** `performance.now()` time until which Redis is not tried; 0: Redis is in use. */
  #localUntil = 0;

  constructor(settings: RedisLinkSettings) {
    this.#settings = settings;
  }

  get redis(): Redis {
    return this.#settings.redis;
  }

  /**
   * Runs `command` on Redis, or answers `{ redis: false }` when this process is (now) working alone.
   * @throws {RedisUnavailableError} when Redis fails and `onRedisError` is `'fail'`.
   */
  async run<T>(command: (redis: Redis) => Promise<T>): Promise<LinkResult<T>> {
    const { redis, onRedisError } = this.#settings;
    if (onRedisError === 'local' && performance.now() < this.#localUntil) return { redis: false };
    // Lost (reconnecting) or closed: no wait. Still connecting (a process just started): waited
    // for, within the timeout.
    if (!STARTING.has(redis.status) && redis.status !== 'ready')
      return this.#failed(`Redis is not connected (${redis.status})`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`Redis did not answer within ${this.#settings.timeoutMs} ms (${redis.status})`)),
        this.#settings.timeoutMs,
      );
    });
    try {
      // A command is never handed to a client that is not ready: ioredis would queue it.
      if (redis.status !== 'ready') await ready(redis, timeout);
      const value = await Promise.race([command(redis), timeout]);
      this.#localUntil = 0;
      return { redis: true, value };
    } catch (error) {
      return this.#failed(error instanceof Error ? error.message : 'Redis command failed');
    } finally {
      clearTimeout(timer);
    }
  }

  #failed(reason: string): { redis: false } {
    const { component, onRedisError, retryAfterMs } = this.#settings;
    if (onRedisError === 'fail') throw new RedisUnavailableError(`${component}: ${reason}`);
    const wasLocal = this.#localUntil !== 0;
    this.#localUntil = performance.now() + retryAfterMs;
    if (!wasLocal) publishFallback({ component, reason, retryInMs: retryAfterMs });
    return { redis: false };
  }
}

/** The statuses of an ioredis client that has not been connected yet. */
const STARTING = new Set(['wait', 'connecting', 'connect']);

/** Resolves when `redis` is connected (a lazy one is connected first), or rejects with `within`. */
async function ready(redis: Redis, within: Promise<never>): Promise<void> {
  let onReady = (): void => {};
  const connected = new Promise<void>((resolve) => {
    onReady = resolve;
    redis.once('ready', onReady);
  });
  if (redis.status === 'wait') redis.connect().catch(() => {});
  try {
    await Promise.race([connected, within]);
  } finally {
    redis.off('ready', onReady);
  }
}
