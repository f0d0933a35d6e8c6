// DIDWW API 2026-11-19 authenticates API calls with short-lived bearer tokens minted from the API
// key: "Exchange an API key for an access token with POST /token on the DIDWW token service of your
// environment" (doc.didww.com/api3/2026-11-19/authentication.md; PROVIDERS.md 2.8). The service's
// host, the response's field names and the token's lifetime are not published: the URL is an
// option, the common response shapes are read, and a parser can be passed (docs/didww.md).

import type { AccessToken, AccessTokenSpec, TokenStore } from '../core/access-token.js';
import type { BaseUrl } from '../core/base-url.js';
import type { CredentialSource } from '../core/credential.js';
import { credential } from '../core/credential.js';
import type { HttpResponse } from '../core/error-mapping.js';
import { lazy } from '../core/lazy.js';
import type { RepeatableOperation } from '../core/operation.js';
import { Secrets } from '../core/redact.js';
import { jsonBodyOf } from '../core/response-body.js';
import type { ProviderProfile } from '../core/transport.js';

/** What a token response says, read by the default reader or by your `parseTokenResponse`. */
export interface TokenResponse {
  /** The bearer token. */
  accessToken: string;
  /**
   * When it expires: a `Date`, or ms since the epoch. Left out: the token is taken to live
   * {@link ASSUMED_TOKEN_LIFETIME_MS} and is minted anew after it, or at its first 401.
   */
  expiresAt?: Date | number | undefined;
}

/** How long a token whose response gives no expiry is used before a new one is minted: five minutes. */
export const ASSUMED_TOKEN_LIFETIME_MS = 5 * 60_000;

/** The default refresh margin: a token is replaced this long before it expires. */
export const DEFAULT_TOKEN_REFRESH_MARGIN_MS = 60_000;

/** What the DIDWW client needs to mint tokens. */
export interface DidwwTokenSettings {
  readonly tokenUrl: BaseUrl;
  readonly store: TokenStore;
  readonly refreshMarginMs: number;
  readonly parse: ((body: unknown) => TokenResponse | undefined) | undefined;
}

/** Thrown by the decoder; its message holds no value of the body (the token may be in it). */
class TokenResponseUnreadable extends Error {}

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the shapes a token service commonly answers with: OAuth's `{ access_token, expires_in,
 * token_type }`, `{ token, expires_at }`, camelCase `{ accessToken, expiresIn }`, and a JSON:API
 * document whose `data.attributes` carry any of these. `undefined` when none fits.
 */
export function readTokenResponse(body: unknown): TokenResponse | undefined {
  if (!isObject(body)) return undefined;
  const fields = isObject(body.data) && isObject(body.data.attributes) ? body.data.attributes : body;
  const accessToken = fields.access_token ?? fields.accessToken ?? fields.token;
  if (typeof accessToken !== 'string') return undefined;
  const type = fields.token_type ?? fields.tokenType;
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'bearer')) return undefined;
  const expiresIn = fields.expires_in ?? fields.expiresIn;
  const expiresAt = fields.expires_at ?? fields.expiresAt;
  if (expiresIn !== undefined) {
    const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;
    return { accessToken, expiresAt: Date.now() + seconds * 1000 };
  }
  if (expiresAt !== undefined) {
    // An ISO 8601 time, or epoch seconds (JWT style) or ms.
    const at =
      typeof expiresAt === 'string'
        ? Date.parse(expiresAt)
        : typeof expiresAt === 'number'
          ? expiresAt < 1e12
            ? expiresAt * 1000
            : expiresAt
          : Number.NaN;
    if (!Number.isFinite(at)) return undefined;
    return { accessToken, expiresAt: at };
  }
  return { accessToken };
}

/** The token rule: a bearer token is one word of visible ASCII, as a key is. */
const tokenSchema = lazy(() => credential('the access token', 'a token is sent after "Bearer "'));

/**
 * The response of `POST /token`, as an {@link AccessToken}. Every failure is one fixed message:
 * nothing of the body is printed, since it may hold the token.
 */
function decodeToken(response: HttpResponse, settings: DidwwTokenSettings): AccessToken {
  const body = jsonBodyOf(response);
  let read: TokenResponse | undefined;
  try {
    read = settings.parse ? settings.parse(body) : readTokenResponse(body);
  } catch {
    throw new TokenResponseUnreadable(
      'parseTokenResponse threw (its error is not kept: it may quote the token)',
    );
  }
  const shapes = settings.parse
    ? 'parseTokenResponse returned no token'
    : 'the token response fits none of the shapes read ({ access_token, expires_in }, { token, expires_at }, or a JSON:API document carrying them); pass parseTokenResponse';
  if (!read || typeof read.accessToken !== 'string') throw new TokenResponseUnreadable(shapes);
  if (!tokenSchema().safeParse(read.accessToken).success)
    throw new TokenResponseUnreadable('the access token is not one word of visible ASCII');
  const issuedAt = Date.now();
  const expiresAt =
    read.expiresAt === undefined
      ? issuedAt + ASSUMED_TOKEN_LIFETIME_MS
      : read.expiresAt instanceof Date
        ? read.expiresAt.getTime()
        : read.expiresAt;
  if (!Number.isFinite(expiresAt) || expiresAt <= issuedAt)
    throw new TokenResponseUnreadable('the access token has already expired, or its expiry is not a time');
  return { token: read.accessToken, expiresAt, issuedAt };
}

/** What the token service needs beside the token settings: the key and what every DIDWW call sends. */
export interface TokenServiceContext {
  readonly apiKey: CredentialSource;
  readonly apiVersion: string;
  readonly requestIdHeaders: readonly string[];
  readonly keyAdvice: string;
  readonly describeError: ProviderProfile['describeError'];
}

/**
 * The bearer-token part of the DIDWW profile: `POST {tokenUrl}` with the key in `Api-Key`, the
 * token sent as `Authorization: Bearer <token>` on every API call.
 */
export function didwwAccessToken(
  settings: DidwwTokenSettings,
  context: TokenServiceContext,
): AccessTokenSpec {
  const service: ProviderProfile = {
    provider: 'didww',
    baseUrl: settings.tokenUrl,
    headers: {
      accept: 'application/json, application/vnd.api+json',
      // Whether /token needs it is not published (PROVIDERS.md 2.8); it does no harm.
      'x-didww-api-version': context.apiVersion,
    },
    jsonContentType: 'application/json',
    secrets: new Secrets([typeof context.apiKey === 'string' ? context.apiKey : undefined]),
    requestIdHeaders: context.requestIdHeaders,
    describeError: context.describeError,
  };
  return {
    header: 'authorization',
    scheme: 'Bearer',
    key: context.apiKey,
    keyOption: 'apiKey',
    bareKeyAdvice: context.keyAdvice,
    service,
    mint: (key) => mintOperation(key, settings),
    store: settings.store,
    refreshMarginMs: settings.refreshMarginMs,
  };
}

function mintOperation(key: string, settings: DidwwTokenSettings): RepeatableOperation<AccessToken> {
  return {
    name: 'didww.accessToken.mint',
    method: 'POST',
    path: '',
    // Minting twice gives two tokens, neither stock nor money: retried like a read.
    effect: 'idempotent',
    headers: { 'api-key': key },
    secrets: [key],
    decode: (response) => decodeToken(response, settings),
  };
}
