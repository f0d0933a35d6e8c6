import diagnosticsChannel from 'node:diagnostics_channel';

/**
 * The `node:diagnostics_channel` name a Redis limiter or token store publishes on when Redis cannot
 * be reached and it falls back to this process alone (`onRedisError: 'local'`; docs/fleet.md).
 * Apart from `CHANNELS`, as `CALL_TRACING_CHANNEL` is: only `reservekit/redis` publishes on it.
 */
export const REDIS_FALLBACK_CHANNEL = 'reservekit:redis:fallback';

/** Published on {@link REDIS_FALLBACK_CHANNEL} each time a Redis limiter or store goes local. */
export interface RedisFallbackEvent {
  /** Which one fell back: `rateLimiter` or `tokenStore`. */
  component: 'rateLimiter' | 'tokenStore';
  /** Why: the Redis error's message, or that Redis was not ready or too slow. Never a token. */
  reason: string;
  /** How long this process stays local before it tries Redis again, in ms. */
  retryInMs: number;
}

// Looked up on first use: importing the entry does no work (as diagnostics.ts does).
let channel: diagnosticsChannel.Channel | undefined;

/** Publishes a fallback event when anyone listens. */
export function publishFallback(event: RedisFallbackEvent): void {
  channel ??= diagnosticsChannel.channel(REDIS_FALLBACK_CHANNEL);
  if (channel.hasSubscribers) channel.publish(event);
}
