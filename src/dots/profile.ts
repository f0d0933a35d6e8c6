import {
  CredentialHeader,
  credentialHeader,
  type HeaderValue,
  staticCredential,
} from '../core/credential.js';
import { Secrets } from '../core/redact.js';
import type { ProviderProfile } from '../core/transport.js';
import { type DotsSettings, TOKEN_ADVICE } from './client-options.js';
import { describeDotsError } from './describe-error.js';
import { DEFAULT_CONFLICT_PATTERNS } from './error-messages.js';

/**
 * What the transport needs to talk to Dots.eco, with the write token (`authToken`). `app_token` is
 * not a header: it travels in the body (`add`) or the path (`list`).
 */
export function dotsProfile(settings: DotsSettings): ProviderProfile {
  const patterns = { ...DEFAULT_CONFLICT_PATTERNS, ...settings.conflictPatterns };
  return {
    provider: 'dots',
    baseUrl: settings.baseUrl,
    headers: {
      'auth-token': credentialHeader(settings.authToken, 'authToken', TOKEN_ADVICE),
      accept: 'application/json',
    },
    jsonContentType: 'application/json',
    secrets: new Secrets([
      staticCredential(settings.authToken),
      staticCredential(settings.readAuthToken),
      settings.appToken,
    ]),
    // A read token given as a function is read on writes too: its key is redacted from them.
    keySources: settings.readAuthHeader instanceof CredentialHeader ? [settings.readAuthHeader] : undefined,
    requestIdHeaders: ['x-request-id'],
    describeError: (response) => describeDotsError(response, patterns),
  };
}

/** Headers of read calls: the read-only token when one is configured (writes keep the profile's). */
export function dotsReadHeaders(settings: DotsSettings): Record<string, HeaderValue> | undefined {
  return settings.readAuthHeader === undefined ? undefined : { 'auth-token': settings.readAuthHeader };
}
