import type { SimCall } from '../backend.js';
import { errorsResponse, JSON_API, jsonApiError } from './documents.js';
import type { DidwwInventory } from './inventory.js';
import type { ResolvedDidwwOptions } from './options.js';
import {
  type ListQuery,
  type Parsed,
  parseQuery,
  type QuerySpec,
  SPEC_MAX_PAGE_SIZE,
  usesNumberTypes,
} from './query.js';

/** One authenticated DIDWW call, as an endpoint handles it. */
export interface DidwwRequest {
  call: SimCall;
  /** The caller's API key: the customer whose holds it sees. */
  key: string;
  /** The API version answering (header, else the account default). */
  version: string;
  inventory: DidwwInventory;
  options: ResolvedDidwwOptions;
}

/** A JSON object. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// What 2026-11-19 refuses in every sparse fieldset: "request did_group_type in sparse fieldsets".
const DID_GROUP_TYPE = new Set(['did_group_type']);

/**
 * Parses the call's query with the version's page-size limit: 100 from 2026-11-19 (DIDWW's
 * pagination spec), the account's `maxPageSize` before; from 2026-11-19 a sparse fieldset naming
 * `did_group_type` is a 400.
 */
export function queryOf(request: DidwwRequest, spec: Omit<QuerySpec, 'maxPageSize'>): Parsed<ListQuery> {
  if (!usesNumberTypes(request.version))
    return parseQuery(request.call.query, { ...spec, maxPageSize: request.options.maxPageSize });
  return parseQuery(request.call.query, {
    ...spec,
    maxPageSize: SPEC_MAX_PAGE_SIZE,
    refusedFieldsets: DID_GROUP_TYPE,
  });
}

/**
 * What every create checks first, before its body: its query (no `include` it cannot answer) and
 * DIDWW's JSON:API content type (415 otherwise). The parsed query when both pass, else the answer.
 */
export function checkCreate(
  request: DidwwRequest,
  spec: Omit<QuerySpec, 'maxPageSize'>,
): { query: ListQuery } | { refused: Response } {
  const query = queryOf(request, spec);
  if (!query.ok) return { refused: errorsResponse(400, [query.error]) };
  const contentType = request.call.headers.get('content-type') ?? '';
  if (contentType.startsWith(JSON_API)) return { query: query.value };
  const refused = errorsResponse(415, [
    jsonApiError(
      415,
      'Unsupported media type',
      `All requests that create or update must use the '${JSON_API}' Content-Type. This request specified '${contentType}'.`,
    ),
  ]);
  return { refused };
}
