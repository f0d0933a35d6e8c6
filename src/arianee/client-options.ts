import * as z from 'zod/mini';
import { type BaseUrl, parseBaseUrl } from '../core/base-url.js';
import { type CredentialSource, credentialSource } from '../core/credential.js';
import { lazy } from '../core/lazy.js';
import type { TransportOptions } from '../core/options.js';
import { clientOptionsSchema } from '../core/options-schema.js';

/** What `ArianeeClient` needs to know about the brand's NMP. */
export interface ArianeeOptions {
  /**
   * The brand's NMP host, the `nmpUrl` of the Arianee docs (`https://{{nmpUrl}}/...`), e.g.
   * `https://mybrand.nmp.arianee.com`. A bare host gets `https://` in front. Required.
   */
  baseUrl: string;
  /**
   * API key of an NMP user whose profile has the `certCreate` right; or a function returning it
   * (sync or async), read before every request, so that a rotated key needs no new client.
   */
  apiKey: CredentialSource;
  /**
   * Header that carries the key. Default `authorization`. The NMP docs do not show which header
   * they expect, hence the option (docs/arianee.md, "Authentication").
   */
  authHeader?: string;
  /**
   * Word sent before the key in `authHeader`, e.g. `Bearer` or `Token`; `null` sends the bare key.
   * Default: `Bearer` in `authorization`, the bare key in any other header (`x-api-key: <key>`).
   */
  authScheme?: string | null;
}

/** Options of `ArianeeClient`: the provider's, plus every transport option (timeouts, retries, …). */
export type ArianeeClientOptions = ArianeeOptions & TransportOptions;

// RFC 9110 `token`: what a header name, or an auth scheme, may be made of.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// Headers the transport writes itself: the key must not replace one of them.
const TRANSPORT_HEADERS = new Set([
  'accept',
  'connection',
  'content-length',
  'content-type',
  'host',
  'transfer-encoding',
  'user-agent',
]);

/** Why the Arianee key takes no scheme prefix: the one check of a key, given or returned by a function. */
export const API_KEY_ADVICE = 'the client adds authScheme itself';

// Messages never quote the value: it may be the key. Built on first use: see lazy.ts.
export const arianeeOptionsSchema = lazy(() =>
  clientOptionsSchema(
    {
      baseUrl: z
        .string({ error: "baseUrl (the brand's nmpUrl) is required" })
        .check(z.trim(), z.minLength(1, "baseUrl (the brand's nmpUrl) is required")),
      apiKey: credentialSource('apiKey', API_KEY_ADVICE),
      // A header name and a scheme are RFC 9110 tokens: no space, CR, LF or NUL can get into the header.
      authHeader: z._default(
        z.string({ error: 'authHeader must be a header name' }).check(
          z.regex(TOKEN, 'authHeader must be a header name, e.g. authorization or x-api-key'),
          z.toLowerCase(),
          z.refine(
            (name) => !TRANSPORT_HEADERS.has(name),
            'authHeader cannot be a header the transport sets',
          ),
        ),
        'authorization',
      ),
      // Its default depends on authHeader: see resolveArianeeSettings.
      authScheme: z.optional(
        z.nullable(
          z
            .string({ error: 'authScheme must be a word such as Bearer, or null' })
            .check(z.regex(TOKEN, 'authScheme must be one word, e.g. Bearer, or null for the bare key')),
        ),
      ),
    },
    'ArianeeClient needs an options object with baseUrl and apiKey',
  ),
);

/** The options as {@link arianeeOptionsSchema} checked them. */
export type ArianeeCheckedOptions = z.output<ReturnType<typeof arianeeOptionsSchema>>;

/** The options after validation and defaults. */
export interface ArianeeSettings {
  /** The transport's options, checked. */
  transport: TransportOptions;
  baseUrl: BaseUrl;
  apiKey: CredentialSource;
  /** Lower case. */
  authHeader: string;
  /** `null`: the bare key. */
  authScheme: string | null;
}

/** A bare host (`mybrand.nmp.arianee.com`, as `{{nmpUrl}}` is written in the docs) becomes an https URL. */
function withScheme(baseUrl: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl) ? baseUrl : `https://${baseUrl}`;
}

/**
 * The checked options with the base URL parsed; the transport's options apart.
 * @throws {InputValidationError} for a base URL the transport refuses.
 */
export function resolveArianeeSettings(options: ArianeeCheckedOptions): ArianeeSettings {
  const { baseUrl, apiKey, authHeader, authScheme, ...transport } = options;
  return {
    transport,
    baseUrl: parseBaseUrl(withScheme(baseUrl), 'arianee', transport.allowInsecureHttp),
    apiKey,
    authHeader,
    // A custom header (`x-api-key`) carries the bare key; only `authorization` has a scheme word.
    authScheme: authScheme === undefined ? (authHeader === 'authorization' ? 'Bearer' : null) : authScheme,
  };
}
