import type { ZodIssue } from '../core/zod-issues.js';

/** The API version reservekit is written against and sends by default (`X-DIDWW-API-Version`). */
export const DEFAULT_DIDWW_API_VERSION = '2026-04-16';

/**
 * From this version DIDWW refuses the `Api-Key` header with 401 and wants short-lived bearer tokens
 * from its token service (doc.didww.com/api3/2026-11-19/authentication.md): the client mints them
 * at `tokenUrl`.
 */
export const BEARER_TOKEN_API_VERSION = '2026-11-19';

/** Whether a version authenticates API calls with bearer tokens instead of `Api-Key`. */
export function usesBearerTokens(apiVersion: string): boolean {
  return apiVersion >= BEARER_TOKEN_API_VERSION;
}

// Versions up to 2022-05-10 name the hold's end `expire_at`; 2026-04-16 renamed it `expires_at`.
const LAST_EXPIRE_AT_VERSION = '2022-05-10';

/** Whether a version (`YYYY-MM-DD`, so string order is date order) still says `expire_at`. */
export function usesExpireAt(apiVersion: string): boolean {
  return apiVersion <= LAST_EXPIRE_AT_VERSION;
}

/**
 * From this version DIDWW describes numbers by `number_type` instead of DID group types, drops the
 * `expire_at` sort, and keeps page sizes to its pagination spec's 100
 * (doc.didww.com/api3/2026-11-19/coverage-resources/…, api3/specification/pagination.md).
 */
export const NUMBER_TYPE_API_VERSION = '2026-11-19';

/**
 * Whether a version filters numbers by `did_group.number_type` (and refuses `did_group_type` with
 * 400), rather than by `did_group_type.id`.
 */
export function usesNumberType(apiVersion: string): boolean {
  return apiVersion >= NUMBER_TYPE_API_VERSION;
}

// DIDWW's pagination spec: "The maximum page size is 100, unless it is overridden at a particular
// endpoint". The 2026-04-16 OpenAPI (generated from the live API) gives `did_reservations` 1000; no
// older version documents another value, so versions before 2026-11-19 get 1000.
const SPEC_MAX_PAGE_SIZE = 100;
const OPENAPI_MAX_PAGE_SIZE = 1000;

/** The largest `page[size]` DIDWW documents for a version: 100 from 2026-11-19, 1000 before. */
export function maxPageSize(apiVersion: string): number {
  return refusesOversizedPages(apiVersion) ? SPEC_MAX_PAGE_SIZE : OPENAPI_MAX_PAGE_SIZE;
}

/**
 * Whether a `page.size` above {@link maxPageSize} is refused before the wire (2026-11-19 and later,
 * where DIDWW answers 400) rather than sent as the maximum (older versions, whose two documented
 * maxima disagree).
 */
export function refusesOversizedPages(apiVersion: string): boolean {
  return apiVersion >= NUMBER_TYPE_API_VERSION;
}

/**
 * What a paged list call (`didReservations.list`, `orders.list`) asks that the version does not
 * allow: a page size over 100 from 2026-11-19 on, where DIDWW answers 400. Older versions' sizes
 * are sent as their maximum instead ({@link wirePageSize}).
 */
export function pageSizeIssues(size: number | undefined, apiVersion: string): ZodIssue[] {
  const max = maxPageSize(apiVersion);
  if (size === undefined || size <= max || !refusesOversizedPages(apiVersion)) return [];
  return [
    {
      path: ['page', 'size'],
      code: 'too_big',
      message: `API version ${apiVersion} allows at most ${max} per page (DIDWW answers 400 above it)`,
    },
  ];
}

/** The `page[size]` sent: the size asked, at most the version's maximum. */
export function wirePageSize(size: number | undefined, apiVersion: string): number | undefined {
  return size === undefined ? undefined : Math.min(size, maxPageSize(apiVersion));
}
