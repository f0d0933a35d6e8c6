import * as z from 'zod/mini';
import { MemoryTokenStore, type TokenStore } from '../core/access-token.js';
import { type BaseUrl, parseBaseUrl } from '../core/base-url.js';
import { type CredentialSource, credentialSource } from '../core/credential.js';
import { lazy } from '../core/lazy.js';
import type { TransportOptions } from '../core/options.js';
import { clientOptionsSchema } from '../core/options-schema.js';
import type { RateLimiter } from '../core/rate-limiter.js';
import { wellFormedString } from '../core/well-formed.js';
import {
  DEFAULT_TOKEN_REFRESH_MARGIN_MS,
  type DidwwTokenSettings,
  type TokenResponse,
} from './access-token.js';
import { BEARER_TOKEN_API_VERSION, DEFAULT_DIDWW_API_VERSION, usesBearerTokens } from './api-version.js';
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
   * no new client. Under API version 2026-11-19 and later it is sent only to the token service, to
   * mint bearer tokens (see `tokenUrl`).
   */
  apiKey: CredentialSource;
  /** `sandbox` (default, as in DIDWW's own SDKs) or `production`. */
  environment?: DidwwEnvironment;
  /** Overrides the environment's host. Includes the `/v3` prefix, e.g. `https://sandbox-api.didww.com/v3`. */
  baseUrl?: string;
  /**
   * Sent as `X-DIDWW-API-Version`. Default `2026-04-16`. A version older than your account's default
   * is ignored by DIDWW. From `2026-11-19` DIDWW refuses the `Api-Key` header on API calls and wants
   * bearer tokens minted from the key: then `tokenUrl` is required (docs/didww.md, "Choosing an API
   * version").
   */
  apiVersion?: string;
  /**
   * API version 2026-11-19 and later: the token service's URL, e.g. `https://…/token`; the client
   * mints tokens with `POST {tokenUrl}` carrying the key in `Api-Key`. DIDWW does not publish the
   * token service's hosts, so there is no default: take it from your DIDWW account or support
   * (docs/didww.md, "Bearer tokens"). Refused with older versions, which do not use it.
   */
  tokenUrl?: string;
  /**
   * Where minted tokens are kept. Default: a `MemoryTokenStore` of this client. Pass one store to
   * every client that shares the key (one token for all), or your own on a shared cache for a fleet.
   */
  tokenStore?: TokenStore;
  /**
   * How long before a token expires a new one is minted, in ms. Default 60,000; half the token's
   * lifetime when it lives less than twice this.
   */
  tokenRefreshMarginMs?: number;
  /**
   * Reads the token service's answer (its JSON body, or its text) when it is in none of the shapes
   * reservekit reads by itself (`{ access_token, expires_in }`, `{ token, expires_at }`, a JSON:API
   * document carrying them). Return `undefined` when the body holds no token. DIDWW does not
   * publish the answer's fields. Never log the body: it holds the token.
   */
  parseTokenResponse?: (body: unknown) => TokenResponse | undefined;
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
  /** Bearer tokens, under API versions that need them; `undefined`: the key goes in `Api-Key`. */
  tokens: DidwwTokenSettings | undefined;
  rateLimiter: RateLimiter | undefined;
  requestIdHeaders: readonly string[];
  holdLookup: HoldLookupSettings;
}

// A day: a margin beyond it is a unit mistake (seconds for ms).
const MAX_TOKEN_MARGIN_MS = 86_400_000;

function isTokenStore(value: unknown): value is TokenStore {
  const store = value as Partial<TokenStore> | null;
  return (
    typeof value === 'object' &&
    store !== null &&
    typeof store.get === 'function' &&
    typeof store.set === 'function'
  );
}

/** Where the 2026-11-19 authentication is documented: named by the errors that ask for `tokenUrl`. */
export const TOKEN_DOCS = 'doc.didww.com/api3/2026-11-19/authentication.md';

