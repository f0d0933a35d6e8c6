import * as z from 'zod/mini';
import type { HttpResponse } from '../../core/error-mapping.js';
import { jsonBodyOf } from '../../core/response-body.js';
import { parseValue } from '../../core/zod.js';
import { IncludedIndex, type ResolvedResource, resolveResource } from './resolve.js';

// JSON:API documents as DIDWW sends them (https://jsonapi.org/format/). Only the structure the SDK
// walks is checked; every object is loose, so fields DIDWW adds later pass through.

const ResourceIdentifier = z.looseObject({ type: z.string(), id: z.string() });

/** `{ type, id }`: a pointer to a resource. */
export type ResourceIdentifier = z.output<typeof ResourceIdentifier>;

// `data` is present only when the relationship was `include`d; `null` means "nothing related".
const Relationship = z.looseObject({
  data: z.optional(z.union([ResourceIdentifier, z.array(ResourceIdentifier), z.null()])),
});

const ResourceObject = z.looseObject({
  id: z.string(),
  type: z.string(),
  attributes: z.optional(z.record(z.string(), z.unknown())),
  relationships: z.optional(z.record(z.string(), Relationship)),
  meta: z.optional(z.record(z.string(), z.unknown())),
});

/** One resource object of a document (primary `data` or `included`). */
export type ResourceObject = z.output<typeof ResourceObject>;

// JSON:API 1.1 also allows a link object `{ href }`; DIDWW sends plain strings.
const Link = z.pipe(
  z.optional(z.union([z.string(), z.looseObject({ href: z.string() }), z.null()])),
  z.transform((link) => (typeof link === 'string' ? link : (link?.href ?? undefined))),
);

const Links = z.looseObject({ first: Link, last: Link, next: Link, prev: Link });

const Meta = z.record(z.string(), z.unknown());

const SingleDocument = z.looseObject({
  data: ResourceObject,
  included: z.optional(z.array(ResourceObject)),
  meta: z.optional(Meta),
  links: z.optional(Links),
});

const CollectionDocument = z.looseObject({
  data: z.array(ResourceObject),
  included: z.optional(z.array(ResourceObject)),
  meta: z.optional(Meta),
  links: z.optional(Links),
});

/** A document whose primary data is one resource. */
export type SingleDocument = z.output<typeof SingleDocument>;
/** A document whose primary data is a list. */
export type CollectionDocument = z.output<typeof CollectionDocument>;

/**
 * A single-resource document's resource, with what it includes resolved, turned into its model. A
 * body that is not such a document throws a ZodError (a `ResponseValidationError` for the caller).
 */
export function decodeSingle<T>(response: HttpResponse, toModel: (resource: ResolvedResource) => T): T {
  const document = parseValue(SingleDocument, jsonBodyOf(response));
  return toModel(resolveResource(document.data, new IncludedIndex(document.included)));
}

/** A collection document's resources as models, with the document's `meta` and `links`. */
export function decodeCollection<T>(
  response: HttpResponse,
  toModel: (resource: ResolvedResource) => T,
): { data: T[]; meta: CollectionDocument['meta']; links: CollectionDocument['links'] } {
  const document = parseValue(CollectionDocument, jsonBodyOf(response));
  const index = new IncludedIndex(document.included);
  return {
    data: document.data.map((resource) => toModel(resolveResource(resource, index))),
    meta: document.meta,
    links: document.links,
  };
}
