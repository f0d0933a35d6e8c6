import type { ArianeeSettings } from './client-options.js';

/**
 * What a 401/403 adds to the message: how the key was sent (never the key), and the options that
 * change it. The NMP docs do not say which header carries the key (PROVIDERS.md §1.2), so a refusal
 * may be the header, not the key: docs/arianee.md, "Authentication".
 */
export function authHint(
  status: number,
  { authHeader, authScheme }: Pick<ArianeeSettings, 'authHeader' | 'authScheme'>,
): string | undefined {
  if (status !== 401 && status !== 403) return undefined;
  const sent = `sent as "${authHeader}: ${authScheme === null ? '' : `${authScheme} `}<apiKey>"`;
  const right = status === 403 ? "; or the key's user lacks the certCreate right" : '';
  return `the NMP refused the API key ${sent}; the NMP docs do not confirm that header: if your NMP expects another, set authHeader (e.g. 'x-api-key', which sends the bare key) or authScheme (e.g. 'Token', or null for the bare key)${right}`;
}
