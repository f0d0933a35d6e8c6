import * as z from 'zod/mini';
import { ApiPromise, type WithMeta } from '../core/api-promise.js';
import type { LookupKey } from '../core/errors.js';
import { parseInput } from '../core/input.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import { PagePromise } from '../core/pagination.js';
import type { Operation } from '../core/transport.js';
import { parseValue } from '../core/zod.js';
import { pageSizeIssues } from './api-version.js';
import type { DidwwContext } from './context.js';
import { getByIdOperation } from './get-by-id.js';
import { DidwwId } from './ids.js';
import { decodeSingle } from './json-api/document.js';
import { toQueryParams } from './json-api/query.js';
import { type Order, toOrder } from './order-model.js';
import {
  type CreateOrderParams,
  createParamsSchema,
  type ListOrdersParams,
  listParamsSchema,
  listQuery,
  wireOrderAttributes,
} from './order-params.js';
import { firstPage, type PagedList, type PageLinks } from './paged-list.js';
import { refuseForVersion } from './version-gate.js';

// An order spends money, and nothing DIDWW documents lets the SDK prove that a lost order attempt
// was placed, or that it was not:
// - an order carries no key DIDWW keeps unique: `external_reference_id` is "Customer's own
//   identifier" (OpenAPI 2026-04-16), not documented as unique or refused when repeated;
// - a hold an order used is consumed (gone from GET /did_reservations/{id}), but a hold that lapsed
//   is gone the same way, so its absence proves nothing;
// - an order that `GET /orders?filter[external_reference_id]=…` does not list may still exist: DIDWW
//   documents no read-after-write for it [U].
// So `orders.create` is `once` with no lookup, like Arianee's `reserveOne`: it is sent again only
// when DIDWW provably did not act (not sent, 429, a 503 with Retry-After), and a failure after the
// request may have reached DIDWW is final, `unknown`, naming what to check (`lookupKey`).

const CREATE = 'didww.orders.create';
const GET = 'didww.orders.get';
const LIST = 'didww.orders.list';

/** What a page of orders says beside its items. */
export interface OrderListMeta {
  /** Orders matching the query, over all pages (`meta.total_records`). */
  totalRecords: number;
  /** The API version that answered (`meta.api_version`), when sent. */
  apiVersion: string | undefined;
  /** DIDWW's pagination links (`links`). */
  links: PageLinks;
}

const listMetaSchema = lazy(() =>
  z.looseObject({ total_records: z.number(), api_version: z.optional(z.string()) }),
);

const getArgumentsSchema = lazy(() => z.strictObject({ id: DidwwId }));

function quoteIds(ids: readonly string[]): string {
  return ids.map((id) => `'${id}'`).join(', ');
}

/** What an unknown outcome of this order says to check, in the error's message. */
function unknownOutcomeNote(key: Extract<LookupKey, { didReservationIds: readonly string[] }>): string {
  const checks: string[] = [];
  if (key.externalReferenceId !== undefined)
    checks.push(
      `orders.list({ filter: { externalReferenceId: ${JSON.stringify(key.externalReferenceId)} } }) shows it if it was placed`,
    );
  else checks.push('look for it in orders.list({ sort: "-createdAt" })');
  if (key.didReservationIds.length)
    checks.push(
      `hold ${quoteIds(key.didReservationIds)} still there (didReservations.get) was not bought; one gone was bought or lapsed`,
    );
  if (key.availableDidIds.length)
    checks.push(`number ${quoteIds(key.availableDidIds)} still in stock (availableDids.get) was not bought`);
  return `an order may have been placed and charged; it was not sent again: check before ordering again (${checks.join('; ')})`;
}

/**
 * Orders (`/orders`): buy the numbers you hold (or numbers in stock), and read your orders.
 * Reached through `client.orders`.
 *
 * **An order spends money, and no lookup can prove that a lost attempt was placed.** DIDWW keeps no
 * key of the caller's unique on an order, and the hold an order consumes disappears from
 * `didReservations.get` exactly as a lapsed one does. So `create` is sent again only when DIDWW
 * provably did not act (nothing sent, a 429, a 503 with `Retry-After`); after any failure that may
 * have reached DIDWW (a timeout or a reset after sending, a 500/502/504, a bare 503, a success whose
 * body broke off) it is **never resent**: the error has `outcome: 'unknown'` (or `'applied'`),
 * `retryable: false`, and a `lookupKey` naming the holds and numbers the order named and its
 * `externalReferenceId`. Check them before ordering again: pass a unique `externalReferenceId`, and
 * an order that `list({ filter: { externalReferenceId } })` shows was placed; a hold still there
 * (`didReservations.get`) was not bought.
 */
export class Orders {
  readonly #context: DidwwContext;
  readonly #list: PagedList<Order, OrderListMeta>;

