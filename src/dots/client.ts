import * as z from 'zod/mini';
import { parseBaseUrl } from '../core/base-url.js';
import { ClientBase } from '../core/client-base.js';
import {
  CredentialHeader,
  type CredentialSource,
  credential,
  credentialHeader,
  credentialSource,
  staticCredential,
} from '../core/credential.js';
import { parseInput } from '../core/input.js';
import { lazy } from '../core/lazy.js';
import type { TransportOptions } from '../core/options.js';
import { clientOptionsSchema, strictOptions } from '../core/options-schema.js';
import { Secrets } from '../core/redact.js';
import { Transport } from '../core/transport.js';
import { appTokenRule } from './app-token.js';
import { EcoClubOfferings } from './eco-club-offerings.js';
import type { DotsConflictPatterns } from './error-messages.js';
import { dotsProfile } from './profile.js';

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
   * is read before every read.
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

// Why a Dots.eco token takes no scheme prefix: one check for a token, given or returned by a function.
const TOKEN_ADVICE = 'Dots.eco takes the token alone';

// Dots.eco's options and the transport's, checked together. Built on first use (see lazy.ts).
const optionsSchema = lazy(() =>
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

/**
 * Client for the Dots.eco impact API: eco-club offerings (gift cards, redeemable impact).
 *
 * Tokens — `authToken`, `readAuthToken`, `appToken` and any per-call `appToken` — never appear in
 * an error, message, or diagnostics event. Close the client when done (`await using` works).
 *
 * @throws {InputValidationError} when `authToken` is missing, a token is malformed (blank,
 *   surrounded by spaces, with a control character, a lone surrogate, a scheme prefix or non-ASCII),
 *   `baseUrl` is not acceptable, a transport option is out of range, or an option is unknown.
 *
 * @example
 * ```ts
 * import { DotsClient, prefilledClaimUrl } from 'reservekit/dots';
 *
 * await using client = new DotsClient({ authToken: process.env.DOTS_AUTH_TOKEN!, appToken: '101-5653d113' });
 * const offering = await client.ecoClubOfferings.create({ quantity: 1, title: 'Thank you' });
 * console.log(prefilledClaimUrl(offering));
 * ```
 */
export class DotsClient extends ClientBase {
  /** Create, list and look up eco-club offerings. */
  readonly ecoClubOfferings: EcoClubOfferings;

  constructor(options: DotsClientOptions) {
    // Dots.eco's options and the transport's, checked together; the transport gets only its own.
    const {
      authToken,
      readAuthToken,
      appToken,
      baseUrl: baseUrlOption,
      conflictPatterns,
      ...transportOptions
    } = parseInput(optionsSchema(), options, 'dots', 'DotsClient');
    const baseUrl = parseBaseUrl(
      baseUrlOption ?? DOTS_DEFAULT_BASE_URL,
      'dots',
      transportOptions.allowInsecureHttp,
    );
    const secrets = new Secrets([staticCredential(authToken), staticCredential(readAuthToken), appToken]);
    const readToken =
      readAuthToken === undefined
        ? undefined
        : credentialHeader(readAuthToken, 'readAuthToken', TOKEN_ADVICE);
    const transport = new Transport(
      {
        ...dotsProfile(
          baseUrl,
          credentialHeader(authToken, 'authToken', TOKEN_ADVICE),
          secrets,
          conflictPatterns,
        ),
        // A read token given as a function is read on writes too: its key is redacted from them.
        keySources: readToken instanceof CredentialHeader ? [readToken] : undefined,
      },
      transportOptions,
    );
    super(transport);
    this.ecoClubOfferings = new EcoClubOfferings({
      transport,
      // Reads carry the read-only token when one is configured; writes the profile's token.
      readHeaders: readToken === undefined ? undefined : { 'auth-token': readToken },
      appToken,
    });
  }
}
