import * as z from 'zod/mini';
import { snakeCase } from './case.js';

/** The JSON:API query parameters DIDWW reads, in wire names. */
export interface JsonApiQuery {
  /** `filter[<key>]`; arrays are comma-joined (DIDWW reads them as "any of"). */
  filter?: Record<string, string | readonly string[] | boolean | undefined>;
  include?: readonly string[];
  sort?: readonly string[];
  page?: { number?: number | undefined; size?: number | undefined };
}

/** Flattens a query into the `name → value` record the transport encodes. */
export function toQueryParams(query: JsonApiQuery): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(query.filter ?? {})) {
    if (value === undefined) continue;
    params[`filter[${key}]`] =
      typeof value === 'string' || typeof value === 'boolean' ? String(value) : value.join(',');
  }
  if (query.include?.length) params.include = query.include.join(',');
  if (query.sort?.length) params.sort = query.sort.join(',');
  if (query.page?.number !== undefined) params['page[number]'] = String(query.page.number);
  if (query.page?.size !== undefined) params['page[size]'] = String(query.page.size);
  return params;
}

/** Include paths in wire names: `availableDid.didGroup` → `available_did.did_group`. */
export function wireIncludes(paths: readonly string[]): string[] {
  return paths.map(snakeCase);
}

/**
 * Sort fields in wire names, keeping a leading `-` (descending). `rename` adjusts a wire name, e.g.
 * to the spelling an older API version expects.
 */
export function wireSort(
  fields: readonly string[],
  rename: (field: string) => string = (field) => field,
): string[] {
  return fields.map((field) => {
    const descending = field.startsWith('-');
    const name = rename(snakeCase(descending ? field.slice(1) : field));
    return descending ? `-${name}` : name;
  });
}

/** A parameter given as one value or a list, as a list. */
export function asList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** The schema of an argument that takes one value or a list (`include: 'a'` or `['a', 'b']`). */
export function oneOrList<T extends z.ZodMiniType>(item: T, { nonEmpty = false } = {}) {
  return z.union([item, nonEmpty ? z.array(item).check(z.minLength(1)) : z.array(item)]);
}
