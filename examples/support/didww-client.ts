import { DidwwClient } from 'reservekit/didww';
import type { ExampleEnv } from './example-env.js';

/**
 * The examples' DIDWW client: API 2026-11-19 with bearer tokens when a token service is known (the
 * simulator's, or `RESERVEKIT_DIDWW_TOKEN_URL`), else 2026-04-16 with `Api-Key`.
 */
export function didwwClient(env: ExampleEnv): DidwwClient {
  const { tokenUrl } = env.didww;
  return new DidwwClient({
    apiKey: env.didww.apiKey,
    environment: env.didww.environment,
    baseUrl: env.didww.baseUrl || undefined,
    ...(tokenUrl ? { apiVersion: '2026-11-19', tokenUrl } : {}),
  });
}

/** The DIDWW id of the examples' country, from its ISO code. */
export async function exampleCountry(client: DidwwClient, env: ExampleEnv) {
  const [country] = (await client.countries.list({ filter: { iso: env.didww.countryIso } })).data;
  if (!country) throw new Error(`DIDWW has no country ${env.didww.countryIso}`);
  return country;
}
