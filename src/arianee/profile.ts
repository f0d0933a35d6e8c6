import { credentialHeader, staticCredential } from '../core/credential.js';
import { Secrets } from '../core/redact.js';
import type { ProviderProfile } from '../core/transport.js';
import { API_KEY_ADVICE, type ArianeeSettings } from './client-options.js';
import { authHint, describeArianeeError } from './describe-error.js';

/** What the transport needs to talk to a brand's NMP. */
export function arianeeProfile(settings: ArianeeSettings): ProviderProfile {
  const { apiKey, authHeader, authScheme } = settings;
  return {
    provider: 'arianee',
    baseUrl: settings.baseUrl,
    headers: {
      // `link` answers in text, the other formats in JSON.
      accept: 'application/json, text/plain;q=0.9, */*;q=0.8',
      [authHeader]: credentialHeader(
        apiKey,
        'apiKey',
        API_KEY_ADVICE,
        authScheme === null ? undefined : (key) => `${authScheme} ${key}`,
      ),
    },
    jsonContentType: 'application/json',
    secrets: new Secrets([staticCredential(apiKey)]),
    requestIdHeaders: ['x-request-id', 'x-correlation-id'],
    describeError: (response) => ({
      ...describeArianeeError(response),
      hint: authHint(response.status, settings),
    }),
  };
}
