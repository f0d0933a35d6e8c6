import type { ProviderBackend, RouteMatch, SimCall } from '../backend.js';
import type { SimOperation } from '../operations.js';
import { jsonResponse, textResponse } from '../responses.js';
import type { PassportPool, TagMatch } from './pool.js';

/** Credentials and unconfirmed behaviour of the simulated Arianee NMP. */
export interface ArianeeSimOptions {
  /** The API key the simulated NMP accepts. Default `sim-arianee-api-key`. */
  apiKey?: string;
  /** Header that carries the key (unconfirmed in the docs). Default `authorization`. */
  authHeader?: string;
  /** Scheme before the key in that header; `''` for the bare key. Default `Bearer`. */
  authScheme?: string;
  /**
   * How several `tags` pick a passport (the docs do not say). Default `any`: a passport carrying
   * at least one of them; `all`: one carrying every one of them.
   */
  tagMatch?: TagMatch;
  /** Deeplink host of the links returned. Default `https://test.arianee.net` (the docs' examples). */
  deeplinkBase?: string;
}

/** The Arianee defaults, as documented in docs/testing.md. */
export const ARIANEE_DEFAULTS = {
  /** See {@link ArianeeSimOptions.apiKey}. */
  apiKey: 'sim-arianee-api-key',
  /** See {@link ArianeeSimOptions.authHeader}. */
  authHeader: 'authorization',
  /** See {@link ArianeeSimOptions.authScheme}. */
  authScheme: 'Bearer',
  /** See {@link ArianeeSimOptions.tagMatch}. */
  tagMatch: 'any' as TagMatch,
  /** See {@link ArianeeSimOptions.deeplinkBase}. */
  deeplinkBase: 'https://test.arianee.net',
};

const RESERVE_ONE_PATH = '/dispenser/distribution/reserveOne';
const FORMATS = new Set(['link', 'linkObject', 'content']);

/** The dispenser's error body (docs: reserve-nfts, individual-links). */
function apiError(description: string, code: string, httpCode: number): Response {
  return jsonResponse({ name: 'API Error', description, code, httpCode }, { status: httpCode });
}

/** The simulated Arianee NMP dispenser: `GET /dispenser/distribution/reserveOne`. */
export class ArianeeBackend implements ProviderBackend {
  readonly provider = 'arianee' as const;
  readonly #pool: PassportPool;
  readonly #options: Required<ArianeeSimOptions>;

  constructor(pool: PassportPool, options: ArianeeSimOptions = {}) {
    this.#pool = pool;
    this.#options = { ...ARIANEE_DEFAULTS, ...options };
  }

  get apiKey(): string {
    return this.#options.apiKey;
  }

  route(method: string, subpath: string): RouteMatch | undefined {
    return method === 'GET' && subpath === RESERVE_ONE_PATH
      ? { operation: 'arianee.reserveOne', params: {} }
      : undefined;
  }

  handle(call: SimCall, _operation: SimOperation): Response {
    if (!this.#authorized(call.headers)) return this.errorResponse(401);
    const tags = call.query
      .getAll('tags')
      .flatMap((value) => value.split(','))
      .map((tag) => tag.trim())
      .filter(Boolean);
    const format = call.query.get('format');
    // Not documented for reserveOne; the kiosk page documents "400 → Missing query parameters".
    if (tags.length === 0 || format === null)
      return apiError('Missing query parameters', 'nmp.back.dispenser.oneToOne.missingParameters', 400);
    if (!FORMATS.has(format))
      return apiError(
        `Invalid format "${format}": expected link, linkObject or content`,
        'nmp.back.dispenser.oneToOne.invalidFormat',
        400,
      );
    const passport = this.#pool.take(tags, this.#options.tagMatch);
    // An empty pool and an unknown tag get the same documented 400.
    if (!passport)
      return apiError('No NFT found to distribute', 'nmp.back.dispenser.oneToOne.noNFTsToSend', 400);
    const link = `${this.#options.deeplinkBase}/${passport.certificateId},${passport.passphrase}`;
    if (format === 'link') return textResponse(link);
    if (format === 'content') return jsonResponse(passport.content);
    return jsonResponse({
      method: 'requestOwnership',
      certificateId: passport.certificateId,
      passphrase: passport.passphrase,
      deeplink: { certificateId: passport.certificateId, passphrase: passport.passphrase, link },
    });
  }

  #authorized(headers: Headers): boolean {
    const value = headers.get(this.#options.authHeader);
    if (value === null) return false;
    const scheme = this.#options.authScheme;
    if (scheme === '') return value === this.#options.apiKey;
    const [given, ...rest] = value.split(' ');
    return given?.toLowerCase() === scheme.toLowerCase() && rest.join(' ') === this.#options.apiKey;
  }

  errorResponse(status: number): Response {
    // The NMP's `{ message }` shape (documented on /users/:id/apiKey) for auth failures.
    if (status === 401) return jsonResponse({ message: 'Unauthorized' }, { status });
    if (status === 403) return jsonResponse({ message: 'Forbidden' }, { status });
    if (status === 400)
      return apiError('No NFT found to distribute', 'nmp.back.dispenser.oneToOne.noNFTsToSend', 400);
    return apiError(
      status >= 500 ? 'Internal server error' : `HTTP ${status}`,
      `nmp.back.http.${status}`,
      status,
    );
  }

  unknownPath(call: SimCall): Response {
    return jsonResponse({ message: `Cannot ${call.method} ${call.url.pathname}` }, { status: 404 });
  }
}
