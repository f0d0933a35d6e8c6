/**
 * reservekit/dots: the Dots.eco impact API — eco-club offerings (gift cards), created exactly once.
 * @packageDocumentation
 */

import '../core/node-version.js';

export { prefilledClaimUrl } from './claim-url.js';
export { DotsClient } from './client.js';
export { DOTS_DEFAULT_BASE_URL, type DotsClientOptions, type DotsOptions } from './client-options.js';
export type {
  CreateManyFailure,
  CreateManyItem,
  CreateManyOffering,
  CreateManyOptions,
  CreateManyProgress,
  CreateManyRequests,
  CreateManyResult,
  CreateManyUnknown,
} from './create-many.js';
export type { CreateEcoClubOfferingParams } from './create-params.js';
export { EcoClubOfferings } from './eco-club-offerings.js';
export {
  DEFAULT_CONFLICT_PATTERNS,
  type DotsConflictPatterns,
  type DotsErrorCode,
} from './error-messages.js';
export type { RoundHours } from './hour-of-day.js';
export type { FindByExternalUniqueIdParams, ListEcoClubOfferingsParams } from './list-params.js';
export type { EcoClubOffering } from './offering.js';
