import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import * as z from 'zod/mini';
import { type AccessToken, MemoryTokenStore, type TokenStore } from '../core/access-token.js';
import { parseInput } from '../core/input.js';
import { lazy } from '../core/lazy.js';
import { sleep } from '../core/sleep.js';
import { redisLinkOptions } from './options.js';
import { type OnRedisError, type RedisLink, redisLinkOf } from './redis-link.js';
import { openToken, sealToken } from './token-seal.js';

/** Options of {@link createRedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /** A connected ioredis client. The store never closes it. */
  redis: Redis;
  /**
   * A secret every process of the fleet has and Redis does not: tokens are sealed with a key
   * derived from it (AES-256-GCM), so that a Redis dump does not show them. The API key itself is
   * the natural choice. At least 16 characters; never stored.
   */
  secret: string;
  /**
   * How long the mint lock is held at most, in ms: a process that dies while minting keeps the
   * others waiting this long before one of them mints. Default 5,000.
   */
  lockTtlMs?: number;
  /**
   * When Redis cannot be reached: `'local'` (default) keeps tokens in this process and mints here
   * (one mint per process), publishing on `reservekit:redis:fallback`; `'fail'` fails the call.
   */
  onRedisError?: OnRedisError;
  /** The longest a Redis command may take before it counts as a failure, in ms. Default 500. */
  redisTimeoutMs?: number;
  /** After a Redis failure, how long this process works alone before it tries Redis again, in ms. Default 5,000. */
  redisRetryAfterMs?: number;
}

/** How long the mint lock is held at most, by default. */
const DEFAULT_LOCK_TTL_MS = 5000;

/** How often a process waiting for another's mint looks for the token. */
const POLL_MS = 50;

// Deletes the lock only if this process still holds it: an expired lock may be another's by now.
const RELEASE_LOCK =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/** The settings {@link RedisTokenStore} runs with, checked. */
interface RedisTokenStoreSettings {
  readonly link: RedisLink;
  readonly secret: string;
  readonly lockTtlMs: number;
}

/**
 * A {@link TokenStore} in Redis for DIDWW's bearer tokens (API 2026-11-19): one mint across the
 * fleet under a short lock, the others waiting for the stored token; tokens sealed with a key
 * derived from `secret`; each entry expiring with its token (docs/fleet.md, "Tokens").
 */
export class RedisTokenStore implements TokenStore {
  readonly #settings: RedisTokenStoreSettings;
  /** The tokens this process saw or minted: read while Redis is out of reach. */
  readonly #local = new MemoryTokenStore();

  /** @internal Made by {@link createRedisTokenStore}, which checks the options. */
  constructor(settings: RedisTokenStoreSettings) {
    this.#settings = settings;
  }

  /** The token under `key`, opened; `undefined` when none, or when it does not open. */
  async get(key: string): Promise<AccessToken | undefined> {
    const read = await this.#settings.link.run((redis) => redis.get(key));
    if (!read.redis) return this.#local.get(key);
    if (read.value === null) return undefined;
    const token = openToken(read.value, this.#settings.secret, key);
    return token && token.expiresAt > Date.now() ? token : undefined;
  }

  /** Keeps `token` under `key`, sealed, until it expires. */
  async set(key: string, token: AccessToken): Promise<void> {
    this.#local.set(key, token);
    const ttlMs = Math.floor(token.expiresAt - Date.now());
    if (ttlMs <= 0) return;
    const sealed = sealToken(token, this.#settings.secret, key);
    await this.#settings.link.run((redis) => redis.set(key, sealed, 'PX', ttlMs));
  }

  /**
   * Mints under a lock in Redis (`SET key:lock NX PX lockTtlMs`), or waits for the process holding
   * it to store its token. While Redis is out of reach (`onRedisError: 'local'`), mints here.
   * @throws {RedisUnavailableError} when Redis fails and `onRedisError` is `'fail'`.
   */
  async mintOnce(
    key: string,
    mint: () => Promise<AccessToken>,
    replaces: string | undefined,
  ): Promise<AccessToken> {
    const { link, lockTtlMs } = this.#settings;
    const lock = `${key}:lock`;
    const owner = randomUUID();
    for (;;) {
      const locked = await link.run((redis) => redis.set(lock, owner, 'PX', lockTtlMs, 'NX'));
      if (!locked.redis) return mint();
      if (locked.value === 'OK') {
        try {
          // Another process may have minted between this one's read and its lock.
          return (await this.#minted(key, replaces)) ?? (await mint());
        } finally {
          await link.run((redis) => redis.eval(RELEASE_LOCK, 1, lock, owner)).catch(ignore);
        }
      }
      // Another process mints: its token comes, or its lock expires (it died) and this one tries.
      await sleep(POLL_MS);
      const minted = await this.#minted(key, replaces);
      if (minted) return minted;
    }
  }

  /** A token other than `replaces`, still valid: one another process has minted. */
  async #minted(key: string, replaces: string | undefined): Promise<AccessToken | undefined> {
    const current = await this.get(key);
    return current && current.token !== replaces ? current : undefined;
  }
}

function ignore(): void {}

// Checked on first use: see lazy.ts.
const optionsSchema = lazy(() =>
  z.strictObject({
    ...redisLinkOptions,
    secret: z.string().check(z.minLength(16, { error: 'secret must be at least 16 characters' })),
    lockTtlMs: z.optional(z.int().check(z.gte(100), z.lte(120_000))),
  }),
);

/**
 * A token store shared by every process that uses one DIDWW API key (API 2026-11-19 and later):
 * pass it as the client's `tokenStore` (docs/fleet.md).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { DidwwClient } from 'reservekit/didww';
 * import { createRedisTokenStore } from 'reservekit/redis';
 *
 * const apiKey = process.env.DIDWW_API_KEY ?? '';
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 * const client = new DidwwClient({
 *   apiKey,
 *   apiVersion: '2026-11-19',
 *   tokenUrl: process.env.DIDWW_TOKEN_URL ?? '',
 *   tokenStore: createRedisTokenStore({ redis, secret: apiKey }),
 * });
 * ```
 * @throws {InputValidationError} for options that are not valid.
 */
export function createRedisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  const checked = parseInput(optionsSchema(), options, undefined, 'createRedisTokenStore');
  return new RedisTokenStore({
    link: redisLinkOf(checked, 'tokenStore'),
    secret: checked.secret,
    lockTtlMs: checked.lockTtlMs ?? DEFAULT_LOCK_TTL_MS,
  });
}
