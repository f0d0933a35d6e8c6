import * as z from 'zod/mini';
import { lazy } from '../core/lazy.js';
import { parseValue } from '../core/zod.js';
import { camelKeys } from './json-api/case.js';
import { dateTimeSchema } from './json-api/date-time.js';
import { lenient } from './json-api/lenient.js';
import type { ResolvedResource } from './json-api/resolve.js';

// DIDWW's `orders` (OpenAPI 2026-04-16 `Order`; didww-v3-ruby lib/didww/resource/order.rb) [C]:
// attributes `reference`, `description`, `amount` (a decimal string), `status`, `created_at`,
// `callback_url`, `callback_method`, `external_reference_id` (2026-04-16 on) and `items`, each
// `{ type, attributes }`; no relationships. Unconfirmed, so read leniently [U]:
// - `status` is `pending`/`completed`/`canceled` in the OpenAPI and the Ruby SDK's constants, but
//   `Pending`/`Completed`/`Canceled` in the Ruby SDK's comment: read in any case.
// - `allow_back_ordering` is an attribute in the Ruby SDK, not in the OpenAPI's `Order`.
// - a `did_order_items` entry's `sku_id`: in DIDWW's older docs, not in the OpenAPI's `DidOrderItem`.
// Every other attribute DIDWW sends passes through, camelCased.

/**
 * Where an order is: `pending` while DIDWW fulfils it, then `completed` or `canceled`. Read in any
 * case (DIDWW's sources disagree on `pending` vs `Pending`) and given in lower case; a status DIDWW
 * adds later passes through as sent.
 */
export type OrderStatus = 'pending' | 'completed' | 'canceled' | (string & {});

/** One line of an order, as DIDWW reports it. Charges are decimal strings, VAT included. */
export interface OrderItem {
  /** DIDWW's item type: `did_order_items` for numbers (also `capacity_order_items`, `emergency_order_items`, …). */
  type: string;
  /** The stock keeping unit bought from (`sku_id`), when DIDWW sends it. */
  skuId?: string | undefined;
  /** Units ordered. */
  qty?: number | undefined;
  /** Non-recurring (setup) charge (`nrc`). */
  nrc?: string | undefined;
  /** Monthly recurring charge (`mrc`). */
  mrc?: string | undefined;
  /** Whether `mrc` was prorated to the rest of the billing period (`prorated_mrc`). */
  proratedMrc?: boolean | undefined;
  /** Start of the billed period, a date such as `2026-04-16`; `null` until the item is filled. */
  billedFrom?: string | null | undefined;
  /** End of the billed period, a date; `null` until the item is filled. */
  billedTo?: string | null | undefined;
  /** The DID group the numbers came from (`did_group_id`). */
  didGroupId?: string | null | undefined;
  /** Other attributes DIDWW sends (`setupPrice`, `monthlyPrice`, `capacityPoolId`, …), camelCased. */
  [key: string]: unknown;
}

/** A DIDWW order. */
export interface Order {
  /** DIDWW's id of the order (a UUID): `orders.get(id)`. */
  id: string;
  /** See {@link OrderStatus}. Poll `orders.get(id)` while it is `pending`. */
  status: OrderStatus;
  /** DIDWW's human-readable reference, e.g. `KTH-650932`. */
  reference: string | undefined;
  /** What was ordered, e.g. `DID`. */
  description: string | undefined;
  /** Total charged, VAT included, a decimal string such as `3.6`. */
  amount: string | undefined;
  /** When DIDWW placed it (`created_at`). */
  createdAt: Date | undefined;
  /** Your own identifier, as sent (`external_reference_id`), or `null`. */
  externalReferenceId: string | null;
  /** The URL DIDWW notifies when the order completes, or `null`. */
  callbackUrl: string | null;
  /** `get` or `post`, or `null`. */
  callbackMethod: string | null;
  /** Whether back-ordering was allowed, when DIDWW says. */
  allowBackOrdering?: boolean | undefined;
  /** What the order consists of. */
  items: OrderItem[];
}

const orderItemSchema = lazy(() =>
  z.looseObject({
    type: z.string(),
    attributes: z.optional(z.record(z.string(), z.unknown())),
  }),
);

// Attributes the SDK names are read leniently: a value of the wrong type reads as absent.
const itemAttributesSchema = lazy(() =>
  z.looseObject({
    skuId: lenient(z.string()),
    qty: lenient(z.number()),
    nrc: lenient(z.string()),
    mrc: lenient(z.string()),
    proratedMrc: lenient(z.boolean()),
    billedFrom: lenient(z.nullable(z.string())),
    billedTo: lenient(z.nullable(z.string())),
    didGroupId: lenient(z.nullable(z.string())),
  }),
);

const orderSchema = lazy(() =>
  z.looseObject({
    id: z.string(),
    type: z.literal('orders'),
    // The one attribute the SDK relies on: what the order came to.
    status: z.string(),
    reference: lenient(z.string()),
    description: lenient(z.string()),
    // A decimal string; a number is kept as its text.
    amount: lenient(z.pipe(z.union([z.string(), z.number()]), z.transform(String))),
    createdAt: lenient(dateTimeSchema()),
    externalReferenceId: lenient(z.nullable(z.string())),
    callbackUrl: lenient(z.nullable(z.string())),
    callbackMethod: lenient(z.nullable(z.string())),
    allowBackOrdering: lenient(z.boolean()),
    items: lenient(z.array(orderItemSchema())),
  }),
);

const KNOWN_STATUSES = new Set(['pending', 'completed', 'canceled']);

function toStatus(status: string): OrderStatus {
  const lower = status.toLowerCase();
  return KNOWN_STATUSES.has(lower) ? lower : status;
}

function toItem(item: z.output<ReturnType<typeof orderItemSchema>>): OrderItem {
  const attributes = parseValue(itemAttributesSchema(), camelKeys(item.attributes ?? {}));
  // `type` last: an attribute can never hide what kind of item it is.
  return { ...attributes, type: item.type };
}

/** Maps a resolved `orders` resource to an {@link Order}. */
export function toOrder(resource: ResolvedResource): Order {
  const parsed = parseValue(orderSchema(), resource);
  const order: Order = {
    id: parsed.id,
    status: toStatus(parsed.status),
    reference: parsed.reference,
    description: parsed.description,
    amount: parsed.amount,
    createdAt: parsed.createdAt,
    externalReferenceId: parsed.externalReferenceId ?? null,
    callbackUrl: parsed.callbackUrl ?? null,
    callbackMethod: parsed.callbackMethod ?? null,
    items: (parsed.items ?? []).map(toItem),
  };
  if (parsed.allowBackOrdering !== undefined) order.allowBackOrdering = parsed.allowBackOrdering;
  return order;
}
