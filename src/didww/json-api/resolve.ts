import { camelCase, camelKeys } from './case.js';
import type { ResourceIdentifier, ResourceObject } from './document.js';

/**
 * A resource turned into a plain object: `id`, `type`, camelCase attributes, `meta` when sent, and
 * one key per relationship whose linkage was sent — the included resource resolved into a nested
 * object, or `{ id, type }` when it was not included.
 */
export interface ResolvedResource {
  id: string;
  type: string;
  [key: string]: unknown;
}

function keyOf(identifier: ResourceIdentifier): string {
  return `${identifier.type}\u0000${identifier.id}`;
}

/** Looks included resources up by type and id. */
export class IncludedIndex {
  readonly #byKey = new Map<string, ResourceObject>();

  constructor(included: readonly ResourceObject[] = []) {
    for (const resource of included) this.#byKey.set(keyOf(resource), resource);
  }

  get(identifier: ResourceIdentifier): ResourceObject | undefined {
    return this.#byKey.get(keyOf(identifier));
  }
}

/**
 * Resolves a resource and, recursively, the included resources it points at. A resource already
 * on the current path is left as `{ id, type }`: compound documents may point back at their parent.
 */
export function resolveResource(
  resource: ResourceObject,
  index: IncludedIndex,
  trail: ReadonlySet<string> = new Set(),
): ResolvedResource {
  const path = new Set(trail).add(keyOf(resource));
  const link = (identifier: ResourceIdentifier): ResolvedResource => {
    const included = index.get(identifier);
    return included && !path.has(keyOf(included))
      ? resolveResource(included, index, path)
      : { id: identifier.id, type: identifier.type };
  };
  const out: Record<string, unknown> = camelKeys(resource.attributes ?? {});
  if (resource.meta) out.meta = camelKeys(resource.meta);
  for (const [name, relationship] of Object.entries(resource.relationships ?? {})) {
    const data = relationship.data;
    if (data === undefined) continue;
    out[camelCase(name)] = data === null ? null : Array.isArray(data) ? data.map(link) : link(data);
  }
  // Set last: an attribute can never shadow the resource's own identity.
  return { ...out, id: resource.id, type: resource.type };
}

/** Whether a resolved relationship is the included resource, not just its `{ id, type }`. */
export function wasIncluded(linked: { id: string; type: string }): boolean {
  return Object.keys(linked).some((key) => key !== 'id' && key !== 'type');
}
