import { type JsonApiError, jsonApiError } from './documents.js';

/** What one DIDWW endpoint accepts in its query string. */
export interface QuerySpec {
  /** JSON:API type, for error details. */
  resource: string;
  filters: ReadonlySet<string>;
  sorts: ReadonlySet<string>;
  includes: ReadonlySet<string>;
  /** Whether `page[number]`/`page[size]` are read (else accepted and ignored). */
  paginated: boolean;
  maxPageSize: number;
  /** Resource types and fields a sparse fieldset (`fields[…]`) may not name: a 400, as in 2026-11-19. */
  refusedFieldsets?: ReadonlySet<string>;
}

/**
 * The first version that names numbers by `number_type` (and refuses `did_group_type` with 400),
 * sorts by `expires_at` only, and keeps page sizes to DIDWW's pagination spec's 100
 * (doc.didww.com/api3/2026-11-19/…, api3/specification/pagination.md).
 */
const NUMBER_TYPE_VERSION = '2026-11-19';

/** Whether an API version speaks of number types rather than DID group types (2026-11-19 and later). */
export function usesNumberTypes(version: string): boolean {
  return version >= NUMBER_TYPE_VERSION;
}

/** "The maximum page size is 100, unless it is overridden at a particular endpoint" (pagination spec). */
export const SPEC_MAX_PAGE_SIZE = 100;

/** A parsed DIDWW query. Filter values are split on commas: any of them matches. */
export interface ListQuery {
  filters: Map<string, string[]>;
  include: string[];
  sort: Array<{ field: string; descending: boolean }>;
  page: { number: number; size: number };
}

/** A parse result: the value, or the JSON:API error DIDWW answers 400 with. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: JsonApiError };

const DEFAULT_PAGE_SIZE = 50;

// Codes and texts follow jsonapi-resources, which DIDWW's error codes (100, 102, 106…) come from.
const notAllowed = (param: string) =>
  jsonApiError(400, 'Param not allowed', `${param} is not allowed.`, '105');
const filterNotAllowed = (filter: string) =>
  jsonApiError(400, 'Filter not allowed', `${filter} is not allowed.`, '102');
const invalidPage = (detail: string) => jsonApiError(400, 'Invalid page value', detail, '118');

function parsePositive(value: string): number | undefined {
  return /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : undefined;
}

/** Parses `filter[…]`, `page[…]`, `include`, `sort` and `fields[…]` as DIDWW does; anything else is a 400. */
export function parseQuery(query: URLSearchParams, spec: QuerySpec): Parsed<ListQuery> {
  const out: ListQuery = {
    filters: new Map(),
    include: [],
    sort: [],
    page: { number: 1, size: DEFAULT_PAGE_SIZE },
  };
  for (const [name, value] of query) {
    const match = /^([a-z_]+)(?:\[([^\]]+)\])?$/.exec(name);
    const family = match?.[1];
    const key = match?.[2];
    if (family === 'filter' && key !== undefined) {
      if (!spec.filters.has(key)) return { ok: false, error: filterNotAllowed(key) };
      out.filters.set(
        key,
        value.split(',').map((part) => part.trim()),
      );
    } else if (family === 'page' && (key === 'number' || key === 'size')) {
      if (!spec.paginated) continue;
      const parsed = parsePositive(value);
      if (parsed === undefined)
        return { ok: false, error: invalidPage(`${value} is not a valid value for ${key} page parameter.`) };
      if (key === 'size' && parsed > spec.maxPageSize)
        return { ok: false, error: invalidPage(`size is limited to ${spec.maxPageSize}`) };
      out.page[key] = parsed;
    } else if (family === 'include' && key === undefined) {
      for (const path of value.split(',').map((part) => part.trim())) {
        if (!spec.includes.has(path))
          return {
            ok: false,
            error: jsonApiError(
              400,
              'Invalid include',
              `${path} is not a valid includable relationship of ${spec.resource}`,
              '112',
            ),
          };
        out.include.push(path);
      }
    } else if (family === 'sort' && key === undefined) {
      for (const part of value.split(',').map((item) => item.trim())) {
        const descending = part.startsWith('-');
        const field = descending ? part.slice(1) : part;
        if (!spec.sorts.has(field))
          return {
            ok: false,
            error: jsonApiError(
              400,
              'Invalid sort criteria',
              `${field} is not a valid sort criteria for ${spec.resource}`,
              '114',
            ),
          };
        out.sort.push({ field, descending });
      }
    } else if (family === 'fields' && key !== undefined) {
      // Sparse fieldsets are accepted; the simulator always returns every attribute.
      const refused = refusedFieldset(key, value, spec);
      if (refused) return { ok: false, error: refused };
    } else {
      return { ok: false, error: notAllowed(name) };
    }
  }
  return { ok: true, value: out };
}

// `fields[did_group_type]=…` or `fields[did_groups]=did_group_type` where the version dropped it.
function refusedFieldset(type: string, value: string, spec: QuerySpec): JsonApiError | undefined {
  const refused = spec.refusedFieldsets;
  if (!refused) return undefined;
  if (refused.has(type))
    return jsonApiError(400, 'Invalid resource', `${type} is not a valid resource.`, '101');
  const field = value
    .split(',')
    .map((part) => part.trim())
    .find((part) => refused.has(part));
  return field === undefined
    ? undefined
    : jsonApiError(400, 'Invalid field', `${field} is not a valid field for ${type}.`, '104');
}

/** Sorts by the parsed criteria, then by the given default order (stable). */
export function sortBy<T>(
  items: T[],
  criteria: ListQuery['sort'],
  keyOf: (item: T, field: string) => string | number | null,
): T[] {
  return [...items].sort((a, b) => {
    for (const { field, descending } of criteria) {
      const left = keyOf(a, field) ?? '';
      const right = keyOf(b, field) ?? '';
      if (left < right) return descending ? 1 : -1;
      if (left > right) return descending ? -1 : 1;
    }
    return 0;
  });
}
