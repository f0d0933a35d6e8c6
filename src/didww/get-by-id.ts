import type { Operation } from '../core/transport.js';
import { idSegment } from './ids.js';
import { decodeSingle } from './json-api/document.js';
import { toQueryParams, wireIncludes } from './json-api/query.js';
import type { ResolvedResource } from './json-api/resolve.js';

/** `GET {collection}/{id}` with the includes asked for: one resource, turned into its model. */
export function getByIdOperation<T>(
  name: string,
  collection: string,
  id: string,
  include: readonly string[],
  toModel: (resource: ResolvedResource) => T,
): Operation<T> {
  return {
    name,
    method: 'GET',
    path: `${collection}/${idSegment(id)}`,
    route: `${collection}/{id}`,
    query: toQueryParams({ include: wireIncludes(include) }),
    effect: 'read',
    decode: (response) => decodeSingle(response, toModel),
  };
}
