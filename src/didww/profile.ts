import { credentialHeader, staticCredential } from '../core/credential.js';
import { Secrets } from '../core/redact.js';
import type { ProviderProfile } from '../core/transport.js';
import { API_KEY_ADVICE, type DidwwSettings } from './client-options.js';
import { describeDidwwError, setupHint } from './describe-error.js';

/** DIDWW speaks JSON:API both ways. */
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';

/** What the transport needs to talk to DIDWW. */
export function didwwProfile(settings: DidwwSettings): ProviderProfile {
  return {
    provider: 'didww',
    baseUrl: settings.baseUrl,
    // DIDWW asks for both media-type headers on every request, GETs included (its examples, its SDKs).
    headers: {
      'api-key': credentialHeader(settings.apiKey, 'apiKey', API_KEY_ADVICE),
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
  };
}
