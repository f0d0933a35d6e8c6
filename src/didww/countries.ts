import * as z from 'zod/mini';
import { ApiPromise } from '../core/api-promise.js';
import { parseInput } from '../core/input.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import type { Operation } from '../core/transport.js';
import { identifierString, wellFormed } from '../core/well-formed.js';
import { parseValue } from '../core/zod.js';
import type { DidwwContext } from './context.js';
import { getByIdOperation } from './get-by-id.js';
import { DidwwId, DidwwIdList } from './ids.js';
import { decodeCollection } from './json-api/document.js';
import { lenient } from './json-api/lenient.js';
import { oneOrList, toQueryParams } from './json-api/query.js';
import type { ResolvedResource } from './json-api/resolve.js';

// DIDWW's `countries` (OpenAPI 2026-04-16 `Country`, `CountryFilter`; didww-v3-ruby
// lib/didww/resource/country.rb) [C]: id (uuid), attributes `name`, `prefix` (the international
// dialling prefix without `+`, nullable) and `iso` (ISO 3166-1 alpha-2). The collection document's
// meta is `{ api_version }` only, with no `links` or `total_records`: the list is not paginated [C].
// Whether `filter[name]` matches exactly or by substring, and in which case, is not documented [U].

const LIST = 'didww.countries.list';
const GET = 'didww.countries.get';

/** A country DIDWW has, or may have, numbers in. */
export interface Country {
  /** DIDWW's id of the country (a UUID): pass it to `availableDids.list({ filter: { countryId } })`. */
  id: string;
  /** e.g. `United Kingdom`. */
  name: string;
  /** The international dialling prefix, digits without `+` (e.g. `44`); `null` when DIDWW has none. */
  prefix: string | null;
  /** ISO 3166-1 alpha-2 code, e.g. `GB`. */
  iso: string;
}

/** Filters of `countries.list` (OpenAPI `CountryFilter`). Each takes one value or a list ("any of"). */
export interface CountryFilter {
  /**
   * `filter[iso]`: ISO 3166-1 alpha-2 codes, two letters A–Z in either case (sent in upper case),
   * e.g. `'GB'` or `['GB', 'IE']`.
   */
  iso?: string | readonly string[];
  /**
   * `filter[name]`: the country's name as DIDWW writes it. No comma (DIDWW reads a comma as "any
   * of"): for a name that holds one, filter by `iso` instead.
   */
  name?: string | readonly string[];
  /** `filter[prefix]`: dialling prefixes, digits without `+`, e.g. `'44'`. */
  prefix?: string | readonly string[];
  /** `filter[id]`: DIDWW country ids. */
  id?: string | readonly string[];
}

/** Arguments of `countries.list`. */
export interface ListCountriesParams {
  /** Which countries; none: every country. */
  filter?: CountryFilter;
}

/** Every matching country (DIDWW does not paginate this list). */
export interface CountryList {
  /** The countries. */
  data: Country[];
  /** What DIDWW said beside them. */
  meta: {
    /** The API version that answered (`meta.api_version`), when sent. */
    apiVersion: string | undefined;
  };
}

// Schemas are built on first use (src/core/lazy.ts).
const listParamsSchema = lazy(() => {
  const Iso = z.pipe(
    z
      .string()
      .check(z.regex(/^[A-Za-z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 code: two letters, e.g. GB' })),
    z.transform((iso: string) => iso.toUpperCase()),
  );
  const Name = identifierString().check(
    z.refine((name) => !name.includes(','), {
      error: 'must not contain a comma: DIDWW reads a comma as "any of"; filter by iso instead',
    }),
  );
  const Prefix = z
    .string()
    .check(
      wellFormed,
      z.regex(/^\d{1,8}$/, { error: 'must be a dialling prefix: digits without +, e.g. 44' }),
    );
  return z.strictObject({
    filter: z.optional(
      z.strictObject({
        iso: z.optional(oneOrList(Iso, { nonEmpty: true })),
        name: z.optional(oneOrList(Name, { nonEmpty: true })),
        prefix: z.optional(oneOrList(Prefix, { nonEmpty: true })),
        id: z.optional(DidwwIdList),
      }),
    ),
  });
});

const getArgumentsSchema = lazy(() => z.strictObject({ id: DidwwId }));

const countrySchema = lazy(() =>
  z.looseObject({
    id: z.string(),
    type: z.literal('countries'),
    name: z.string(),
    iso: z.string(),
    // Nullable in the OpenAPI; anything but a string reads as none.
    prefix: lenient(z.string()),
  }),
);

const listMetaSchema = lazy(() => z.looseObject({ api_version: z.optional(z.string()) }));

/** Maps a resolved `countries` resource to a {@link Country}. */
export function toCountry(resource: ResolvedResource): Country {
  const parsed = parseValue(countrySchema(), resource);
  return { id: parsed.id, name: parsed.name, prefix: parsed.prefix ?? null, iso: parsed.iso };
}

/**
 * Countries (`/countries`): find the DIDWW id of a country from its ISO code, name or dialling
 * prefix, to search numbers with. Reached through `client.countries`.
 */
export class Countries {
  readonly #context: DidwwContext;

  /** @internal Built by `DidwwClient`. */
  constructor(context: DidwwContext) {
    this.#context = context;
  }

  /**
   * Every country matching the filters, at once (DIDWW does not paginate countries). A read:
   * retried like every GET.
   * @throws InputValidationError for an ISO code that is not two letters, a prefix that is not
   *   digits, a name with a comma or a control character, an id that is not a UUID, or an unknown
   *   filter (nothing is sent).
   * @example
   * ```ts
   * const [gb] = (await client.countries.list({ filter: { iso: 'GB' } })).data;
   * const { data: numbers } = await client.availableDids.list({ filter: { countryId: gb!.id } });
   * ```
   */
  list(params: ListCountriesParams = {}, options: RequestOptions = {}): ApiPromise<CountryList> {
    return new ApiPromise(this.#list(params, options));
  }

  async #list(params: ListCountriesParams, options: RequestOptions) {
    const input = parseInput(listParamsSchema(), params, 'didww', LIST);
    const filter = input.filter ?? {};
    const operation: Operation<CountryList> = {
      name: LIST,
      method: 'GET',
      path: '/countries',
      query: toQueryParams({
        filter: { iso: filter.iso, name: filter.name, prefix: filter.prefix, id: filter.id },
      }),
      effect: 'read',
      decode(response) {
        const document = decodeCollection(response, toCountry);
        const meta = parseValue(listMetaSchema(), document.meta ?? {});
        return { data: document.data, meta: { apiVersion: meta.api_version } };
      },
    };
    return this.#context.transport.run(operation, options);
  }

  /**
   * One country by its DIDWW id.
   * @throws InputValidationError when `id` is not a DIDWW id (nothing is sent).
   * @throws NotFoundError when DIDWW has no country with that id.
   * @example
   * ```ts
   * const country = await client.countries.get(countryId);
   * console.log(country.iso, country.prefix);
   * ```
   */
  get(id: string, options: RequestOptions = {}): ApiPromise<Country> {
    return new ApiPromise(this.#get(id, options));
  }

  async #get(id: string, options: RequestOptions) {
    const input = parseInput(getArgumentsSchema(), { id }, 'didww', GET);
    return this.#context.transport.run(getByIdOperation(GET, '/countries', input.id, [], toCountry), options);
  }
}
