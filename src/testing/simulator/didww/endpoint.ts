import type { SimCall } from '../backend.js';
import type { DidwwInventory } from './inventory.js';
import type { ResolvedDidwwOptions } from './options.js';
import { type ListQuery, type Parsed, parseQuery, type QuerySpec } from './query.js';

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

/** Parses the call's query with the account's page-size limit. */
export function queryOf(request: DidwwRequest, spec: Omit<QuerySpec, 'maxPageSize'>): Parsed<ListQuery> {
  return parseQuery(request.call.query, { ...spec, maxPageSize: request.options.maxPageSize });
}
