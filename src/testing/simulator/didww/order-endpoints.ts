import {
  errorsResponse,
  type JsonApiError,
  jsonApi,
  jsonApiError,
  type ResourceObject,
  recordNotFound,
} from './documents.js';
import { checkCreate, type DidwwRequest, isObject, type Json, queryOf } from './endpoint.js';
import type { Order, OrderFields, OrderLine } from './inventory.js';
import { pageLinks } from './page-links.js';
import { type QuerySpec, sortBy } from './query.js';

// OpenAPI 2026-04-16: `OrderCreateRequest`, `Order`, `OrderFilter`, `OrderSort`. The simulator keeps
// no prices (every charge is 0.0) and completes an order as it places it. It buys only numbers it
// can point at: a held one (`did_reservation_id`) or one in stock (`available_did_id`); `qty` items
// (any numbers of a SKU) and channel items are refused with a 422 that says so.

const ORDER_QUERY: Omit<QuerySpec, 'maxPageSize'> = {
  resource: 'orders',
  filters: new Set([
    'created_at_gteq',
    'created_at_lteq',
    'external_reference_id',
    'id',
    'reference',
    'status',
  ]),
  sorts: new Set(['amount', 'created_at', 'external_reference_id', 'reference', 'status']),
  includes: new Set(),
  paginated: true,
};

const SINGLE_QUERY: Omit<QuerySpec, 'maxPageSize'> = {
  ...ORDER_QUERY,
  filters: new Set(),
  sorts: new Set(),
  paginated: false,
};

const ORDER_ATTRIBUTES = new Set([
  'items',
  'allow_back_ordering',
  'callback_url',
  'callback_method',
  'external_reference_id',
]);
const ITEM_ATTRIBUTES = new Set([
  'sku_id',
  'qty',
  'did_reservation_id',
  'available_did_id',
  'nanpa_prefix_id',
  'billing_cycles_count',
]);
// "Supply `sku_id` plus exactly one of `qty`, `did_reservation_id` or `available_did_id`".
const CHOICES = ['qty', 'did_reservation_id', 'available_did_id'] as const;

// The simulator has no prices.
const NO_CHARGE = '0.0';
const STATUS = 'completed';

const notAllowed = (name: string) => jsonApiError(400, 'Param not allowed', `${name} is not allowed.`, '105');
const invalid = (field: string, pointer: string, why = 'is invalid') =>
  jsonApiError(422, why, `${field} - ${why}`, '100', pointer);

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last day of the month of `ms` (UTC): the end of the first billed period. */
function endOfMonth(ms: number): string {
  const date = new Date(ms);
  return isoDate(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0));
}

function orderResource(order: Order): ResourceObject {
  return {
    id: order.id,
    type: 'orders',
    attributes: {
      reference: order.reference,
      description: 'DID',
      amount: NO_CHARGE,
      status: STATUS,
      created_at: new Date(order.createdAt).toISOString(),
      callback_url: order.callbackUrl,
      callback_method: order.callbackMethod,
      external_reference_id: order.externalReferenceId,
      items: order.lines.map((line) => ({
        type: 'did_order_items',
        attributes: {
          sku_id: line.skuId,
          qty: 1,
          nrc: NO_CHARGE,
          mrc: NO_CHARGE,
          prorated_mrc: false,
          billed_from: isoDate(order.createdAt),
          billed_to: endOfMonth(order.createdAt),
          did_group_id: line.did.didGroupId,
          setup_price: NO_CHARGE,
          monthly_price: NO_CHARGE,
        },
      })),
    },
  };
}

