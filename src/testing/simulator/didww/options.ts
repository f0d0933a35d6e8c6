import type { SimTokenResponseShape } from './tokens.js';

/** Credentials, limits and versions of the simulated DIDWW API v3. */
export interface DidwwSimOptions {
  /** The API key the simulated account accepts (`Api-Key` header). Default `sim-didww-api-key`. */
  apiKey?: string;
  /** The account's API version, used when a request sends no `X-DIDWW-API-Version`. Default `2026-04-16`. */
  defaultApiVersion?: string;
  /** How long a hold lasts, in simulated ms. Default 600,000 (the documented 10 minutes). */
  reservationTtlMs?: number;
  /** Holds the account may have at once (its plan; `meta.available_count`). Default 10. */
  maxReservations?: number;
  /** Requests per second per API key before 429; `false` for none. Default 20 (documented). */
  rateLimitPerSecond?: number | false;
  /** Largest `page[size]` (the docs say 1000 or 100). Default 1000. */
  maxPageSize?: number;
  /** Most numbers one `GET /available_dids` returns (it is not paginated). Default 100. */
  availableDidsCap?: number;
  /**
   * API 2026-11-19: how long a bearer token minted at the token service lives, in simulated ms.
   * Default 900,000 (15 minutes; DIDWW does not publish the lifetime, only that tokens are short-lived).
   */
  tokenTtlMs?: number;
  /**
   * The shape of the token service's answer (DIDWW does not publish it): `oauth` (default:
   * `{ access_token, token_type, expires_in }`), `expires-at` (`{ token, expires_at }`) or
   * `json-api` (a JSON:API document whose attributes carry `token` and `expires_at`).
   */
  tokenResponseShape?: SimTokenResponseShape;
}

/** The DIDWW defaults, as documented in docs/testing.md. */
export const DIDWW_DEFAULTS = {
  /** See {@link DidwwSimOptions.apiKey}. */
  apiKey: 'sim-didww-api-key',
  /** See {@link DidwwSimOptions.defaultApiVersion}. */
  defaultApiVersion: '2026-04-16',
  /** See {@link DidwwSimOptions.reservationTtlMs}. */
  reservationTtlMs: 10 * 60_000,
  /** See {@link DidwwSimOptions.maxReservations}. */
  maxReservations: 10,
  /** See {@link DidwwSimOptions.rateLimitPerSecond}. */
  rateLimitPerSecond: 20 as number | false,
  /** See {@link DidwwSimOptions.maxPageSize}. */
  maxPageSize: 1000,
  /** See {@link DidwwSimOptions.availableDidsCap}. */
  availableDidsCap: 100,
  /** See {@link DidwwSimOptions.tokenTtlMs}. */
  tokenTtlMs: 15 * 60_000,
  /** See {@link DidwwSimOptions.tokenResponseShape}. */
  tokenResponseShape: 'oauth' as SimTokenResponseShape,
};

/** The options with every default applied. */
export type ResolvedDidwwOptions = typeof DIDWW_DEFAULTS;
