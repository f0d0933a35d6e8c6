import type { BaseUrl } from '../core/base-url.js';
import type { HeaderValue } from '../core/credential.js';
import type { Secrets } from '../core/redact.js';
import type { ProviderProfile } from '../core/transport.js';
import { DEFAULT_CONFLICT_PATTERNS, type DotsConflictPatterns, describeDotsError } from './error-messages.js';

/**
 * A Dots.eco transport profile for one `auth-token` (read or write). `app_token` is not a header:
 * it travels in the body (`add`) or the path (`list`).
 */
export function dotsProfile(
  baseUrl: BaseUrl,
  authToken: HeaderValue,
  secrets: Secrets,
  conflictPatterns: DotsConflictPatterns | undefined,
): ProviderProfile {
  const patterns = { ...DEFAULT_CONFLICT_PATTERNS, ...conflictPatterns };
  return {
    provider: 'dots',
    baseUrl,
    headers: { 'auth-token': authToken, accept: 'application/json' },
    jsonContentType: 'application/json',
    secrets,
    requestIdHeaders: ['x-request-id'],
    describeError: (response) => describeDotsError(response, patterns),
  };
}
