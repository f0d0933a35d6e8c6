import type { WithMeta } from '../core/api-promise.js';
import type { RequestOptions } from '../core/options.js';
import type { Page } from '../core/pagination.js';
import type { Operation } from '../core/transport.js';
import type { DidwwContext } from './context.js';
import { decodeCollection } from './json-api/document.js';
import type { ResolvedResource } from './json-api/resolve.js';
import { type FollowedLinks, LinkedPage } from './linked-page.js';
import { nextPageRequest } from './next-link.js';

/** Pagination links as DIDWW sent them (absolute URLs). */
export interface PageLinks {
  /** The first page. */
  first?: string | undefined;
  /** The last page. */
  last?: string | undefined;
  /** The next page; absent on the last. */
  next?: string | undefined;
  /** The previous page; absent on the first. */
  prev?: string | undefined;
}

/**
 * What one of DIDWW's paged lists (`did_reservations`, `orders`) is: everything else — reading the
 * collection, following `links.next` below the base URL, stopping at a loop — is the same for all.
 */
export interface PagedList<Item, Meta> {
  /** The operation, e.g. `didww.orders.list`. */
  readonly name: string;
  readonly context: DidwwContext;
  /** Reads one resource of the collection into the public model. */
  toItem(resource: ResolvedResource): Item;
  /** The page's public meta, from DIDWW's `meta` and its `links`. */
  meta(meta: unknown, links: PageLinks): Meta;
}

/** The first page of a list at `path` with `query` (wire names). */
export function firstPage<Item, Meta>(
  list: PagedList<Item, Meta>,
  path: string,
  query: Record<string, string | undefined>,
  options: RequestOptions,
): Promise<WithMeta<Page<Item, Meta>>> {
  return list.context.transport.run(pageOperation(list, path, query, undefined, options), options);
}

function pageOperation<Item, Meta>(
  list: PagedList<Item, Meta>,
  path: string,
  query: Record<string, string | undefined>,
  followed: FollowedLinks | undefined,
  options: RequestOptions,
): Operation<Page<Item, Meta>> {
  return {
    name: list.name,
    method: 'GET',
    path,
    query,
    effect: 'read',
    decode: (response) => {
      const { data, meta, links } = decodeCollection(response, (resource) => list.toItem(resource));
      const sent: PageLinks = links ?? {};
      const pageLinks: PageLinks = { first: sent.first, last: sent.last, next: sent.next, prev: sent.prev };
      return new LinkedPage(data, list.meta(meta, pageLinks), sent.next, followed, (link, followedNow) =>
        nextPage(list, link, followedNow, options),
      );
    },
  };
}

async function nextPage<Item, Meta>(
  list: PagedList<Item, Meta>,
  link: string,
  followed: FollowedLinks,
  options: RequestOptions,
): Promise<Page<Item, Meta>> {
  const transport = list.context.transport;
  const target = nextPageRequest(list.name, link, list.context.baseUrl, (text) => transport.redactText(text));
  const { data } = await transport.run(
    pageOperation(list, target.path, target.query, followed, options),
    options,
  );
  return data;
}