/** What is wrong with the shape of a create document: 400s, as the OpenAPI documents them. */
function invalidShape(body: unknown, malformed: boolean): JsonApiError | undefined {
  if (malformed) return jsonApiError(400, 'Bad Request', 'The request body is not valid JSON.');
  const data = isObject(body) ? body.data : undefined;
  if (!isObject(data))
    return jsonApiError(400, 'Missing Parameter', 'The required parameter, data, is missing.', '106');
  if (data.type !== 'orders')
    return jsonApiError(400, 'Invalid resource', `${String(data.type)} is not a valid resource.`, '101');
  if (data.relationships !== undefined) return notAllowed('relationships');
  if (!isObject(data.attributes))
    return jsonApiError(400, 'Missing Parameter', 'The required parameter, attributes, is missing.', '106');
  for (const name of Object.keys(data.attributes)) if (!ORDER_ATTRIBUTES.has(name)) return notAllowed(name);
  const items = data.attributes.items;
  if (!Array.isArray(items) || items.length === 0)
    return jsonApiError(400, 'Missing Parameter', 'The required parameter, items, is missing.', '106');
  for (const item of items) {
    if (!isObject(item) || !isObject(item.attributes))
      return jsonApiError(400, 'Bad Request', 'each item needs a type and attributes');
    if (item.type !== 'did_order_items')
      return item.type === 'capacity_order_items'
        ? jsonApiError(
            422,
            'Not simulated',
            'capacity_order_items are not simulated',
            '100',
            '/data/attributes/items',
          )
        : jsonApiError(400, 'Invalid resource', `${String(item.type)} is not a valid order item.`, '101');
    for (const name of Object.keys(item.attributes)) if (!ITEM_ATTRIBUTES.has(name)) return notAllowed(name);
    if (typeof item.attributes.sku_id !== 'string' || item.attributes.sku_id === '')
      return jsonApiError(400, 'Missing Parameter', 'The required parameter, sku_id, is missing.', '106');
    const given = CHOICES.filter(
      (name) => item.attributes !== undefined && (item.attributes as Json)[name] !== undefined,
    );
    if (given.length !== 1)
      return jsonApiError(
        400,
        'Bad Request',
        'an item takes sku_id plus exactly one of qty, did_reservation_id or available_did_id',
      );
  }
  return undefined;
}

/** The fields of an order beside its items, or the 422 their values get. */
function orderFields(attributes: Json): OrderFields | JsonApiError {
  const reference = attributes.external_reference_id;
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > 100))
    return invalid('external_reference_id', '/data/attributes/external_reference_id');
  const url = attributes.callback_url;
  if (url !== undefined && url !== null && typeof url !== 'string')
    return invalid('callback_url', '/data/attributes/callback_url');
  const method = attributes.callback_method;
  if (method !== undefined && method !== null && method !== 'get' && method !== 'post')
    return invalid('callback_method', '/data/attributes/callback_method');
  const backOrdering = attributes.allow_back_ordering;
  if (backOrdering !== undefined && typeof backOrdering !== 'boolean')
    return invalid('allow_back_ordering', '/data/attributes/allow_back_ordering');
  return {
    externalReferenceId: reference ?? null,
    callbackUrl: url ?? null,
    callbackMethod: method ?? null,
    allowBackOrdering: backOrdering ?? false,
  };
}

/** The number an item buys, or the 422 it gets: every item is checked before anything is bought. */
function orderLine(request: DidwwRequest, item: Json, at: number): OrderLine | JsonApiError {
  const { inventory, key } = request;
  const attributes = item.attributes as Json;
  const pointer = (name: string) => `/data/attributes/items/${at}/${name}`;
  const skuId = attributes.sku_id as string;
  if (attributes.qty !== undefined)
    return jsonApiError(
      422,
      'Not simulated',
      'qty orders are not simulated: order a held number (did_reservation_id) or one in stock (available_did_id)',
      '100',
      pointer('qty'),
    );
  const holdId = attributes.did_reservation_id;
  if (holdId !== undefined) {
    // Only a live hold of this key: one that lapsed, was released, or is another customer's is invalid.
    const hold = inventory.holdsOf(key).find((reservation) => reservation.id === holdId);
    const did = hold && inventory.did(hold.availableDidId);
    if (!hold || !did) return invalid('did_reservation_id', pointer('did_reservation_id'));
    return { skuId, did, hold };
  }
  const didId = attributes.available_did_id;
  const did = typeof didId === 'string' ? inventory.did(didId) : undefined;
  const hold = typeof didId === 'string' ? inventory.holdOf(didId) : undefined;
  // A number someone else holds is not in stock for this customer; one this key holds is bought with its hold.
  if (!did || (hold && hold.customer !== key))
    return invalid('available_did_id', pointer('available_did_id'));
  return { skuId, did, hold };
}

