import * as z from 'zod/mini';
import { ApiPromise } from '../core/api-promise.js';
import { parseInput } from '../core/input.js';
import type { RequestOptions } from '../core/options.js';
import { checkCallOptions, markChecked } from '../core/options-schema.js';
import { PagePromise } from '../core/pagination.js';
import { jsonBodyOf } from '../core/response-body.js';
import type { CallOptions, Operation } from '../core/transport.js';
import { parseValue } from '../core/zod.js';
import { maxPageSize, pageSizeIssues } from './api-version.js';
import { AvailableDids, filterIssues } from './available-dids.js';
import type { DidwwContext } from './context.js';
import { type CreatedDidReservation, createDidReservation } from './did-reservation-create.js';
import { type DidReservation, toDidReservation } from './did-reservation-model.js';
import {
  type CreateDidReservationParams,
  type DidReservationInclude,
  type GetDidReservationParams,
  GetParamsSchema,
  type ListDidReservationsParams,
  ListParamsSchema,
  listQuery,
} from './did-reservation-params.js';
import { getByIdOperation } from './get-by-id.js';
import { findInPages, type HoldClaim, isOwnHold } from './hold-lookup.js';
import {
  HOLD_MANY,
  type HoldManyParams,
  type HoldManyResult,
  holdManyInputSchema,
  type OwnHolds,
  runHoldMany,
} from './hold-many.js';
import { DidwwId, idSegment } from './ids.js';
import { ErrorsDocument } from './json-api/errors.js';
import { asList, toQueryParams } from './json-api/query.js';
import { firstPage, type PagedList, type PageLinks } from './paged-list.js';
import { refuseForVersion } from './version-gate.js';

const GET = 'didww.didReservations.get';
const DELETE = 'didww.didReservations.delete';
const LIST = 'didww.didReservations.list';

/** What a page of reservations says beside its items. */
export interface DidReservationListMeta {
  /** Reservations matching the query, over all pages. */
  totalRecords: number;
  /** How many more numbers your plan lets you hold now (`meta.available_count`). */
  availableCount: number | undefined;
  /** The API version that answered (`meta.api_version`), when sent. */
  apiVersion: string | undefined;
  /** DIDWW's pagination links (`links`). */
  links: PageLinks;
}

/** The answer to `didReservations.delete`. */
export interface DidReservationRelease {
  /**
   * `true`: this call released the hold (204). `false`: DIDWW had no such hold (404) — it was
   * already released, had lapsed, or never was yours; after a retried call (`meta.attempts > 1`)
   * it may also be this call's own lost first attempt that released it. Either way, no hold with
   * this id exists any more.
   */
  released: boolean;
}

const ListMetaSchema = z.looseObject({
  total_records: z.number(),
  available_count: z.optional(z.number()),
  api_version: z.optional(z.string()),
});

const IdArgument = z.strictObject({ id: DidwwId });
const GetArguments = z.extend(IdArgument, GetParamsSchema.shape);

// The lookup a create runs when its outcome is unknown: every hold, with the number it holds.
// Pages of 100, or the version's maximum if it is lower (it is not in any documented version: 100
// from 2026-11-19, 1000 before); plans allow about 10 holds.
const HOLD_LOOKUP_PAGE_SIZE = 100;

/**
 * Number holds (`/did_reservations`): hold an available number for a while (10 minutes by default)
 * before ordering it, list your holds, release one. Reached through `client.didReservations`.
 */
export class DidReservations {
  readonly #context: DidwwContext;
  readonly #list: PagedList<DidReservation, DidReservationListMeta>;
  /** The stock `holdMany` searches. */
  readonly #stock: AvailableDids;

