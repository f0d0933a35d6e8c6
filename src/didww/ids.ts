import * as z from 'zod/mini';
import { wellFormed } from '../core/well-formed.js';
import { oneOrList } from './json-api/query.js';

/**
 * A DIDWW id. Every DIDWW resource id is a UUID (OpenAPI `format: uuid`); checking the shape before
 * any request means no id can reach another path (`../`, `?`, `/`) and a country ISO code passed
 * where a country id belongs fails here with a clear message instead of at DIDWW.
 */
export const DidwwId = z
  .guid({ error: 'must be a DIDWW id, a UUID such as 8bc37f63-acd7-4e43-a760-1a1caa6e4683' })
  .check(wellFormed);

/** One id or several (DIDWW filters read a comma-joined list as "any of"). */
export const DidwwIdList = oneOrList(DidwwId, { nonEmpty: true });

/** An id as a path segment. Ids are validated first; encoding anyway keeps paths safe by construction. */
export function idSegment(id: string): string {
  return encodeURIComponent(id);
}