// The token options name what they need: a version that uses tokens, and a URL for them.
function tokenOptionsProblems(options: {
  apiVersion?: string | undefined;
  tokenUrl?: string | undefined;
  tokenStore?: unknown;
  tokenRefreshMarginMs?: number | undefined;
  parseTokenResponse?: unknown;
}): { path: string; message: string }[] {
  const version = options.apiVersion ?? DEFAULT_DIDWW_API_VERSION;
  if (usesBearerTokens(version))
    return options.tokenUrl === undefined
      ? [
          {
            path: 'tokenUrl',
            message: `tokenUrl is required with apiVersion ${version}: from ${BEARER_TOKEN_API_VERSION} DIDWW refuses the Api-Key header and wants bearer tokens minted at its token service, whose URL DIDWW does not publish (${TOKEN_DOCS}); take it from your DIDWW account, or use apiVersion '${DEFAULT_DIDWW_API_VERSION}'`,
          },
        ]
      : [];
  const unused = (['tokenUrl', 'tokenStore', 'tokenRefreshMarginMs', 'parseTokenResponse'] as const).filter(
    (name) => options[name] !== undefined,
  );
  return unused.map((name) => ({
    path: name,
    message: `${name} is used only with apiVersion ${BEARER_TOKEN_API_VERSION} or later (bearer tokens); apiVersion ${version} sends the key in Api-Key`,
  }));
}

// DIDWW's options and the transport's, checked together. Built on first use: see lazy.ts.
export const didwwOptionsSchema = lazy(() =>
  clientOptionsSchema(
    {
      apiKey: credentialSource('apiKey', API_KEY_ADVICE),
      environment: z.optional(z.enum(['sandbox', 'production'])),
      baseUrl: z.optional(wellFormedString()),
      apiVersion: z.optional(
        z
          .string()
          .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'apiVersion must be a date such as 2026-04-16' })),
      ),
      tokenUrl: z.optional(wellFormedString()),
      tokenStore: z.optional(
        z.custom<TokenStore>(isTokenStore, {
          error: 'tokenStore must be an object with get(key) and set(key, token) methods',
        }),
      ),
      tokenRefreshMarginMs: z.optional(z.int().check(z.gte(0), z.lte(MAX_TOKEN_MARGIN_MS))),
      parseTokenResponse: z.optional(
        z.custom<(body: unknown) => TokenResponse | undefined>((value) => typeof value === 'function', {
          error: 'parseTokenResponse must be a function',
        }),
      ),
      rateLimit: z.optional(rateLimitOptionSchema()),
      requestIdHeaders: z.optional(z.array(wellFormedString().check(z.minLength(1)))),
      lookupMaxPages: z.optional(z.int().check(z.gte(1))),
      lookupClockSkewMs: z.optional(z.int().check(z.gte(0))),
    },
    'DidwwClient needs an options object with apiKey',
  ).check(
    z.superRefine((options, context) => {
      for (const { path, message } of tokenOptionsProblems(options))
        context.issues.push({ code: 'custom', path: [path], message, input: options });
    }),
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
    tokenUrl,
    tokenStore,
    tokenRefreshMarginMs,
    parseTokenResponse,
    rateLimit,
    requestIdHeaders,
    lookupMaxPages,
    lookupClockSkewMs,
    ...transport
  } = options;
  const baseUrl = baseUrlOption ?? DIDWW_BASE_URLS[environment ?? 'sandbox'];
  return {
    tokens:
      tokenUrl === undefined
        ? undefined
        : {
            tokenUrl: parseBaseUrl(tokenUrl, 'didww', transport.allowInsecureHttp, 'tokenUrl'),
            store: tokenStore ?? new MemoryTokenStore(),
            refreshMarginMs: tokenRefreshMarginMs ?? DEFAULT_TOKEN_REFRESH_MARGIN_MS,
            parse: parseTokenResponse,
          },
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
