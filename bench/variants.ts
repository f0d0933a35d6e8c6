import { Agent, type Dispatcher, request } from 'undici';
import { type ArianeeClientInstance, loadBuiltArianee } from './built-sdk.js';

/** What every measured client does: reserve one passport (linkObject) from the loopback NMP. */
export interface Variant {
  readonly id: VariantId;
  readonly label: string;
  reserveOne(): Promise<unknown>;
  close(): Promise<void>;
}

export type VariantId = 'sdk' | 'undici' | 'fetch';

export const VARIANT_LABELS: Record<VariantId, string> = {
  sdk: 'reservekit reserveOne (zod-validated)',
  undici: 'raw undici.request + JSON.parse',
  fetch: 'global fetch + res.json()',
};

export const BENCH_API_KEY = 'bench-api-key-0123456789';
export const BENCH_TAG = 'bench';
const RESERVE_PATH = `/dispenser/distribution/reserveOne?tags=${BENCH_TAG}&format=linkObject`;

/** The URL the raw baselines request: what the SDK's reserveOne({ tags: 'bench' }) sends. */
export function rawReserveUrl(baseUrl: string): string {
  return baseUrl + RESERVE_PATH;
}

// The raw baselines send what the SDK sends (auth, accept, a user agent), so that the bytes on the
// wire are comparable and only the client-side work differs.
const RAW_HEADERS = {
  'user-agent': 'bench-raw',
  accept: 'application/json',
  authorization: `Bearer ${BENCH_API_KEY}`,
};

/**
 * Keep-alive, pool size and timeouts as the SDK's own agent is configured by default
 * (src/core/options.ts), so that a stalled server fails the raw run as soon as the SDK's (undici's own
 * default would wait 300 s).
 */
export function rawAgent(): Agent {
  return new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 10_000,
    connections: 64,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
}

/** A client of the built package (see built-sdk.ts), with its default options. */
export async function sdkClient(baseUrl: string): Promise<ArianeeClientInstance> {
  const { ArianeeClient } = await loadBuiltArianee();
  return new ArianeeClient({ baseUrl, apiKey: BENCH_API_KEY });
}

export async function sdkVariant(baseUrl: string): Promise<Variant> {
  const client = await sdkClient(baseUrl);
  return {
    id: 'sdk',
    label: VARIANT_LABELS.sdk,
    reserveOne: () => client.reserveOne({ tags: BENCH_TAG, format: 'linkObject' }),
    close: () => client.close(),
  };
}

/** One raw reservation: what a hand-written client without validation or retries would do. */
export function rawReserveOne(url: string, dispatcher: Agent): Promise<unknown> {
  return rawReserveOneVia(url, dispatcher);
}

/** {@link rawReserveOne} through any dispatcher (the client-cost measurement's stub). */
export async function rawReserveOneVia(url: string, dispatcher: Dispatcher): Promise<unknown> {
  const { statusCode, body } = await request(url, { dispatcher, headers: RAW_HEADERS });
  const text = await body.text();
  if (statusCode !== 200) throw new Error(`raw request got ${statusCode}`);
  return JSON.parse(text);
}

export function undiciVariant(baseUrl: string): Variant {
  const agent = rawAgent();
  const url = rawReserveUrl(baseUrl);
  return {
    id: 'undici',
    label: VARIANT_LABELS.undici,
    reserveOne: () => rawReserveOne(url, agent),
    close: () => agent.close(),
  };
}

export function fetchVariant(baseUrl: string): Variant {
  const url = rawReserveUrl(baseUrl);
  return {
    id: 'fetch',
    label: VARIANT_LABELS.fetch,
    async reserveOne() {
      const response = await fetch(url, { headers: RAW_HEADERS });
      if (response.status !== 200) throw new Error(`fetch got ${response.status}`);
      return response.json();
    },
    // fetch uses Node's global dispatcher, which the process keeps; nothing of ours to close.
    close: async () => {},
  };
}

export async function allVariants(baseUrl: string): Promise<Variant[]> {
  return [await sdkVariant(baseUrl), undiciVariant(baseUrl), fetchVariant(baseUrl)];
}
