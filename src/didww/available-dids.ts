import * as z from 'zod/mini';
import { ApiPromise } from '../core/api-promise.js';
import { parseInput } from '../core/input.js';
import type { RequestOptions } from '../core/options.js';
import type { Operation } from '../core/transport.js';
import { identifierString, wellFormed } from '../core/well-formed.js';
import { parseValue } from '../core/zod.js';
import type { ZodIssue } from '../core/zod-issues.js';
import { NUMBER_TYPE_API_VERSION, usesNumberType } from './api-version.js';
import { type AvailableDid, toAvailableDid } from './available-did-model.js';
import type { DidwwContext } from './context.js';
import { getByIdOperation } from './get-by-id.js';
import { DidwwId, DidwwIdList } from './ids.js';
import { decodeCollection } from './json-api/document.js';
import { asList, oneOrList, toQueryParams, wireIncludes, wireSort } from './json-api/query.js';
import { refuseForVersion } from './version-gate.js';

const LIST = 'didww.availableDids.list';
const GET = 'didww.availableDids.get';

const AVAILABLE_DID_INCLUDES = ['didGroup', 'didGroup.stockKeepingUnits', 'nanpaPrefix'] as const;

/**
 * Related resources to embed in an available number (`include`): `'didGroup'`,
 * `'didGroup.stockKeepingUnits'` (its prices) or `'nanpaPrefix'`.
 */
export type AvailableDidInclude = (typeof AVAILABLE_DID_INCLUDES)[number];

/** A sort field of `availableDids.list`; a leading `-` sorts descending. */
export type AvailableDidSort = 'number' | '-number';

/** An id filter: one DIDWW id (a UUID) or several ("any of"). */
export type DidwwIdFilter = string | readonly string[];

/**
 * What kind of number a DID group holds, as API version 2026-11-19 names it (`number_type`, which
 * replaced DID group types).
 */
export type DidwwNumberType = 'local' | 'national' | 'mobile' | 'toll_free' | 'shared_cost' | 'global';

const NUMBER_TYPES = [
  'local',
  'national',
  'mobile',
  'toll_free',
  'shared_cost',
  'global',
] as const satisfies readonly DidwwNumberType[];

/** Every filter DIDWW documents for `/available_dids` (OpenAPI `AvailableDidFilter`). */
export interface AvailableDidFilter {
  /** `filter[country.id]`: a DIDWW country id (a UUID, not an ISO code). */
  countryId?: DidwwIdFilter;
  /** `filter[region.id]`. */
  regionId?: DidwwIdFilter;
  /** `filter[city.id]`. */
  cityId?: DidwwIdFilter;
  /** `filter[did_group.id]`. */
  didGroupId?: DidwwIdFilter;
  /**
   * `filter[did_group_type.id]`: DID group type ids (local, mobile, toll-free, …). **API versions
   * before 2026-11-19 only**: 2026-11-19 replaced DID group types by `numberType` and answers 400 to
   * this filter, so a client on 2026-11-19 or later refuses it with an InputValidationError before
   * any request.
   */
  didGroupTypeId?: DidwwIdFilter;
  /**
   * `filter[did_group.number_type]`: `'local'`, `'national'`, `'mobile'`, `'toll_free'`,
   * `'shared_cost'` or `'global'`, or a list ("any of"). **API version 2026-11-19 and later only**
   * (it replaced `didGroupTypeId`): a client on an older version refuses it with an
   * InputValidationError before any request.
   */
  numberType?: DidwwNumberType | readonly DidwwNumberType[];
  /** `filter[did_group.features]`, e.g. `'voice'` or `['voice', 'sms']`. */
  didGroupFeatures?: string | readonly string[];
  /** `filter[did_group.needs_registration]`: whether the number needs address/identity registration. */
  didGroupNeedsRegistration?: boolean;
  /** `filter[nanpa_prefix.id]`. */
  nanpaPrefixId?: DidwwIdFilter;
  /** `filter[number_contains]`: digits. DIDWW wants at least 3 unless a coverage filter is also given. */
  numberContains?: string;
  /** `filter[id]`. */
  id?: DidwwIdFilter;
}

