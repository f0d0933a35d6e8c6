import * as z from 'zod/mini';
import { lazy } from '../core/lazy.js';
import { identifierString, notBlank, textString } from '../core/well-formed.js';
import { wirePageSize } from './api-version.js';
import { DidwwId, DidwwIdList } from './ids.js';
import { asList, type JsonApiQuery, oneOrList, wireSort } from './json-api/query.js';

// `OrderCreateRequest` (OpenAPI 2026-04-16) [C]: `did_order_items` take "`sku_id` plus exactly one of
// `qty`, `did_reservation_id` or `available_did_id` — sending more than one is rejected", and
// optionally `nanpa_prefix_id` and `billing_cycles_count`. The order takes `allow_back_ordering`,
// `callback_url`, `callback_method` (`get`/`post`) and `external_reference_id` ("Customer's own
// identifier"; at most 100 characters per didww-v3-ruby; not documented as unique).

interface OrderItemBase {
  /** The stock keeping unit (price line) to buy from: `didGroup.stockKeepingUnits[i].id` of the number. */
  skuId: string;
  /** Billing cycles to keep the number for before releasing it; leave out to renew indefinitely. */
  billingCyclesCount?: number;
}

/** Buy the number a hold of yours keeps (`did_reservation_id`): the usual way, after `didReservations.create`. */
export interface ReservedNumberOrderItem extends OrderItemBase {
  /** The hold (`didReservations.create(…).id`). It must be yours and not lapsed. */
  didReservationId: string;
  /** Not with `didReservationId`: an item names its number one way. */
  availableDidId?: never;
  /** Not with `didReservationId`: an item names its number one way. */
  qty?: never;
}

/** Buy one number in stock directly (`available_did_id`), without holding it first. */
export interface AvailableNumberOrderItem extends OrderItemBase {
  /** The number in stock (`availableDids.list(…).data[i].id`). */
  availableDidId: string;
  /** Not with `availableDidId`: an item names its number one way. */
  didReservationId?: never;
  /** Not with `availableDidId`: an item names its number one way. */
  qty?: never;
}

/** Buy any `qty` numbers of the SKU (`qty`): DIDWW picks them. */
export interface QuantityOrderItem extends OrderItemBase {
  /** How many numbers, from 1. */
  qty: number;
  /** Only numbers of this NANPA prefix (`nanpa_prefix_id`). */
  nanpaPrefixId?: string;
  /** Not with `qty`: an item names its numbers one way. */
  didReservationId?: never;
  /** Not with `qty`: an item names its numbers one way. */
  availableDidId?: never;
}

/**
 * One line of an order (a DIDWW `did_order_items` entry): a `skuId` plus exactly one of
 * `didReservationId`, `availableDidId` or `qty`. DIDWW refuses more than one; so do the types, and
 * so does `orders.create` at run time, before anything is sent.
 */
export type OrderItemParams = ReservedNumberOrderItem | AvailableNumberOrderItem | QuantityOrderItem;

/** Arguments of `orders.create`. */
export interface CreateOrderParams {
  /** What to buy: at least one item. */
  items: readonly OrderItemParams[];
  /** Place the order even when some numbers are not available at once (`allow_back_ordering`). */
  allowBackOrdering?: boolean;
  /** An `http:` or `https:` URL DIDWW notifies when the order completes (`callback_url`). */
  callbackUrl?: string;
  /** How DIDWW calls `callbackUrl`: `'get'` or `'post'`. */
  callbackMethod?: 'get' | 'post';
  /**
   * Your own identifier for the order (`external_reference_id`), up to 100 characters. DIDWW does
   * not document it as unique, and the SDK does not look orders up by it; but an order of yours
   * that `orders.list({ filter: { externalReferenceId } })` shows **was** placed. Make it unique
   * (your order id): after an unknown outcome it is the one way to prove an attempt was placed.
   */
  externalReferenceId?: string;
}

const ORDER_STATUSES = ['pending', 'completed', 'canceled'] as const;

/** A sort field of `orders.list`; a leading `-` sorts descending (`'-createdAt'`: newest first). */
export type OrderSort =
  | 'createdAt'
  | '-createdAt'
  | 'amount'
  | '-amount'
  | 'reference'
  | '-reference'
  | 'status'
  | '-status'
  | 'externalReferenceId'
  | '-externalReferenceId';

const ORDER_SORTS: readonly [OrderSort, ...OrderSort[]] = [
  'createdAt',
  '-createdAt',
  'amount',
  '-amount',
  'reference',
  '-reference',
  'status',
  '-status',
  'externalReferenceId',
  '-externalReferenceId',
];

/** Filters of `orders.list` (OpenAPI `OrderFilter`). */
export interface OrderFilter {
  /** `filter[id]`: one order id or several. */
  id?: string | readonly string[];
  /** `filter[status]`: one status or several (sent in lower case, as DIDWW's OpenAPI writes them). */
  status?: 'pending' | 'completed' | 'canceled' | readonly ('pending' | 'completed' | 'canceled')[];
  /** `filter[reference]`: DIDWW's reference, e.g. `KTH-650932`. */
  reference?: string;
  /** `filter[external_reference_id]`: the identifier you sent with the order. */
  externalReferenceId?: string;
}

/** Arguments of `orders.list`. */
export interface ListOrdersParams {
  /** Which orders. */
  filter?: OrderFilter;
  /** Order of the orders: one field or several. */
  sort?: OrderSort | readonly OrderSort[];
  /** `number` is 1-based (default 1); `size` defaults to 50, with the limits of `didReservations.list`. */
  page?: {
    /** The page, from 1. */
    number?: number;
    /**
     * Orders per page, from 1. 2026-11-19 and later: at most 100 (a larger size is refused before
     * anything is sent); older versions: a size over 1000 is sent as 1000.
     */
    size?: number;
  };
}

