import * as z from 'zod/mini';
import { type BaseUrl, parseBaseUrl } from '../core/base-url.js';
import { type CredentialSource, credentialSource } from '../core/credential.js';
import { lazy } from '../core/lazy.js';
import type { TransportOptions } from '../core/options.js';
import { clientOptionsSchema } from '../core/options-schema.js';
import type { RateLimiter } from '../core/rate-limiter.js';
import { wellFormedString } from '../core/well-formed.js';
import { BEARER_TOKEN_API_VERSION, DEFAULT_DIDWW_API_VERSION } from './api-version.js';
import {
  DEFAULT_LOOKUP_CLOCK_SKEW_MS,
  DEFAULT_LOOKUP_MAX_PAGES,
  type HoldLookupSettings,
} from './hold-lookup.js';
import { createRateLimiter, type DidwwRateLimit, rateLimitOptionSchema } from './rate-limit.js';

/** Why the DIDWW key takes no scheme prefix: the one check of a key, given or returned by a function. */
export const API_KEY_ADVICE = 'DIDWW takes the key alone';

/**
 * DIDWW's hosts. Sandbox and production are separate accounts with separate API keys: a key of
 * one is refused (401) by the other.
 */
export const DIDWW_BASE_URLS = {
  /** The sandbox account's host (the default). */
  sandbox: 'https://sandbox-api.didww.com/v3',
  /** The production account's host. */
  production: 'https://api.didww.com/v3',
} as const;

/** Which DIDWW account the key belongs to. */
export type DidwwEnvironment = keyof typeof DIDWW_BASE_URLS;

/** DIDWW's own client options. */
export interface DidwwOptions {
  /**
   * The API key from the DIDWW user panel, sent as `Api-Key` (never with a `Bearer` prefix); or a
   * function returning it (sync or async), read before every request, so that a rotated key needs
   * no new client.
   */
  apiKey: CredentialSource;
  /** `sandbox` (default, as in DIDWW's own SDKs) or `production`. */
  environment?: DidwwEnvironment;
  /** Overrides the environment's host. Includes the `/v3` prefix, e.g. `https://sandbox-api.didww.com/v3`. */
  baseUrl?: string;
  /**
   * Sent as `X-DIDWW-API-Version`. Default `2026-04-16`. A version older than your account's default
   * is ignored by DIDWW. `2026-11-19` and later need bearer tokens, which reservekit does not support yet.
   */
  apiVersion?: string;
  /**
   * Client-side pacing under DIDWW's 20 requests/second per key. Default `{ requestsPerSecond: 20, burst: 1 }`.
   * Pass one `RateLimiter` to every client that shares an API key, or `false` to turn pacing off.
   */
  rateLimit?: DidwwRateLimit | RateLimiter | false;
  /**
   * Response headers read as the request id, first match wins. DIDWW documents none; default `['x-request-id']`.
   */
  requestIdHeaders?: readonly string[];
  /**
   * How many pages (of 100 reservations) `didReservations.create` reads at most when it looks for
   * the hold of an attempt whose outcome is unknown. Default 20, far above any plan's cap on holds.
   * A list that goes on beyond them fails the lookup (the create's outcome is then reported unknown)
   * instead of being followed forever.
   */
  lookupMaxPages?: number;
  /**
   * How much earlier than the call's start a hold's `created_at` may be for `didReservations.create`
   * to take it as the hold of its own lost attempt, in ms. DIDWW stamps `created_at` with its clock
   * and the call's start is read from this machine's, so the two differ a little. Default 120,000
   * (two minutes); raise it if this machine's clock runs ahead of DIDWW's by more. A hold made
   * earlier is not this call's: the create is sent again and answers `status: 'updated'`.
   */
  lookupClockSkewMs?: number;
}

/** Everything `new DidwwClient(...)` takes: DIDWW's options and the shared transport options. */
export type DidwwClientOptions = DidwwOptions & TransportOptions;

/** The options after validation and defaults. */
export interface DidwwSettings {
  apiKey: CredentialSource;
  /** The transport's options, checked. */
  transport: TransportOptions;
  baseUrl: BaseUrl;
  /** The environment whose host `baseUrl` is; `undefined` when the `baseUrl` option chose it. */
  environment: { name: DidwwEnvironment; byDefault: boolean } | undefined;
  apiVersion: string;
  rateLimiter: RateLimiter | undefined;
  requestIdHeaders: readonly string[];
  holdLookup: HoldLookupSettings;
}

// DIDWW's options and the transport's, checked together. Built on first use: see lazy.ts.
export const didwwOptionsSchema = lazy(() =>
  clientOptionsSchema(
    {
      apiKey: credentialSource('apiKey', API_KEY_ADVICE),
      environment: z.optional(z.enum(['sandbox', 'production'])),
      baseUrl: z.optional(wellFormedString()),
      apiVersion: z.optional(
        z.string().check(
          z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'apiVersion must be a date such as 2026-04-16' }),
          z.refine((version) => version < BEARER_TOKEN_API_VERSION, {
            error: `API versions from ${BEARER_TOKEN_API_VERSION} refuse the Api-Key header and need bearer tokens, which reservekit does not support yet`,
          }),
        ),
      ),
      rateLimit: z.optional(rateLimitOptionSchema()),
      requestIdHeaders: z.optional(z.array(wellFormedString().check(z.minLength(1)))),
      lookupMaxPages: z.optional(z.int().check(z.gte(1))),
      lookupClockSkewMs: z.optional(z.int().check(z.gte(0))),
    },
    'DidwwClient needs an options object with apiKey',
  ),
);

/** The options as {@link didwwOptionsSchema} checked them. */
export type DidwwCheckedOptions = z.output<ReturnType<typeof didwwOptionsSchema>>;

/**
 * The checked options with the defaults applied; the transport's options apart.
 * @throws {InputValidationError} for a base URL the transport refuses.
 */
export function resolveDidwwSettings(options: DidwwCheckedOptions): DidwwSettings {
  const {
    apiKey,
    environment,
    baseUrl: baseUrlOption,
    apiVersion,
    rateLimit,
    requestIdHeaders,
    lookupMaxPages,
    lookupClockSkewMs,
    ...transport
  } = options;
  const baseUrl = baseUrlOption ?? DIDWW_BASE_URLS[environment ?? 'sandbox'];
  return {
    apiKey,
    transport,
    baseUrl: parseBaseUrl(baseUrl, 'didww', transport.allowInsecureHttp),
    environment:
      baseUrlOption === undefined
        ? { name: environment ?? 'sandbox', byDefault: environment === undefined }
        : undefined,
    apiVersion: apiVersion ?? DEFAULT_DIDWW_API_VERSION,
    rateLimiter: createRateLimiter(rateLimit),
    requestIdHeaders: (requestIdHeaders ?? ['x-request-id']).map((name) => name.toLowerCase()),
    holdLookup: {
      maxPages: lookupMaxPages ?? DEFAULT_LOOKUP_MAX_PAGES,
      clockSkewMs: lookupClockSkewMs ?? DEFAULT_LOOKUP_CLOCK_SKEW_MS,
    },
  };
}