/** Arguments of `availableDids.list`. */
export interface ListAvailableDidsParams {
  /** Which numbers: every filter DIDWW documents, in camelCase. */
  filter?: AvailableDidFilter;
  /** Related resources to embed in each number: one or several. */
  include?: AvailableDidInclude | readonly AvailableDidInclude[];
  /** Order of the numbers: `number` or `-number`. */
  sort?: AvailableDidSort | readonly AvailableDidSort[];
}

/** Arguments of `availableDids.get`. */
export interface GetAvailableDidParams {
  /** Related resources to embed in the number: one or several. */
  include?: AvailableDidInclude | readonly AvailableDidInclude[];
}

/** Numbers in stock. DIDWW does not paginate this list: it caps it and reports the match count. */
export interface AvailableDidList {
  /** The numbers, at most DIDWW's cap. */
  data: AvailableDid[];
  /** What DIDWW said beside the numbers. */
  meta: {
    /** How many numbers matched; more than `data.length` when the list was capped. */
    totalCount: number;
    /** The API version that answered, when sent. */
    apiVersion: string | undefined;
  };
}

// Public camelCase filter → DIDWW's `filter[...]` key.
const FILTER_KEYS = {
  countryId: 'country.id',
  regionId: 'region.id',
  cityId: 'city.id',
  didGroupId: 'did_group.id',
  didGroupTypeId: 'did_group_type.id',
  numberType: 'did_group.number_type',
  didGroupFeatures: 'did_group.features',
  didGroupNeedsRegistration: 'did_group.needs_registration',
  nanpaPrefixId: 'nanpa_prefix.id',
  numberContains: 'number_contains',
  id: 'id',
} as const satisfies Record<keyof AvailableDidFilter, string>;

// A comma would split a value into a list on DIDWW's side.
const Feature = identifierString().check(
  z.regex(/^[^,\s]+$/, { error: 'must be a feature name such as voice or sms' }),
);

/** The checked form of an {@link AvailableDidFilter} (also `didReservations.holdMany`'s `filter`). */
export const FilterSchema = z.strictObject({
  countryId: z.optional(DidwwIdList),
  regionId: z.optional(DidwwIdList),
  cityId: z.optional(DidwwIdList),
  didGroupId: z.optional(DidwwIdList),
  didGroupTypeId: z.optional(DidwwIdList),
  numberType: z.optional(oneOrList(z.enum(NUMBER_TYPES), { nonEmpty: true })),
  didGroupFeatures: z.optional(oneOrList(Feature, { nonEmpty: true })),
  didGroupNeedsRegistration: z.optional(z.boolean()),
  nanpaPrefixId: z.optional(DidwwIdList),
  numberContains: z.optional(
    z.string().check(wellFormed, z.regex(/^\d+$/, { error: 'must be digits only' })),
  ),
  id: z.optional(DidwwIdList),
});

const Include = oneOrList(z.enum(AVAILABLE_DID_INCLUDES));
const SortField = z.enum(['number', '-number']);

const ListParamsSchema = z.strictObject({
  filter: z.optional(FilterSchema),
  include: z.optional(Include),
  sort: z.optional(oneOrList(SortField)),
});

const GetParamsSchema = z.strictObject({ id: DidwwId, include: z.optional(Include) });

/**
 * Which filters a version has: 2026-11-19 replaced `did_group_type.id` by `did_group.number_type`
 * (doc.didww.com/api3/2026-11-19/coverage-resources/available-did/get-available-dids.md).
 */
