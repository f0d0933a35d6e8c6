import {
  errorsResponse,
  INVALID_AVAILABLE_DID,
  type JsonApiError,
  jsonApi,
  jsonApiError,
  recordNotFound,
  reservationResource,
} from './documents.js';
import { checkCreate, type DidwwRequest, isObject, type Json, queryOf } from './endpoint.js';
import { includedForReservations } from './included.js';
import type { Reservation } from './inventory.js';
import { pageLinks } from './page-links.js';
import { type QuerySpec, sortBy, usesNumberTypes } from './query.js';

const RESERVATION_QUERY: Omit<QuerySpec, 'maxPageSize'> = {
  resource: 'did_reservations',
  filters: new Set(['id', 'description']),
  sorts: new Set(['created_at', 'description', 'expire_at', 'expires_at']),
  includes: new Set([
    'available_did',
    'available_did.did_group',
    'available_did.did_group.stock_keeping_units',
  ]),
  paginated: true,
};

// 2026-11-19 lists the sorts `created_at`, `description`, `expires_at`: no `expire_at`.
const RESERVATION_QUERY_2026_11_19: Omit<QuerySpec, 'maxPageSize'> = {
  ...RESERVATION_QUERY,
  sorts: new Set(['created_at', 'description', 'expires_at']),
};

// One reservation (show, create): only `include` (and `fields`) apply.
const SINGLE_QUERY: Omit<QuerySpec, 'maxPageSize'> = {
  ...RESERVATION_QUERY,
  filters: new Set(),
  sorts: new Set(),
  paginated: false,
};

/** The key's live holds that this call sees (a stale read does not see the newest yet). */
function visibleHolds({ inventory, key, call }: DidwwRequest): Reservation[] {
  return inventory.holdsOf(key, call.seenUpTo);
}

/** How many more holds the key's plan allows (`meta.available_count`), as far as this call sees. */
function availableCount(request: DidwwRequest): number {
  return Math.max(0, request.options.maxReservations - visibleHolds(request).length);
}

function reservationDocument(
  request: DidwwRequest,
  reservation: Reservation,
  include: string[],
  meta: Json,
  status: number,
): Response {
  const { call, version, inventory } = request;
  const data = reservationResource(call.baseHref, reservation, version, include.length > 0);
  const included = includedForReservations(call.baseHref, inventory, [reservation], include);
  return jsonApi(
    { data, ...(included.length ? { included } : {}), meta: { api_version: version, ...meta } },
    status,
  );
}

/** What is wrong with a create document, as DIDWW (jsonapi-resources) reports it. */
function invalidCreateBody(body: unknown, malformed: boolean): JsonApiError | undefined {
  if (malformed) return jsonApiError(400, 'Bad Request', 'The request body is not valid JSON.');
  const data = isObject(body) ? body.data : undefined;
  if (!isObject(data))
    return jsonApiError(400, 'Missing Parameter', 'The required parameter, data, is missing.', '106');
  if (data.type !== 'did_reservations')
    return jsonApiError(400, 'Invalid resource', `${String(data.type)} is not a valid resource.`, '101');
  if (data.attributes !== undefined && !isObject(data.attributes))
    return jsonApiError(400, 'Bad Request', 'data.attributes must be an object.');
  for (const name of Object.keys(isObject(data.attributes) ? data.attributes : {})) {
    if (name !== 'description')
      return jsonApiError(400, 'Param not allowed', `${name} is not allowed.`, '105');
  }
  const description = isObject(data.attributes) ? data.attributes.description : undefined;
  if (description !== undefined && description !== null && typeof description !== 'string')
    return jsonApiError(422, 'is invalid', 'description - is invalid', '100', '/data/attributes/description');
  for (const name of Object.keys(isObject(data.relationships) ? data.relationships : {})) {
    if (name !== 'available_did')
      return jsonApiError(400, 'Param not allowed', `${name} is not allowed.`, '105');
  }
  return undefined;
}

