import * as z from 'zod/mini';
import { type BaseUrl, parseBaseUrl } from '../core/base-url.js';
import {
  type CredentialSource,
  credential,
  credentialHeader,
  credentialSource,
  type HeaderValue,
} from '../core/credential.js';
import { lazy } from '../core/lazy.js';
import type { TransportOptions } from '../core/options.js';
import { clientOptionsSchema, strictOptions } from '../core/options-schema.js';
import { appTokenRule } from './app-token.js';
import type { DotsConflictPatterns } from './error-messages.js';

/** Where the Dots.eco API lives unless `baseUrl` says otherwise. */
export const DOTS_DEFAULT_BASE_URL = 'https://impact.dots.eco/api/v1';

/** Dots.eco settings of a {@link DotsClient}. */
export interface DotsOptions {
  /**
   * Company token sent as the `auth-token` header ("Edit Company" page, "Company Tools" menu).
   * Used for writes, and for reads when `readAuthToken` is not set. Or a function returning it
   * (sync or async), read before every request, so that a rotated token needs no new client.
   */
  authToken: CredentialSource;
  /**
   * A read-only company token, sent instead of `authToken` on reads (`list`, lookups); a function
   * is read before every request (see docs/transport.md, "Rotating keys").
   */
  readAuthToken?: CredentialSource;
  /** The default app token (app dashboard); every call can pass its own `appToken`. */
  appToken?: string;
  /** Default `https://impact.dots.eco/api/v1`. `https:` only, except to a loopback host. */
  baseUrl?: string;
  /**
   * How duplicate-`code` and duplicate-`external_unique_id` messages are recognised. Dots.eco does
   * not document their wording; see docs/dots.md for the defaults.
   */
  conflictPatterns?: DotsConflictPatterns;
}

/** Everything a {@link DotsClient} takes: Dots.eco settings and the transport options. */
export type DotsClientOptions = DotsOptions & TransportOptions;

/** Why a Dots.eco token takes no scheme prefix: one check for a token, given or returned by a function. */
export const TOKEN_ADVICE = 'Dots.eco takes the token alone';

// Dots.eco's options and the transport's, checked together. Built on first use (see lazy.ts).
export const dotsOptionsSchema = lazy(() =>
  clientOptionsSchema(
    {
      authToken: credentialSource('authToken', TOKEN_ADVICE),
      readAuthToken: z.optional(credentialSource('readAuthToken', TOKEN_ADVICE)),
      // Also a path segment of list calls: the per-call rule applies to the default too.
      appToken: z.optional(credential('appToken', TOKEN_ADVICE).check(appTokenRule)),
      baseUrl: z.optional(z.string()),
      conflictPatterns: z.optional(
        strictOptions(
          {
            code: z.optional(z.instanceof(RegExp)),
            externalUniqueId: z.optional(z.instanceof(RegExp)),
          },
          'conflictPatterns must be an object such as { code: /taken/i }',
        ),
      ),
    },
    'DotsClient needs an options object with authToken',
  ),
);

/** The options as {@link dotsOptionsSchema} checked them. */
export type DotsCheckedOptions = z.output<ReturnType<typeof dotsOptionsSchema>>;

/** The options after validation and defaults. */
export interface DotsSettings {
  /** The transport's options, checked. */
  transport: TransportOptions;
  baseUrl: BaseUrl;
  authToken: CredentialSource;
  readAuthToken: CredentialSource | undefined;
  /**
   * The `auth-token` value of reads when `readAuthToken` is set: one object, so that the profile's
   * key sources and the read calls' headers read a token function once per request.
   */
  readAuthHeader: HeaderValue | undefined;
  appToken: string | undefined;
  conflictPatterns: DotsConflictPatterns | undefined;
}

/**
 * The checked options with the defaults applied; the transport's options apart.
 * @throws {InputValidationError} for a base URL the transport refuses.
 */
export function resolveDotsSettings(options: DotsCheckedOptions): DotsSettings {
  const {
    authToken,
    readAuthToken,
    appToken,
    baseUrl: baseUrlOption,
    conflictPatterns,
    ...transport
  } = options;
  return {
    transport,
    baseUrl: parseBaseUrl(baseUrlOption ?? DOTS_DEFAULT_BASE_URL, 'dots', transport.allowInsecureHttp),
    authToken,
    readAuthToken,
    readAuthHeader:
      readAuthToken === undefined
        ? undefined
        : credentialHeader(readAuthToken, 'readAuthToken', TOKEN_ADVICE),
    appToken,
    conflictPatterns,
  };
}
