import { credentialHeader, type HeaderValue, staticCredential } from '../core/credential.js';
import { Secrets } from '../core/redact.js';
import type { ProviderProfile } from '../core/transport.js';
import { didwwAccessToken } from './access-token.js';
import { API_KEY_ADVICE, type DidwwSettings } from './client-options.js';
import { describeDidwwError, setupHint, tokenHint } from './describe-error.js';

/** DIDWW speaks JSON:API both ways. */
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';

/**
 * What the transport needs to talk to DIDWW. With bearer tokens (API 2026-11-19 and later) the key
 * goes only to the token service, and API calls carry `Authorization: Bearer <token>` instead of
 * `Api-Key` (doc.didww.com/api3/2026-11-19/authentication.md).
 */
export function didwwProfile(settings: DidwwSettings): ProviderProfile {
  const tokens = settings.tokens;
  const key = credentialHeader(settings.apiKey, 'apiKey', API_KEY_ADVICE);
  const auth: Record<string, HeaderValue> = tokens ? {} : { 'api-key': key };
  return {
    provider: 'didww',
    baseUrl: settings.baseUrl,
    // DIDWW asks for both media-type headers on every request, GETs included (its examples, its SDKs).
    headers: {
      ...auth,
      accept: JSON_API_MEDIA_TYPE,
      'content-type': JSON_API_MEDIA_TYPE,
      'x-didww-api-version': settings.apiVersion,
    },
    jsonContentType: JSON_API_MEDIA_TYPE,
    secrets: new Secrets([staticCredential(settings.apiKey)]),
    requestIdHeaders: settings.requestIdHeaders,
    describeError: (response) => ({
      ...describeDidwwError(response),
      hint: setupHint(response.status, settings),
    }),
    rateLimiter: settings.rateLimiter,
    accessToken:
      tokens &&
      didwwAccessToken(tokens, {
        apiKey: settings.apiKey,
        apiVersion: settings.apiVersion,
        requestIdHeaders: settings.requestIdHeaders,
        keyAdvice: API_KEY_ADVICE,
        describeError: (response) => ({
          ...describeDidwwError(response),
          hint: tokenHint(response.status, settings),
        }),
      }),
  };
}