/** `POST /orders`: 201 and the numbers bought (holds consumed), or 400/422 and nothing bought. */
export function createOrder(request: DidwwRequest): Response {
  const { call, key, inventory, version } = request;
  const checked = checkCreate(request, SINGLE_QUERY);
  if ('refused' in checked) return checked.refused;
  const _query = checked.query;
  const shape = invalidShape(call.body, call.bodyIsMalformedJson);
  if (shape) return errorsResponse(Number(shape.status), [shape]);
  const attributes = ((call.body as Json).data as Json).attributes as Json;
  const fields = orderFields(attributes);
  if (!('allowBackOrdering' in fields)) return errorsResponse(422, [fields]);
  const lines: OrderLine[] = [];
  const errors: JsonApiError[] = [];
  (attributes.items as Json[]).forEach((item, at) => {
    const line = orderLine(request, item, at);
    if ('did' in line) lines.push(line);
    else errors.push(line);
  });
  const numbers = new Set(lines.map((line) => line.did.id));
  if (errors.length === 0 && numbers.size !== lines.length)
    errors.push(
      jsonApiError(
        422,
        'is invalid',
        'items - the same number is ordered twice',
        '100',
        '/data/attributes/items',
      ),
    );
  if (errors.length) return errorsResponse(422, errors);
  const order = inventory.placeOrder(key, fields, lines);
  return jsonApi({ data: orderResource(order), meta: { api_version: version } }, 201);
}

function matchesFilter(order: Order, name: string, values: string[]): boolean {
  switch (name) {
    case 'id':
      return values.includes(order.id);
    case 'reference':
      return values.includes(order.reference);
    case 'external_reference_id':
      return order.externalReferenceId !== null && values.includes(order.externalReferenceId);
    case 'status':
      // Whether DIDWW's filter wants `completed` or `Completed` is not documented: either matches.
      return values.some((value) => value.toLowerCase() === STATUS);
    case 'created_at_gteq':
      return values.every((value) => order.createdAt >= Date.parse(value));
    default:
      return values.every((value) => order.createdAt <= Date.parse(value));
  }
}

/** `GET /orders`: the key's orders, filtered, sorted and paged. */
export function listOrders(request: DidwwRequest): Response {
  const { call, key, inventory, version } = request;
  const parsed = queryOf(request, ORDER_QUERY);
  if (!parsed.ok) return errorsResponse(400, [parsed.error]);
  const query = parsed.value;
  const matching = inventory
    .ordersOf(key, call.seenUpTo)
    .filter((order) => [...query.filters].every(([name, values]) => matchesFilter(order, name, values)));
  const sorted = sortBy(matching, query.sort, (order, field) => {
    if (field === 'created_at') return order.createdAt;
    if (field === 'reference') return order.reference;
    if (field === 'external_reference_id') return order.externalReferenceId;
    if (field === 'status') return STATUS;
    return NO_CHARGE;
  });
  const { number, size } = query.page;
  const lastPage = Math.max(1, Math.ceil(sorted.length / size));
  const page = sorted.slice((number - 1) * size, number * size);
  return jsonApi({
    data: page.map(orderResource),
    meta: { api_version: version, total_records: sorted.length },
    links: pageLinks(request, 'orders', number, size, lastPage),
  });
}

/** `GET /orders/{id}`: one of the key's orders, or 404. */
export function showOrder(request: DidwwRequest): Response {
  const parsed = queryOf(request, SINGLE_QUERY);
  if (!parsed.ok) return errorsResponse(400, [parsed.error]);
  const id = request.call.params.id ?? '';
  const order = request.inventory.ordersOf(request.key, request.call.seenUpTo).find((each) => each.id === id);
  if (!order) return errorsResponse(404, [recordNotFound(id)]);
  return jsonApi({ data: orderResource(order), meta: { api_version: request.version } });
}
