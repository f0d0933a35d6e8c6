/**
 * `reservekit/arianee`: reserve digital passports from a brand's Arianee NMP dispenser.
 * Error classes (`NoInventoryError`, `AuthenticationError`, …) come from `reservekit`.
 * @packageDocumentation
 */

import '../core/node-version.js';

export type { RequestOptions, TransportOptions } from '../core/options.js';
export { ArianeeClient } from './client.js';
export type { ArianeeClientOptions, ArianeeOptions } from './client-options.js';
export { type ArianeeLinkParts, parseArianeeLink } from './parse-link.js';
export type {
  ArianeeContent,
  ArianeeDeeplink,
  ArianeeFormat,
  ArianeeLinkObject,
  ArianeeReservation,
  ArianeeReservationByFormat,
} from './reservation.js';
export type {
  ArianeeBatchOutcome,
  ArianeeReserveManyFailure,
  ArianeeReserveManyProgress,
} from './reservation-run.js';
export type { ArianeeReserveManyParams, ArianeeReserveManyResult } from './reserve-many.js';
export type { ArianeeReserveOneParams } from './reserve-one.js';
export type {
  ArianeeReserveStream,
  ArianeeReserveStreamParams,
  ArianeeReserveStreamSummary,
} from './reserve-stream.js';
