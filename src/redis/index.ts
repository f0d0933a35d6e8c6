/**
 * reservekit/redis: a fleet of processes sharing one API key, coordinated through Redis: a rate
 * limiter counted by rate-limiter-flexible, and a token store minting DIDWW's bearer tokens once
 * for the fleet. Needs `ioredis` (an optional peer dependency): the app brings and connects the
 * client (docs/fleet.md).
 * @packageDocumentation
 */

import '../core/node-version.js';

export { REDIS_FALLBACK_CHANNEL, type RedisFallbackEvent } from './fallback-event.js';
export { createRedisRateLimiter, RedisRateLimiter, type RedisRateLimiterOptions } from './rate-limiter.js';
export { type OnRedisError, RedisUnavailableError } from './redis-link.js';
export { createRedisTokenStore, RedisTokenStore, type RedisTokenStoreOptions } from './token-store.js';
