import * as z from 'zod/mini';
import { notBlank, textString } from '../core/well-formed.js';
import { usesExpireAt, wirePageSize } from './api-version.js';
import { DidwwId, DidwwIdList } from './ids.js';
import { asList, type JsonApiQuery, oneOrList, wireIncludes, wireSort } from './json-api/query.js';

const RESERVATION_INCLUDES = [
  'availableDid',
  'availableDid.didGroup',
  'availableDid.didGroup.stockKeepingUnits',
] as const;

/**
 * Related resources to embed in a reservation (`include`): the held number (`'availableDid'`), its
 * group (`'availableDid.didGroup'`), its prices (`'availableDid.didGroup.stockKeepingUnits'`).
 */
export type DidReservationInclude = (typeof RESERVATION_INCLUDES)[number];

const RESERVATION_SORTS = [
  'createdAt',
  '-createdAt',
  'description',
  '-description',
  'expiresAt',
  '-expiresAt',
] as const;

/**
 * A sort field of `didReservations.list`: `'createdAt'`, `'description'` or `'expiresAt'`; a leading
 * `-` sorts descending (`'-createdAt'`).
 */
export type DidReservationSort = (typeof RESERVATION_SORTS)[number];

/** Arguments of `didReservations.create`. */
export interface CreateDidReservationParams {
  /** The `AvailableDid` to hold (from `availableDids.list`). */
  availableDidId: string;
  /**
   * Your free-form note. DIDWW stores it as sent. Make it unique to the call (your order id): after
   * a lost answer it is what proves a hold is this call's, not another order's on the same number.
   * Tabs and line breaks are fine; other control characters (NUL, ESC, DEL) and lone UTF-16
   * surrogates are refused.
   */
  description?: string;
  /** Related resources to embed in the answer. */
  include?: DidReservationInclude | readonly DidReservationInclude[];
}

/** Arguments of `didReservations.get`. */
export interface GetDidReservationParams {
  /** Related resources to embed: the held number, its DID group, its prices. */
  include?: DidReservationInclude | readonly DidReservationInclude[];
}

/** Arguments of `didReservations.list`. */
export interface ListDidReservationsParams {
  /** Which reservations. */
  filter?: {
    /** One reservation id or several. */
    id?: string | readonly string[];
    /**
     * Matches the description. A comma inside it reads as "any of" (DIDWW filters are comma lists).
     * Not empty or blank; no control character but tab and line breaks.
     */
    description?: string;
  };
  /** Order of the reservations: one field or several. */
  sort?: DidReservationSort | readonly DidReservationSort[];
  /** Which page, and how many reservations on it. */
  page?: {
    /** The page, from 1 (default 1). */
    number?: number;
    /**
     * Reservations per page, from 1; DIDWW's default is 50. Its largest depends on the client's API
     * version. **2026-11-19 and later: at most 100** (DIDWW's pagination spec); a larger size is an
     * InputValidationError before any request. **Older versions: at most 1000** (the 2026-04-16
     * OpenAPI); a larger size is sent as 1000, so a page may hold fewer reservations than asked
     * (iterating with `for await` still reads them all).
     */
    size?: number;
  };
  /** Related resources to embed in each reservation. */
  include?: DidReservationInclude | readonly DidReservationInclude[];
}

const Include = oneOrList(z.enum(RESERVATION_INCLUDES));
const Sort = oneOrList(z.enum(RESERVATION_SORTS));

export const CreateParamsSchema = z.strictObject({
  availableDidId: DidwwId,
  description: z.optional(textString()),
  include: z.optional(Include),
});

export const GetParamsSchema = z.strictObject({ include: z.optional(Include) });

export const ListParamsSchema = z.strictObject({
  filter: z.optional(
    z.strictObject({
      id: z.optional(DidwwIdList),
      // An empty filter value is no filter you meant: leave the filter out instead.
      description: z.optional(textString().check(notBlank)),
    }),
  ),
  sort: z.optional(Sort),
  page: z.optional(
    z.strictObject({
      number: z.optional(z.int().check(z.gte(1))),
      // The largest size depends on the API version: see pageSizeIssues and listQuery.
      size: z.optional(z.int().check(z.gte(1))),
    }),
  ),
  include: z.optional(Include),
});

/**
 * The query of a list call, in wire names. `expiresAt` sorts as `expire_at` for API versions that
 * spell it so (up to 2022-05-10; never from 2026-11-19, which refuses that sort). A page size over
 * the version's maximum is sent as the maximum (versions before 2026-11-19; from 2026-11-19
 * `pageSizeIssues` refuses it first).
 */
export function listQuery(params: z.output<typeof ListParamsSchema>, apiVersion: string): JsonApiQuery {
  const renameExpiry = (field: string) =>
    field === 'expires_at' && usesExpireAt(apiVersion) ? 'expire_at' : field;
  return {
    filter: { id: params.filter?.id, description: params.filter?.description },
    include: wireIncludes(asList(params.include)),
    sort: wireSort(asList(params.sort), renameExpiry),
    page: {
      number: params.page?.number,
      size: wirePageSize(params.page?.size, apiVersion),
    },
  };
}
