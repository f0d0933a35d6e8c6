import type { ProviderBackend, RouteMatch, SimCall } from '../backend.js';
import type { SimOperation } from '../operations.js';
import { listAvailableDids, showAvailableDid } from './available-did-endpoints.js';
import { listCountries, showCountry } from './country-endpoints.js';
import {
  errorsResponse,
  INVALID_AVAILABLE_DID,
  JSON_API,
  jsonApiError,
  recordNotFound,
} from './documents.js';
import type { DidwwRequest } from './endpoint.js';
import type { DidwwInventory } from './inventory.js';
import { DIDWW_DEFAULTS, type DidwwSimOptions, type ResolvedDidwwOptions } from './options.js';
import { createOrder, listOrders, showOrder } from './order-endpoints.js';
import { KeyRateLimit } from './rate-limit.js';
import {
  createReservation,
  deleteReservation,
  listReservations,
  showReservation,
} from './reservation-endpoints.js';
import type { TokenIssuer } from './tokens.js';

// The first version that refuses the Api-Key header (bearer tokens instead).
const BEARER_ONLY_VERSION = '2026-11-19';
const BEARER = /^Bearer ([^\s]+)$/;

const ENDPOINTS: Record<string, (request: DidwwRequest) => Response> = {
  'didww.createReservation': createReservation,
  'didww.listReservations': listReservations,
  'didww.getReservation': showReservation,
  'didww.deleteReservation': deleteReservation,
  'didww.listAvailableDids': listAvailableDids,
  'didww.getAvailableDid': showAvailableDid,
  'didww.listCountries': listCountries,
  'didww.getCountry': showCountry,
  'didww.createOrder': createOrder,
  'didww.listOrders': listOrders,
  'didww.getOrder': showOrder,
};

const ERROR_TITLES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const RATE_LIMITED = jsonApiError(
  429,
  'Too Many Requests',
  'Each API key is limited to 20 requests per second.',
);

/**
 * The simulated DIDWW API v3: `countries`, `available_dids`, `did_reservations` and `orders`. It checks what every call
 * shares (API version, `Api-Key`, rate limit, `Accept`) and hands the call to its endpoint.
 */
export class DidwwBackend implements ProviderBackend {
  readonly provider = 'didww' as const;
  readonly #inventory: DidwwInventory;
  readonly #options: ResolvedDidwwOptions;
  readonly #rateLimit: KeyRateLimit | undefined;
  readonly #tokens: TokenIssuer;

  constructor(inventory: DidwwInventory, tokens: TokenIssuer, options: DidwwSimOptions = {}) {
    this.#inventory = inventory;
    this.#tokens = tokens;
    this.#options = { ...DIDWW_DEFAULTS, ...options };
    const perSecond = this.#options.rateLimitPerSecond;
    this.#rateLimit = perSecond === false ? undefined : new KeyRateLimit(perSecond);
  }

  get apiKey(): string {
    return this.#options.apiKey;
  }

  /** Refills every key's rate-limit bucket. */
  resetRateLimit(): void {
    this.#rateLimit?.clear();
  }

  route(method: string, subpath: string): RouteMatch | undefined {
    const [, collection, id, extra] = subpath.split('/');
    if (extra !== undefined) return undefined;
    const params: Record<string, string> = id ? { id: decodeURIComponent(id) } : {};
    const operation = ((): SimOperation | undefined => {
      if (collection === 'available_dids' && method === 'GET')
        return id ? 'didww.getAvailableDid' : 'didww.listAvailableDids';
      if (collection === 'countries' && method === 'GET')
        return id ? 'didww.getCountry' : 'didww.listCountries';
      if (collection === 'orders') {
        if (!id && method === 'POST') return 'didww.createOrder';
        if (method === 'GET') return id ? 'didww.getOrder' : 'didww.listOrders';
        return undefined;
      }
      if (collection !== 'did_reservations') return undefined;
      if (!id && method === 'POST') return 'didww.createReservation';
      if (!id && method === 'GET') return 'didww.listReservations';
      if (id && method === 'GET') return 'didww.getReservation';
      if (id && method === 'DELETE') return 'didww.deleteReservation';
      return undefined;
    })();
    return operation ? { operation, params } : undefined;
  }

  handle(call: SimCall, operation: SimOperation): Response {
    const version = call.headers.get('x-didww-api-version') ?? this.#options.defaultApiVersion;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(version))
      return errorsResponse(400, [
        jsonApiError(400, 'Invalid API version', `${version} is not a valid X-DIDWW-API-Version`, '400'),
      ]);
    const key = this.#customer(call, version);
    if (typeof key !== 'string') return key;
    const decision = this.#rateLimit?.take(key);
    if (decision && !decision.allowed)
      return errorsResponse(429, [RATE_LIMITED], { 'retry-after': String(decision.retryAfterSeconds) });
    const accept = call.headers.get('accept');
    if (accept && !accept.includes(JSON_API) && !accept.includes('*/*'))
      return errorsResponse(406, [
        jsonApiError(
          406,
          'Not acceptable',
          `All requests must use the '${JSON_API}' Accept without media type parameters. This request specified '${accept}'.`,
        ),
      ]);
    const endpoint = ENDPOINTS[operation];
    if (!endpoint) return this.unknownPath(call);
    return endpoint({ call, key, version, inventory: this.#inventory, options: this.#options });
  }

  /**
   * Who calls: the API key (up to 2026-04-16), or the key a valid bearer token was minted from
   * (2026-11-19: "an API key sent in the Api-Key header is refused with 401"). Else the 401.
   */
  #customer(call: SimCall, version: string): string | Response {
    const unauthorized = (detail: string) => errorsResponse(401, [jsonApiError(401, 'Unauthorized', detail)]);
    if (version < BEARER_ONLY_VERSION) {
      const key = call.headers.get('api-key');
      return key === this.#options.apiKey ? key : this.errorResponse(401);
    }
    if (call.headers.has('api-key'))
      return unauthorized(
        `API version ${version} does not accept the Api-Key header; mint an access token at the token service and send it as a bearer token`,
      );
    const bearer = BEARER.exec(call.headers.get('authorization') ?? '');
    if (!bearer) return unauthorized('Missing access token');
    const checked = this.#tokens.check(bearer[1] as string);
    if (!checked.ok)
      return unauthorized(checked.reason === 'expired' ? 'Access token has expired' : 'Invalid access token');
    return checked.key;
  }

  errorResponse(status: number): Response {
    if (status === 401)
      return errorsResponse(401, [jsonApiError(401, 'Unauthorized', 'Missing or invalid api-key')]);
    if (status === 404) return errorsResponse(404, [recordNotFound('requested')]);
    if (status === 422) return errorsResponse(422, [INVALID_AVAILABLE_DID]);
    if (status === 429) return errorsResponse(429, [RATE_LIMITED]);
    const title = ERROR_TITLES[status] ?? `HTTP ${status}`;
    return errorsResponse(status, [jsonApiError(status, title, title)]);
  }

  unknownPath(call: SimCall): Response {
    return errorsResponse(404, [
      jsonApiError(404, 'Not found', `No route matches ${call.method} ${call.url.pathname}`, '404'),
    ]);
  }
}
