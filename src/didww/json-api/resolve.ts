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

/**
 * Looks included resources up by type and id, and remembers each one once resolved: a resource
 * that several others point at is resolved once per document, not once per path to it (a document
 * of a few hundred KB can otherwise hold an exponential number of paths).
 */
export class IncludedIndex {
  readonly #byKey = new Map<string, ResourceObject>();
  readonly #resolved = new Map<string, ResolvedResource>();

  constructor(included: readonly ResourceObject[] = []) {
    for (const resource of included) this.#byKey.set(keyOf(resource), resource);
  }

  get(identifier: ResourceIdentifier): ResourceObject | undefined {
    return this.#byKey.get(keyOf(identifier));
  }

  /** @internal The resolved form of an included resource, once {@link resolveResource} finished it. */
  resolved(key: string): ResolvedResource | undefined {
    return this.#resolved.get(key);
  }

  /** @internal */
  remember(key: string, resolved: ResolvedResource): void {
    this.#resolved.set(key, resolved);
  }
}

// One resource being resolved: its plain object so far, and its linkage still to resolve.
interface Frame {
  key: string;
  resource: ResourceObject;
  out: Record<string, unknown>;
  links: { identifier: ResourceIdentifier; assign: (value: unknown) => void }[];
  next: number;
  // Where the resource this frame waits for goes, once resolved.
  awaiting?: (value: unknown) => void;
}

function open(resource: ResourceObject): Frame {
  const out: Record<string, unknown> = camelKeys(resource.attributes ?? {});
  if (resource.meta) out.meta = camelKeys(resource.meta);
  const links: Frame['links'] = [];
  for (const [name, relationship] of Object.entries(resource.relationships ?? {})) {
    const data = relationship.data;
    if (data === undefined) continue;
    const key = camelCase(name);
    if (data === null) {
      out[key] = null;
    } else if (Array.isArray(data)) {
      const list: unknown[] = new Array(data.length);
      out[key] = list;
      data.forEach((identifier, at) => {
        links.push({ identifier, assign: (value) => (list[at] = value) });
      });
    } else {
      // Set now, filled in later: the key keeps its place among the others.
      out[key] = undefined;
      links.push({ identifier: data, assign: (value) => (out[key] = value) });
    }
  }
  return { key: keyOf(resource), resource, out, links, next: 0 };
}

// Set last: an attribute can never shadow the resource's own identity.
const finish = (frame: Frame): ResolvedResource => ({
  ...frame.out,
  id: frame.resource.id,
  type: frame.resource.type,
});

/**
 * Resolves a resource and the included resources it points at, and theirs, without recursion (an
 * `included` chain thousands of links long must not exhaust the stack) and in time linear in the
 * document: each included resource is resolved once and shared by everything that points at it. A
 * link back to a resource still being resolved (one on the current path) is left as `{ id, type }`:
 * compound documents may point back at their parent.
 */
export function resolveResource(resource: ResourceObject, index: IncludedIndex): ResolvedResource {
  const onPath = new Set<string>();
  const stack: Frame[] = [open(resource)];
  onPath.add(keyOf(resource));
  for (;;) {
    const frame = stack[stack.length - 1] as Frame;
    const link = frame.links[frame.next];
    if (link === undefined) {
      const resolved = finish(frame);
      stack.pop();
      onPath.delete(frame.key);
      const parent = stack[stack.length - 1];
      if (parent === undefined) return resolved;
      index.remember(frame.key, resolved);
      parent.awaiting?.(resolved);
      continue;
    }
    frame.next += 1;
    const { identifier, assign } = link;
    const key = keyOf(identifier);
    const included = index.get(identifier);
    const done = index.resolved(key);
    if (included === undefined || onPath.has(key)) {
      assign({ id: identifier.id, type: identifier.type });
    } else if (done) {
      assign(done);
    } else {
      frame.awaiting = assign;
      stack.push(open(included));
      onPath.add(key);
    }
  }
}

/** Whether a resolved relationship is the included resource, not just its `{ id, type }`. */
export function wasIncluded(linked: { id: string; type: string }): boolean {
  return Object.keys(linked).some((key) => key !== 'id' && key !== 'type');
}