  /** @internal Built by `DidwwClient`. */
  constructor(context: DidwwContext) {
    this.#context = context;
    this.#list = {
      name: LIST,
      context,
      toItem: toOrder,
      meta: (meta, links) => {
        const read = parseValue(listMetaSchema(), meta);
        return { totalRecords: read.total_records, apiVersion: read.api_version, links };
      },
    };
  }

  /**
   * Places an order: DIDWW charges your balance for it at once, and fulfils it at once or later
   * (`status: 'pending'` until then; poll `get(id)` or pass `callbackUrl`). Each item is a `skuId`
   * plus exactly one of `didReservationId` (a hold of yours: the number it keeps), `availableDidId`
   * (a number in stock) or `qty` (any numbers of the SKU).
   *
   * Never sent twice once DIDWW may have acted: see {@link Orders} for what such a failure says
   * and what to check.
   *
   * @throws InputValidationError for no items, an item with none or several of
   *   `didReservationId`, `availableDidId` and `qty`, an id that is not a UUID, a `qty` or
   *   `billingCyclesCount` below 1, a `callbackUrl` that is not an http(s) URL, or an
   *   `externalReferenceId` that is blank, over 100 characters or holds a control character
   *   (nothing is sent).
   * @throws ProviderValidationError (400, 422) when DIDWW refuses the order (a hold that lapsed or
   *   is not yours, a number no longer in stock, an unknown SKU): `outcome: 'rejected'`, nothing bought.
   * @throws AuthenticationError for 401 and 403 (403: your account is in read-only mode).
   * @example
   * ```ts
   * const hold = await client.didReservations.create({ availableDidId: did.id, include: 'availableDid.didGroup.stockKeepingUnits' });
   * const skuId = hold.availableDid!.didGroup!.stockKeepingUnits![0]!.id;
   * const order = await client.orders.create({
   *   items: [{ skuId, didReservationId: hold.id }],
   *   externalReferenceId: 'order-42',
   * });
   * console.log(order.status, order.amount);
   * ```
   */
  create(params: CreateOrderParams, options: RequestOptions = {}): ApiPromise<Order> {
    return new ApiPromise(this.#create(params, options));
  }

  async #create(params: CreateOrderParams, options: RequestOptions): Promise<WithMeta<Order>> {
    const input = parseInput(createParamsSchema(), params, 'didww', CREATE);
    const key: LookupKey = {
      didReservationIds: input.items.flatMap((item) =>
        item.didReservationId === undefined ? [] : [item.didReservationId],
      ),
      availableDidIds: input.items.flatMap((item) =>
        item.availableDidId === undefined ? [] : [item.availableDidId],
      ),
      ...(input.externalReferenceId === undefined ? {} : { externalReferenceId: input.externalReferenceId }),
    };
    const operation: Operation<Order> = {
      name: CREATE,
      method: 'POST',
      path: '/orders',
      body: { data: { type: 'orders', attributes: wireOrderAttributes(input) } },
      // Every accepted request places an order, and no lookup can find a lost one: see above.
      effect: 'once',
      decode: (response) => decodeSingle(response, toOrder),
      unknownOutcomeNote: unknownOutcomeNote(key),
      // No lookup can prove a lost order (see above): the error names what to check by hand.
      lookupKey: key,
    };
    return this.#context.transport.run(operation, options);
  }

  /**
   * One of your orders: poll it while `status` is `pending`.
   * @throws InputValidationError when `id` is not a DIDWW id (nothing is sent).
   * @throws NotFoundError when no order with that id is yours.
   * @example
   * ```ts
   * const order = await client.orders.get(orderId);
   * if (order.status === 'completed') console.log(order.items[0]?.billedTo);
   * ```
   */
  get(id: string, options: RequestOptions = {}): ApiPromise<Order> {
    return new ApiPromise(this.#get(id, options));
  }

  async #get(id: string, options: RequestOptions) {
    const input = parseInput(getArgumentsSchema(), { id }, 'didww', GET);
    return this.#context.transport.run(getByIdOperation(GET, '/orders', input.id, [], toOrder), options);
  }

  /**
   * Your orders. `await` it for the first page; `for await` over it for every order of every page
   * (it follows DIDWW's `links.next`, only below the configured base URL, as `didReservations.list`).
   *
   * @throws InputValidationError for unknown filters or statuses, ids that are not UUIDs, a
   *   `reference` or `externalReferenceId` with a comma or a control character, unknown sort fields
   *   or bad page numbers (nothing is sent).
   * @throws ResponseValidationError while iterating, if `links.next` points at another host.
   * @example
   * ```ts
   * const { data } = await client.orders.list({ filter: { externalReferenceId: 'order-42' } });
   * for await (const order of client.orders.list({ filter: { status: 'pending' }, sort: '-createdAt' })) {
   *   console.log(order.reference, order.amount);
   * }
   * ```
   */
  list(params: ListOrdersParams = {}, options: RequestOptions = {}): PagePromise<Order, OrderListMeta> {
    return new PagePromise(this.#firstPage(params, options));
  }

  async #firstPage(params: ListOrdersParams, options: RequestOptions) {
    const input = parseInput(listParamsSchema(), params, 'didww', LIST);
    refuseForVersion(LIST, pageSizeIssues(input.page?.size, this.#context.apiVersion));
    const query = toQueryParams(listQuery(input, this.#context.apiVersion));
    return firstPage(this.#list, '/orders', query, options);
  }
}