  /** @internal Built by `DidwwClient`. */
  constructor(context: DidwwContext) {
    this.#context = context;
    this.#stock = new AvailableDids(context);
    this.#list = {
      name: LIST,
      context,
      toItem: toDidReservation,
      meta: (meta, links) => {
        const read = parseValue(ListMetaSchema, meta);
        return {
          totalRecords: read.total_records,
          availableCount: read.available_count,
          apiVersion: read.api_version,
          links,
        };
      },
    };
  }

  /**
   * Holds an available number. Safe to retry: when an attempt's outcome is unknown, the SDK looks
   * among your reservations for the hold that attempt made before sending again (`status: 'found'`,
   * `meta.reconciled`), so one call never makes two holds.
   *
   * A hold counts as this call's only if it holds the same number, carries the same `description`
   * (none, `null` and `''` alike; otherwise exactly) and DIDWW made it no earlier than this call
   * started, less the client's `lookupClockSkewMs` (default two minutes). Your account owns every
   * hold, so **pass a description unique to the call, such as your order id**: without one, any
   * hold of yours on that number made since the call started looks alike. When none is provably
   * this call's, the create is sent again; DIDWW then answers 202 for a number you already hold, and
   * the result says `status: 'updated'`.
   *
   * @throws InputValidationError when `availableDidId` is not a DIDWW id, or `description` is not
   *   well-formed Unicode or holds a control character other than tab and line breaks (nothing is sent).
   * @throws NoInventoryError when DIDWW refuses to hold that number (422 on `available_did`): taken,
   *   out of stock, or your plan's reservation cap is reached (see `meta.availableCount` of `list`).
   * @throws ProviderValidationError for any other 422, AuthenticationError for 401.
   * @example
   * ```ts
   * const hold = await client.didReservations.create({ availableDidId: did.id, description: 'order 42' });
   * console.log(hold.status, hold.expiresAt);
   * ```
   */
  create(
    params: CreateDidReservationParams,
    options: RequestOptions = {},
  ): ApiPromise<CreatedDidReservation> {
    // The call's start, by our clock: a hold DIDWW made well before it is not this call's.
    const startedAt = Date.now();
    return new ApiPromise(
      createDidReservation(
        this.#context,
        params,
        options,
        (claim, include, lookupOptions) => this.#findHold(claim, include, lookupOptions),
        startedAt,
      ),
    );
  }

  /**
   * One of your reservations.
   * @throws InputValidationError when `id` is not a DIDWW id (nothing is sent).
   * @throws NotFoundError when no reservation with that id is yours (released, lapsed or unknown).
   * @example
   * ```ts
   * const hold = await client.didReservations.get(id, { include: 'availableDid' });
   * console.log(hold.availableDid?.number);
   * ```
   */
  get(
    id: string,
    params: GetDidReservationParams = {},
    options: RequestOptions = {},
  ): ApiPromise<DidReservation> {
    return new ApiPromise(this.#get(id, params, options));
  }

  async #get(id: string, params: GetDidReservationParams, options: RequestOptions) {
    const input = parseInput(GetArguments, { ...params, id }, 'didww', GET);
    const operation = getByIdOperation(
      GET,
      '/did_reservations',
      input.id,
      asList(input.include),
      toDidReservation,
    );
    return this.#context.transport.run(operation, options);
  }

  /**
   * Releases a hold; the number returns to the pool. Idempotent: a hold that is already gone (404)
   * resolves with `{ released: false }` instead of throwing.
   * @throws InputValidationError when `id` is not a DIDWW id (nothing is sent).
   * @example
   * ```ts
   * const { released } = await client.didReservations.delete(hold.id);
   * ```
   */
  delete(id: string, options: RequestOptions = {}): ApiPromise<DidReservationRelease> {
    return new ApiPromise(this.#delete(id, options));
  }

  async #delete(id: string, options: RequestOptions) {
    const input = parseInput(IdArgument, { id }, 'didww', DELETE);
    const operation: Operation<DidReservationRelease> = {
      name: DELETE,
      method: 'DELETE',
      path: `/did_reservations/${idSegment(input.id)}`,
      route: '/did_reservations/{id}',
      effect: 'idempotent',
      acceptStatus: (status) => status === 404,
      decode(response) {
        if (response.status !== 404) return { released: true };
        // Only DIDWW's own 404 (an errors document) means "no such hold"; a proxy's page does not.
        parseValue(ErrorsDocument, jsonBodyOf(response));
        return { released: false };
      },
    };
    return this.#context.transport.run(operation, options);
  }

  /**
   * Your reservations. `await` it for the first page; `for await` over it for every reservation of
   * every page (it follows DIDWW's `links.next`, only below the configured base URL, and ends at a
   * `links.next` it has already followed rather than looping).
   *
   * @throws InputValidationError for unknown filters, ids that are not UUIDs, an empty or blank
   *   `filter.description`, sort fields, bad page numbers, or a `page.size` over 100 under API
   *   version 2026-11-19 and later (nothing is sent). Older versions send a size over 1000 as 1000.
   * @throws ResponseValidationError while iterating, if `links.next` points at another host.
   * @example
   * ```ts
   * const first = await client.didReservations.list({ page: { size: 10 } });
   * console.log(first.meta.totalRecords, first.meta.availableCount);
   * for await (const hold of client.didReservations.list({ include: 'availableDid' })) {
   *   console.log(hold.availableDid?.number, hold.expiresAt);
   * }
   * ```
   */
  list(
    params: ListDidReservationsParams = {},
    options: RequestOptions = {},
  ): PagePromise<DidReservation, DidReservationListMeta> {
    return new PagePromise(this.#firstPage(params, options));
  }

  async #firstPage(params: ListDidReservationsParams, options: RequestOptions) {
    const input = parseInput(ListParamsSchema, params, 'didww', LIST);
    refuseForVersion(LIST, pageSizeIssues(input.page?.size, this.#context.apiVersion));
    const query = toQueryParams(listQuery(input, this.#context.apiVersion));
    return firstPage(this.#list, '/did_reservations', query, options);
  }

  /**
   * Holds a block of `count` numbers matching `filter`, each carrying `description`, and survives
   * being killed half way: started again with the same arguments, it counts the holds that already
   * carry the description and only tops the block up, never doubling it.
   *
   * It lists your holds with this description, searches the stock with the filter, and holds the
   * numbers one at a time: a number taken between search and hold (422) is skipped for the next, the
   * stock is searched again when the candidates run out, and it stops at your plan's cap
   * (`meta.availableCount`, or a 422 that names the limit) or when no number is left to try. Every
   * request goes through the client's transport: its rate limiter paces them, each create looks its
   * own lost answers up before resending (never two holds on one number), `options.signal` aborts
   * the request in flight and the block, and `options.totalTimeoutMs`, when given, bounds the whole
   * block rather than each request.
   *
   * **Make the description unique per block**: every hold of yours that carries it counts as one
   * of the block's. Holds lapse (10 minutes by default): a re-run after they lapsed holds new ones.
   *
   * @returns `{ holds, existing, shortfall?, error? }`: never throws once a request was sent; a
   *   block with fewer than `count` holds says why in `shortfall`, and `error` carries the failure.
   * @throws InputValidationError before any request, for a `count` that is not a positive integer,
   *   a blank description or one with a comma or a control character (other than tab and line
   *   breaks), a filter `availableDids.list` refuses (including one the client's API version does not
   *   have: `numberType` before 2026-11-19, `didGroupTypeId` from it), or bad options.
   * @example
   * ```ts
   * const block = await client.didReservations.holdMany({
   *   filter: { countryId, didGroupFeatures: 'voice' },
   *   count: 20,
   *   description: 'launch-2026-05 desk A',
   * });
   * if (block.shortfall) console.warn(`${block.holds.length} of 20 held: ${block.shortfall}`, block.error);
   * for (const hold of block.holds) console.log(hold.availableDid?.number, hold.expiresAt);
   * ```
   */
  async holdMany(params: HoldManyParams, options: RequestOptions = {}): Promise<HoldManyResult> {
    const input = parseInput(holdManyInputSchema(), params, 'didww', HOLD_MANY);
    refuseForVersion(HOLD_MANY, filterIssues(input.filter, this.#context.apiVersion));
    const checked = checkCallOptions(options, 'didww', HOLD_MANY);
    // The block's total time is shared by its requests, as a create shares its own with its lookups.
    const each = markChecked(
      checked.totalTimeoutMs === undefined
        ? { ...checked }
        : { ...checked, deadlineAt: performance.now() + checked.totalTimeoutMs },
    );
    const { description } = input;
    return runHoldMany(
      { count: input.count, signal: checked.signal, onHold: input.onHold },
      {
        listOwn: () => this.#listOwn(description, each),
        search: async () => (await this.#stock.list({ filter: params.filter }, each)).data,
        hold: (availableDidId) => this.create({ availableDidId, description, include: 'availableDid' }, each),
      },
    );
  }

  /** Every hold of yours whose description is exactly `description`, with its number. */
  async #listOwn(description: string, options: CallOptions): Promise<OwnHolds> {
    const size = Math.min(HOLD_LOOKUP_PAGE_SIZE, maxPageSize(this.#context.apiVersion));
    const first = await this.list(
      { filter: { description }, include: 'availableDid', page: { size } },
      options,
    );
    const holds: DidReservation[] = [];
    // DIDWW's description filter is not documented as exact: only an exact match is the block's.
    await findInPages(first, this.#context.holdLookup.maxPages, (hold) => {
      if (hold.description === description) holds.push(hold);
      return undefined;
    });
    return { holds, availableCount: first.meta.availableCount };
  }

  async #findHold(
    claim: HoldClaim,
    include: readonly DidReservationInclude[],
    options: CallOptions,
  ): Promise<CreatedDidReservation | undefined> {
    // The same options object on every page request: it carries the create's deadline and signal.
    const size = Math.min(HOLD_LOOKUP_PAGE_SIZE, maxPageSize(this.#context.apiVersion));
    const first = await this.list(
      { include: [...new Set(['availableDid' as const, ...include])], page: { size } },
      options,
    );
    const { maxPages, clockSkewMs } = this.#context.holdLookup;
    return findInPages(first, maxPages, (hold): CreatedDidReservation | undefined =>
      isOwnHold(hold, claim, clockSkewMs)
        ? { ...hold, availableDidId: claim.availableDidId, status: 'found' }
        : undefined,
    );
  }
}
