import type { CountrySnapshot } from './countries.js';
import { errorsResponse, jsonApi, type ResourceObject, recordNotFound } from './documents.js';
import { type DidwwRequest, queryOf } from './endpoint.js';
import { type QuerySpec, sortBy } from './query.js';

// OpenAPI 2026-04-16 `CountryFilter` and `CountrySort`; the list is not paginated (its document has
// no `links`), so `page[...]` is accepted and has no effect.
const COUNTRY_QUERY: Omit<QuerySpec, 'maxPageSize'> = {
  resource: 'countries',
  filters: new Set(['id', 'is_available', 'iso', 'name', 'prefix']),
  sorts: new Set(['iso', 'name', 'prefix']),
  includes: new Set(),
  paginated: false,
};

/** A `countries` resource (its `regions` are not simulated: only their links). */
function countryResource(base: string, country: CountrySnapshot): ResourceObject {
  return {
    id: country.id,
    type: 'countries',
    attributes: { name: country.name, prefix: country.prefix, iso: country.iso },
    relationships: {
      regions: {
        links: {
          self: `${base}/countries/${country.id}/relationships/regions`,
          related: `${base}/countries/${country.id}/regions`,
        },
      },
    },
  };
}

function matches(request: DidwwRequest, country: CountrySnapshot, name: string, values: string[]): boolean {
  switch (name) {
    case 'id':
      return values.includes(country.id);
    case 'iso':
      return values.includes(country.iso);
    case 'name':
      return values.includes(country.name);
    case 'prefix':
      return values.includes(country.prefix);
    default: {
      // is_available: whether the simulated stock has numbers of the country.
      const available = request.inventory.inStock().some((did) => did.countryId === country.id);
      return values.includes(String(available));
    }
  }
}

/** `GET /countries`: every country matching the filters, at once. Filters match exactly. */
export function listCountries(request: DidwwRequest): Response {
  const parsed = queryOf(request, COUNTRY_QUERY);
  if (!parsed.ok) return errorsResponse(400, [parsed.error]);
  const { filters, sort } = parsed.value;
  const matching = request.inventory.countryTable
    .list()
    .filter((country) => [...filters].every(([name, values]) => matches(request, country, name, values)));
  const sorted = sortBy(matching, sort, (country, field) =>
    field === 'iso' ? country.iso : field === 'name' ? country.name : country.prefix,
  );
  return jsonApi({
    data: sorted.map((country) => countryResource(request.call.baseHref, country)),
    meta: { api_version: request.version },
  });
}

/** `GET /countries/{id}`: one country, or 404. */
export function showCountry(request: DidwwRequest): Response {
  const parsed = queryOf(request, { ...COUNTRY_QUERY, filters: new Set(), sorts: new Set() });
  if (!parsed.ok) return errorsResponse(400, [parsed.error]);
  const id = request.call.params.id ?? '';
  const country = request.inventory.countryTable.byId(id);
  if (!country) return errorsResponse(404, [recordNotFound(id)]);
  return jsonApi({
    data: countryResource(request.call.baseHref, country),
    meta: { api_version: request.version },
  });
}
