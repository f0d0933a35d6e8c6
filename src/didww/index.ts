/**
 * `reservekit/didww`: find a country's numbers in DIDWW's stock, hold one and order it, through
 * reservekit's shared transport (timeouts, retries that never hold or order twice, typed errors,
 * redaction).
 *
 * @example
 * ```ts
 * import { DidwwClient } from 'reservekit/didww';
 *
 * const client = new DidwwClient({ apiKey, environment: 'sandbox' });
 * const [gb] = (await client.countries.list({ filter: { iso: 'GB' } })).data;
 * const { data } = await client.availableDids.list({ filter: { countryId: gb!.id }, include: 'didGroup.stockKeepingUnits' });
 * const hold = await client.didReservations.create({ availableDidId: data[0]!.id });
 * const skuId = data[0]!.didGroup!.stockKeepingUnits![0]!.id;
 * const order = await client.orders.create({ items: [{ skuId, didReservationId: hold.id }] });
 * await client.close();
 * ```
 * @packageDocumentation
 */

import '../core/node-version.js';

export { type AccessToken, MemoryTokenStore, type TokenStore } from '../core/access-token.js';
export { RateLimiter } from '../core/rate-limiter.js';
export {
  ASSUMED_TOKEN_LIFETIME_MS,
  DEFAULT_TOKEN_REFRESH_MARGIN_MS,
  readTokenResponse,
  type TokenResponse,
} from './access-token.js';
export { BEARER_TOKEN_API_VERSION, DEFAULT_DIDWW_API_VERSION, usesBearerTokens } from './api-version.js';
export type {
  AvailableDid,
  DidGroup,
  NanpaPrefix,
  StockKeepingUnit,
} from './available-did-model.js';
export {
  type AvailableDidFilter,
  type AvailableDidInclude,
  type AvailableDidList,
  type AvailableDidSort,
  AvailableDids,
  type DidwwIdFilter,
  type DidwwNumberType,
  type GetAvailableDidParams,
  type ListAvailableDidsParams,
} from './available-dids.js';
export { DidwwClient } from './client.js';
export {
  DIDWW_BASE_URLS,
  type DidwwClientOptions,
  type DidwwEnvironment,
  type DidwwOptions,
} from './client-options.js';
export {
  Countries,
  type Country,
  type CountryFilter,
  type CountryList,
  type ListCountriesParams,
} from './countries.js';
export { getDidwwErrors } from './describe-error.js';
export type { CreatedDidReservation, DidReservationCreateStatus } from './did-reservation-create.js';
export type { DidReservation } from './did-reservation-model.js';
export type {
  CreateDidReservationParams,
  DidReservationInclude,
  DidReservationSort,
  GetDidReservationParams,
  ListDidReservationsParams,
} from './did-reservation-params.js';
export {
  type DidReservationListMeta,
  type DidReservationRelease,
  DidReservations,
} from './did-reservations.js';
export type {
  HoldManyParams,
  HoldManyProgress,
  HoldManyResult,
  HoldManyShortfall,
} from './hold-many.js';
export type { DidwwErrorObject } from './json-api/errors.js';
export type { Order, OrderItem, OrderStatus } from './order-model.js';
export type {
  AvailableNumberOrderItem,
  CreateOrderParams,
  ListOrdersParams,
  OrderFilter,
  OrderItemParams,
  OrderSort,
  QuantityOrderItem,
  ReservedNumberOrderItem,
} from './order-params.js';
export { type OrderListMeta, Orders } from './orders.js';
export type { PageLinks } from './paged-list.js';
export { DIDWW_REQUESTS_PER_SECOND, type DidwwRateLimit } from './rate-limit.js';