/** `POST /did_reservations`: 201 new hold, 202 your own hold renewed, 422 taken or unknown. */
export function createReservation(request: DidwwRequest): Response {
  const { call, key, inventory, options } = request;
  const checked = checkCreate(request, SINGLE_QUERY);
  if ('refused' in checked) return checked.refused;
  const query = checked.query;
  const invalid = invalidCreateBody(call.body, call.bodyIsMalformedJson);
  if (invalid) return errorsResponse(Number(invalid.status), [invalid]);
  const data = (call.body as Json).data as Json;
  const attributes = isObject(data.attributes) ? data.attributes : {};
  const description = attributes.description as string | null | undefined;
  const linkage = isObject(data.relationships) ? data.relationships.available_did : undefined;
  const didId = isObject(linkage) && isObject(linkage.data) ? linkage.data.id : undefined;
  if (typeof didId !== 'string' || didId === '')
    return errorsResponse(422, [
      jsonApiError(
        422,
        "can't be blank",
        "available_did - can't be blank",
        '100',
        '/data/relationships/available_did',
      ),
    ]);

  const hold = inventory.holdOf(didId);
  if (hold?.customer === key) {
    // Documented 202: "Updated DID Reservation with already reserved Available DID."
    const renewed = inventory.renew(hold, description);
    return reservationDocument(request, renewed, query.include, {}, 202);
  }
  if (hold || !inventory.did(didId)) return errorsResponse(422, [INVALID_AVAILABLE_DID]);
  if (availableCount(request) === 0)
    return errorsResponse(422, [
      jsonApiError(
        422,
        'is invalid',
        `available_did - reservation limit of ${options.maxReservations} reached`,
        '100',
        '/data/relationships/available_did',
      ),
    ]);
  const created = inventory.create(key, didId, description ?? null);
  return reservationDocument(request, created, query.include, {}, 201);
}

/** `GET /did_reservations`: the key's live holds, filtered, sorted and paged. */
export function listReservations(request: DidwwRequest): Response {
  const { call, version, inventory } = request;
  const parsed = queryOf(
    request,
    usesNumberTypes(version) ? RESERVATION_QUERY_2026_11_19 : RESERVATION_QUERY,
  );
  if (!parsed.ok) return errorsResponse(400, [parsed.error]);
  const query = parsed.value;
  const ids = query.filters.get('id');
  const descriptions = query.filters.get('description');
  const matching = visibleHolds(request).filter(
    (reservation) =>
      (!ids || ids.includes(reservation.id)) &&
      (!descriptions || descriptions.includes(reservation.description ?? '')),
  );
  const sorted = sortBy(matching, query.sort, (reservation, field) => {
    if (field === 'created_at') return reservation.createdAt;
    if (field === 'description') return reservation.description;
    return reservation.expiresAt;
  });
  const { number, size } = query.page;
  const lastPage = Math.max(1, Math.ceil(sorted.length / size));
  const page = sorted.slice((number - 1) * size, number * size);
  const data = page.map((reservation) =>
    reservationResource(call.baseHref, reservation, version, query.include.length > 0),
  );
  const included = includedForReservations(call.baseHref, inventory, page, query.include);
  return jsonApi({
    data,
    ...(included.length ? { included } : {}),
    meta: { api_version: version, total_records: sorted.length, available_count: availableCount(request) },
    links: pageLinks(request, 'did_reservations', number, size, lastPage),
  });
}

function ownHold(request: DidwwRequest): Reservation | undefined {
  return visibleHolds(request).find((reservation) => reservation.id === request.call.params.id);
}

/** `GET /did_reservations/{id}`: one of the key's holds, or 404. */
export function showReservation(request: DidwwRequest): Response {
  const parsed = queryOf(request, SINGLE_QUERY);
  if (!parsed.ok) return errorsResponse(400, [parsed.error]);
  const hold = ownHold(request);
  if (!hold) return errorsResponse(404, [recordNotFound(request.call.params.id ?? '')]);
  const meta = { available_count: availableCount(request) };
  return reservationDocument(request, hold, parsed.value.include, meta, 200);
}

/** `DELETE /did_reservations/{id}`: 204 and the number back in stock, or 404. */
export function deleteReservation(request: DidwwRequest): Response {
  const hold = ownHold(request);
  if (!hold) return errorsResponse(404, [recordNotFound(request.call.params.id ?? '')]);
  request.inventory.release(hold);
  return new Response(null, { status: 204 });
}