// Why a combination of item fields is refused, in the caller's words.
const ONE_WAY =
  'an item takes exactly one of didReservationId, availableDidId or qty (DIDWW refuses more than one)';

// A value sent as one `filter[...]` value: a comma in it would read as "any of" at DIDWW.
const filterValue = () =>
  identifierString().check(
    z.refine((value) => !value.includes(','), {
      error: 'must not contain a comma: DIDWW reads a comma as "any of"',
    }),
  );

const externalReferenceId = () =>
  textString().check(notBlank, z.maxLength(100, { error: 'must be at most 100 characters' }));

/** The runtime check of {@link OrderItemParams}, with the item's fields checked one by one. */
export const orderItemSchema = lazy(() =>
  z
    .strictObject({
      skuId: DidwwId,
      didReservationId: z.optional(DidwwId),
      availableDidId: z.optional(DidwwId),
      qty: z.optional(z.int({ error: 'must be a whole number from 1' }).check(z.gte(1))),
      nanpaPrefixId: z.optional(DidwwId),
      billingCyclesCount: z.optional(z.int({ error: 'must be a whole number from 1' }).check(z.gte(1))),
    })
    .check(
      z.check((payload) => {
        const item = payload.value;
        const ways = [item.didReservationId, item.availableDidId, item.qty].filter(
          (way) => way !== undefined,
        );
        if (ways.length !== 1) payload.issues.push({ code: 'custom', message: ONE_WAY, input: undefined });
        if (item.nanpaPrefixId !== undefined && item.qty === undefined)
          payload.issues.push({
            code: 'custom',
            message: 'nanpaPrefixId narrows a qty item: a number named by id has its own prefix',
            path: ['nanpaPrefixId'],
            input: undefined,
          });
      }),
    ),
);

/** The runtime check of {@link CreateOrderParams}. */
export const createParamsSchema = lazy(() =>
  z.strictObject({
    items: z.array(orderItemSchema()).check(z.minLength(1, { error: 'an order needs at least one item' })),
    allowBackOrdering: z.optional(z.boolean()),
    callbackUrl: z.optional(
      identifierString().check(
        z.refine(
          (url) => {
            try {
              const { protocol } = new URL(url);
              return protocol === 'http:' || protocol === 'https:';
            } catch {
              return false;
            }
          },
          { error: 'must be an absolute http: or https: URL' },
        ),
      ),
    ),
    callbackMethod: z.optional(z.enum(['get', 'post'])),
    externalReferenceId: z.optional(externalReferenceId()),
  }),
);

/** The runtime check of {@link ListOrdersParams}. */
export const listParamsSchema = lazy(() =>
  z.strictObject({
    filter: z.optional(
      z.strictObject({
        id: z.optional(DidwwIdList),
        status: z.optional(oneOrList(z.enum(ORDER_STATUSES), { nonEmpty: true })),
        reference: z.optional(filterValue()),
        externalReferenceId: z.optional(
          filterValue().check(z.maxLength(100, { error: 'must be at most 100 characters' })),
        ),
      }),
    ),
    sort: z.optional(oneOrList(z.enum(ORDER_SORTS))),
    page: z.optional(
      z.strictObject({
        number: z.optional(z.int().check(z.gte(1))),
        // The largest size depends on the API version: see pageSizeIssues.
        size: z.optional(z.int().check(z.gte(1))),
      }),
    ),
  }),
);

/** An item in DIDWW's words: a `did_order_items` entry. */
export function wireItem(item: z.output<ReturnType<typeof orderItemSchema>>): unknown {
  const attributes: Record<string, unknown> = { sku_id: item.skuId };
  if (item.didReservationId !== undefined) attributes.did_reservation_id = item.didReservationId;
  if (item.availableDidId !== undefined) attributes.available_did_id = item.availableDidId;
  if (item.qty !== undefined) attributes.qty = item.qty;
  if (item.nanpaPrefixId !== undefined) attributes.nanpa_prefix_id = item.nanpaPrefixId;
  if (item.billingCyclesCount !== undefined) attributes.billing_cycles_count = item.billingCyclesCount;
  return { type: 'did_order_items', attributes };
}

/** The create document's attributes, in wire names; only what was given is sent. */
export function wireOrderAttributes(
  input: z.output<ReturnType<typeof createParamsSchema>>,
): Record<string, unknown> {
  const attributes: Record<string, unknown> = { items: input.items.map(wireItem) };
  if (input.allowBackOrdering !== undefined) attributes.allow_back_ordering = input.allowBackOrdering;
  if (input.callbackUrl !== undefined) attributes.callback_url = input.callbackUrl;
  if (input.callbackMethod !== undefined) attributes.callback_method = input.callbackMethod;
  if (input.externalReferenceId !== undefined) attributes.external_reference_id = input.externalReferenceId;
  return attributes;
}

/** The query of `orders.list`, in wire names; the page size at most the version's maximum. */
export function listQuery(
  input: z.output<ReturnType<typeof listParamsSchema>>,
  apiVersion: string,
): JsonApiQuery {
  return {
    filter: {
      id: input.filter?.id,
      status: input.filter?.status,
      reference: input.filter?.reference,
      external_reference_id: input.filter?.externalReferenceId,
    },
    sort: wireSort(asList(input.sort)),
    page: { number: input.page?.number, size: wirePageSize(input.page?.size, apiVersion) },
  };
}