export function filterIssues(
  filter: z.output<typeof FilterSchema> | undefined,
  apiVersion: string,
): ZodIssue[] {
  if (usesNumberType(apiVersion)) {
    if (filter?.didGroupTypeId === undefined) return [];
    return [
      {
        path: ['filter', 'didGroupTypeId'],
        code: 'not_in_api_version',
        message: `API version ${apiVersion} replaced DID group types by number types (DIDWW answers 400 to filter[did_group_type.id]): filter by numberType instead`,
      },
    ];
  }
  if (filter?.numberType === undefined) return [];
  return [
    {
      path: ['filter', 'numberType'],
      code: 'not_in_api_version',
      message: `numberType needs API version ${NUMBER_TYPE_API_VERSION} or later (this client sends ${apiVersion}): filter by didGroupTypeId instead`,
    },
  ];
}

const ListMetaSchema = z.looseObject({ total_count: z.number(), api_version: z.optional(z.string()) });

/**
 * Numbers in stock that can be held (`/available_dids`). Reached through `client.availableDids`.
 */
export class AvailableDids {
  readonly #context: DidwwContext;

  /** @internal Built by `DidwwClient`. */
  constructor(context: DidwwContext) {
    this.#context = context;
  }

  /**
   * Numbers in stock matching the filters (for DID groups whose numbers can be picked one by one).
   * @throws InputValidationError for unknown filters, ids that are not UUIDs, non-digit
   *   `numberContains`, a feature name with a comma, whitespace or a control character, or a filter
   *   the client's API version does not have (`didGroupTypeId` from 2026-11-19, `numberType` before).
   * @throws ProviderValidationError (400) for filters DIDWW refuses, e.g. `numberContains` under 3 digits alone.
   * @example
   * ```ts
   * const { data, meta } = await client.availableDids.list({
   *   filter: { countryId, didGroupFeatures: 'voice' },
   *   include: 'didGroup',
   * });
   * console.log(meta.totalCount, data[0]?.number, data[0]?.didGroup?.areaName);
   * ```
   */
  list(params: ListAvailableDidsParams = {}, options: RequestOptions = {}): ApiPromise<AvailableDidList> {
    return new ApiPromise(this.#list(params, options));
  }

  async #list(params: ListAvailableDidsParams, options: RequestOptions) {
    const input = parseInput(ListParamsSchema, params, 'didww', LIST);
    refuseForVersion(LIST, filterIssues(input.filter, this.#context.apiVersion));
    const filter: Record<string, string | readonly string[] | boolean | undefined> = {};
    for (const [name, value] of Object.entries(input.filter ?? {})) {
      filter[FILTER_KEYS[name as keyof AvailableDidFilter]] = value;
    }
    const operation: Operation<AvailableDidList> = {
      name: LIST,
      method: 'GET',
      path: '/available_dids',
      query: toQueryParams({
        filter,
        include: wireIncludes(asList(input.include)),
        sort: wireSort(asList(input.sort)),
      }),
      effect: 'read',
      decode(response) {
        const document = decodeCollection(response, toAvailableDid);
        const meta = parseValue(ListMetaSchema, document.meta);
        return { data: document.data, meta: { totalCount: meta.total_count, apiVersion: meta.api_version } };
      },
    };
    return this.#context.transport.run(operation, options);
  }

  /**
   * One available number.
   * @throws InputValidationError when `id` is not a DIDWW id (nothing is sent).
   * @throws NotFoundError when the number is not in stock any more.
   */
  get(
    id: string,
    params: GetAvailableDidParams = {},
    options: RequestOptions = {},
  ): ApiPromise<AvailableDid> {
    return new ApiPromise(this.#get(id, params, options));
  }

  async #get(id: string, params: GetAvailableDidParams, options: RequestOptions) {
    const input = parseInput(GetParamsSchema, { ...params, id }, 'didww', GET);
    const operation = getByIdOperation(
      GET,
      '/available_dids',
      input.id,
      asList(input.include),
      toAvailableDid,
    );
    return this.#context.transport.run(operation, options);
  }
}
