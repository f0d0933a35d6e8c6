import type { Redis } from 'ioredis';
import * as z from 'zod/mini';

/** An ioredis client, recognised by what the limiter and the store use of it. */
function isIoredisClient(value: unknown): value is Redis {
  const client = value as Partial<Redis> | null;
  return (
    typeof value === 'object' &&
    client !== null &&
    typeof client.status === 'string' &&
    typeof client.defineCommand === 'function' &&
    typeof client.get === 'function' &&
    typeof client.eval === 'function'
  );
}

/** The options the Redis limiter and the token store share. */
export const redisLinkOptions = {
  redis: z.custom<Redis>(isIoredisClient, { error: 'redis must be an ioredis client (new Redis(...))' }),
  onRedisError: z.optional(z.enum(['local', 'fail'])),
  redisTimeoutMs: z.optional(z.int().check(z.gte(1), z.lte(60_000))),
  redisRetryAfterMs: z.optional(z.int().check(z.gte(0), z.lte(3_600_000))),
};
