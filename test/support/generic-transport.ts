import { z } from 'zod';
import { parseBaseUrl } from '../../src/core/base-url.js';
import type { ProviderErrorInfo } from '../../src/core/error-mapping.js';
import type { OnceOperation } from '../../src/core/operation.js';
import type { TransportOptions } from '../../src/core/options.js';
import { Secrets } from '../../src/core/redact.js';
import { type Operation, type ProviderProfile, Transport } from '../../src/core/transport.js';

export const TEST_KEY = 'sk_test_4f8a9c2e1b7d6053aa91';

/**
 * A transport with a plain JSON provider profile (`{ code, message }` errors, `x-request-id`),
 * used to test the shared core without any one provider's rules.
 */
export function genericTransport(
  baseUrl: string,
  options: TransportOptions = {},
  profile: Partial<ProviderProfile> = {},
): Transport {
  return new Transport(
    {
      provider: 'arianee',
      baseUrl: parseBaseUrl(baseUrl, 'arianee'),
      headers: { authorization: `Bearer ${TEST_KEY}`, accept: 'application/json' },
      jsonContentType: 'application/json',
      secrets: new Secrets([TEST_KEY]),
      requestIdHeaders: ['x-request-id'],
      describeError(response): ProviderErrorInfo {
        const body = response.body;
        if (body.kind === 'json' && body.value && typeof body.value === 'object') {
          const { code, message } = body.value as { code?: unknown; message?: unknown };
          return {
            providerCode: typeof code === 'string' ? code : undefined,
            message: typeof message === 'string' ? message : undefined,
          };
        }
        return {};
      },
      ...profile,
    },
    { retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...options },
  );
}

const Item = z.object({ id: z.string(), n: z.number() });

/**
 * `GET /item`: a read when `idempotent`, else a `once` call (a reservation that happens to be a GET,
 * like Arianee's reserveOne), with `extra` fields over the defaults.
 */
export function getItem(
  idempotent = true,
  extra: Partial<OnceOperation<{ id: string; n: number }>> = {},
): Operation<{ id: string; n: number }> {
  const decode = (response: { body: { kind: string; value?: unknown } }) =>
    Item.parse(response.body.kind === 'json' ? response.body.value : undefined);
  const base = { name: 'test.getItem', method: 'GET' as const, path: '/item', decode };
  if (idempotent) {
    const { effect: _effect, lookup: _lookup, unknownOutcomeNote: _note, ...rest } = extra;
    return { ...base, ...rest, effect: 'read' };
  }
  return { ...base, unknownOutcomeNote: 'an item may have been reserved', ...extra, effect: 'once' };
}
