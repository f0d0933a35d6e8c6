import { randomBytes } from 'node:crypto';
import type { ProviderBackend, RouteMatch, SimCall } from '../backend.js';
import type { SimClock } from '../clock.js';
import type { SimOperation } from '../operations.js';
import { jsonResponse } from '../responses.js';
import { errorsResponse, jsonApi, jsonApiError } from './documents.js';

/**
 * The shapes the simulated token service can answer `POST /token` with. DIDWW does not publish
 * its answer (PROVIDERS.md 2.8): each is a shape reservekit reads.
 * - `oauth`: `{ access_token, token_type: 'Bearer', expires_in }` (seconds);
 * - `expires-at`: `{ token, expires_at }` (ISO 8601);
 * - `json-api`: `{ data: { type: 'access_tokens', id, attributes: { token, expires_at } } }`.
 */
export type SimTokenResponseShape = 'oauth' | 'expires-at' | 'json-api';

interface Minted {
  readonly key: string;
  readonly expiresAt: number;
}

/** What a bearer token on an API call is, for the simulated API. */
export type TokenCheck = { ok: true; key: string } | { ok: false; reason: 'expired' | 'unknown' };

/** The tokens the simulated token service minted, expiring on the simulator's clock. */
export class TokenIssuer {
  readonly #clock: SimClock;
  readonly #ttlMs: number;
  #tokens = new Map<string, Minted>();
  #minted = 0;

  constructor(clock: SimClock, ttlMs: number) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  /** How many tokens were minted since the last `clear()`. */
  get minted(): number {
    return this.#minted;
  }

  mint(key: string): { token: string; expiresAt: number; ttlMs: number } {
    const token = `simtok_${randomBytes(18).toString('base64url')}`;
    const expiresAt = this.#clock.now() + this.#ttlMs;
    this.#tokens.set(token, { key, expiresAt });
    this.#minted += 1;
    return { token, expiresAt, ttlMs: this.#ttlMs };
  }

  check(token: string): TokenCheck {
    const minted = this.#tokens.get(token);
    if (!minted) return { ok: false, reason: 'unknown' };
    if (minted.expiresAt <= this.#clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, key: minted.key };
  }

  /** Makes every token minted so far expire now (a revocation, or a clock jump on DIDWW's side). */
  revokeAll(): void {
    const now = this.#clock.now();
    this.#tokens = new Map(
      [...this.#tokens].map(([token, minted]) => [token, { ...minted, expiresAt: now }]),
    );
  }

  clear(): void {
    this.#tokens = new Map();
    this.#minted = 0;
  }
}

/** The simulated DIDWW token service: `POST /token` with `Api-Key` mints a bearer token. */
export class DidwwTokenBackend implements ProviderBackend {
  readonly provider = 'didww' as const;
  readonly #issuer: TokenIssuer;
  readonly #apiKey: string;
  readonly #shape: SimTokenResponseShape;

  constructor(issuer: TokenIssuer, apiKey: string, shape: SimTokenResponseShape) {
    this.#issuer = issuer;
    this.#apiKey = apiKey;
    this.#shape = shape;
  }

  route(method: string, subpath: string): RouteMatch | undefined {
    return method === 'POST' && subpath === '/' ? { operation: 'didww.mintToken', params: {} } : undefined;
  }

  handle(call: SimCall, _operation: SimOperation): Response {
    const key = call.headers.get('api-key');
    if (key !== this.#apiKey) return this.errorResponse(401);
    const { token, expiresAt, ttlMs } = this.#issuer.mint(key);
    if (this.#shape === 'oauth')
      return jsonResponse(
        { access_token: token, token_type: 'Bearer', expires_in: Math.floor(ttlMs / 1000) },
        { status: 200 },
      );
    const expires_at = new Date(expiresAt).toISOString();
    if (this.#shape === 'expires-at') return jsonResponse({ token, expires_at }, { status: 200 });
    return jsonApi(
      { data: { type: 'access_tokens', id: token.slice(-8), attributes: { token, expires_at } } },
      201,
    );
  }

  errorResponse(status: number): Response {
    if (status === 401)
      return errorsResponse(401, [jsonApiError(401, 'Unauthorized', 'Missing or invalid api-key')]);
    return errorsResponse(status, [jsonApiError(status, `HTTP ${status}`, `HTTP ${status}`)]);
  }

  unknownPath(call: SimCall): Response {
    return errorsResponse(404, [
      jsonApiError(404, 'Not found', `No route matches ${call.method} ${call.url.pathname}`, '404'),
    ]);
  }
}
