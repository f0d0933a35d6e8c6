import type { DidwwRequest, Json } from './endpoint.js';

/**
 * A paginated list's `links`, as DIDWW writes them: absolute URLs to `collection` keeping the call's
 * other query parameters, with `prev` and `next` only where such a page exists.
 */
export function pageLinks(
  request: DidwwRequest,
  collection: string,
  number: number,
  size: number,
  lastPage: number,
): Json {
  const { call } = request;
  const link = (page: number) => {
    const params = new URLSearchParams();
    for (const [name, value] of call.query) if (!name.startsWith('page[')) params.append(name, value);
    params.set('page[number]', String(page));
    params.set('page[size]', String(size));
    return `${call.baseHref}/${collection}?${params}`;
  };
  return {
    first: link(1),
    ...(number > 1 ? { prev: link(Math.min(number - 1, lastPage)) } : {}),
    ...(number < lastPage ? { next: link(number + 1) } : {}),
    last: link(lastPage),
  };
}
