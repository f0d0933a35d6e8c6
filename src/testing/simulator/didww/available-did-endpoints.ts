import { availableDidResource, errorsResponse, jsonApi, jsonApiError, recordNotFound } from './documents.js';
import { type DidwwRequest, queryOf } from './endpoint.js';
import { includedForDids, linkedOf } from './included.js';
import type { AvailableDid } from './inventory.js';
import { type QuerySpec, sortBy, usesNumberTypes } from './query.js';

// The filters of every version; each version adds how it names the kind of number.
const COMMON_FILTERS = [
  'city.id',
  'country.id',
  'did_group.features',
  'did_group.id',
  'did_group.needs_registration',
  'id',
  'nanpa_prefix.id',
  'number_contains',
  'region.id',
];

const AVAILABLE_DID_QUERY: Omit<QuerySpec, 'maxPageSize'> = {
  resource: 'available_dids',
  filters: new Set([...COMMON_FILTERS, 'did_group_type.id']),
  sorts: new Set(['number']),
  includes: new Set(['did_group', 'did_group.stock_keeping_units', 'nanpa_prefix']),
  // Not paginated (OpenAPI): page[…] is accepted and has no effect.
  paginated: false,
};

// 2026-11-19: "the did_group_type.id filter is not accepted and returns 400"; did_group.number_type is new.
const AVAILABLE_DID_QUERY_2026_11_19: Omit<QuerySpec, 'maxPageSize'> = {
  ...AVAILABLE_DID_QUERY,
  filters: new Set([...COMMON_FILTERS, 'did_group.number_type']),
};

/** The query an API version accepts on `/available_dids`. */
function availableDidQuery(version: string): Omit<QuerySpec, 'maxPageSize'> {
  return usesNumberTypes(version) ? AVAILABLE_DID_QUERY_2026_11_19 : AVAILABLE_DID_QUERY;
}

// Filters that narrow the search enough for a short `number_contains`.
const COVERAGE_FILTERS = ['city.id', 'country.id', 'did_group.id', 'nanpa_prefix.id', 'region.id'];

function matchesFilter(did: AvailableDid, name: string, values: string[]): boolean {
  const among = (value: string | undefined) => value !== undefined && values.includes(value);
  switch (name) {
    case 'country.id':
      return among(did.countryId);
    case 'city.id':
      return among(did.cityId);
    case 'region.id':
      return among(did.regionId);
    case 'did_group.id':
      return among(did.didGroupId);
    case 'did_group_type.id':
      return among(did.didGroupTypeId);
    case 'did_group.number_type':
      return among(did.numberType);
    case 'nanpa_prefix.id':
      return among(did.nanpaPrefixId);
    case 'id':
      return among(did.id);
    case 'did_group.features':
      return values.some((feature) => did.features.includes(feature));
    case 'did_group.needs_registration':
      return among(String(did.needsRegistration));
    default:
      return values.some((part) => did.number.includes(part.replace(/\D/g, '')));
  }
}

/** `GET /available_dids`: numbers nobody holds, capped, with `meta.total_count` of every match. */
export function listAvailableDids(request: DidwwRequest): Response {
  const { call, version, inventory, options } = request;
  const parsed = queryOf(request, availableDidQuery(version));
  if (!parsed.ok) return errorsResponse(400, [parsed.error]);
  const { filters, include, sort } = parsed.value;
  const contains = filters.get('number_contains')?.[0];
  if (
    contains !== undefined &&
    contains.replace(/\D/g, '').length < 3 &&
    !COVERAGE_FILTERS.some((name) => filters.has(name))
  )
    return errorsResponse(400, [
      jsonApiError(
        400,
        'Invalid filter value',
        'number_contains needs at least 3 digits or a coverage filter',
        '107',
      ),
    ]);
  const matching = inventory
    .inStock(call.seenUpTo)
    .filter((did) => [...filters].every(([name, values]) => matchesFilter(did, name, values)));
  const sorted = sortBy(matching, sort, (did) => did.number);
  const shown = sorted.slice(0, options.availableDidsCap);
  const linked = linkedOf(include);
  const included = includedForDids(call.baseHref, shown, include, false);
  return jsonApi({
    data: shown.map((did) => availableDidResource(call.baseHref, did, linked)),
    ...(included.length ? { included } : {}),
    meta: { api_version: version, total_count: sorted.length },
  });
}

/** `GET /available_dids/{id}`: one number, 404 when unknown or held by another customer. */
export function showAvailableDid(request: DidwwRequest): Response {
  const { call, key, version, inventory } = request;
  const parsed = queryOf(request, { ...availableDidQuery(version), filters: new Set(), sorts: new Set() });
  if (!parsed.ok) return errorsResponse(400, [parsed.error]);
  const id = call.params.id ?? '';
  const did = inventory.did(id);
  const hold = inventory.holdOf(id, call.seenUpTo);
  // A number someone else holds is not in stock for this customer.
  if (!did || (hold && hold.customer !== key)) return errorsResponse(404, [recordNotFound(id)]);
  const include = parsed.value.include;
  const included = includedForDids(call.baseHref, [did], include, false);
  return jsonApi({
    data: availableDidResource(call.baseHref, did, linkedOf(include)),
    ...(included.length ? { included } : {}),
    meta: { api_version: version },
  });
}
