import type { BaseUrl } from '../core/base-url.js';
import { ResponseValidationError } from '../core/errors.js';

/** What to request for a `links.next`, below the base URL. */
export interface NextPageRequest {
  /** Path below the base URL's prefix, e.g. `/did_reservations`. */
  path: string;
  query: Record<string, string>;
}

// How much of a refused link the error quotes.
const MAX_QUOTED = 200;

/**
 * A refused link as the error quotes it: as the server sent it (a parsed URL would write its host
 * in lower case, where a secret would no longer be recognised), secrets removed first, then without
 * credentials, query and fragment, and cut to {@link MAX_QUOTED} characters.
 */
function quoteLink(link: string, redact: (text: string) => string): string {
  const [path = ''] = redact(link)
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1')
    .split(/[?#]/, 1);
  return path.length > MAX_QUOTED ? `${path.slice(0, MAX_QUOTED)}…` : path;
}

/**
 * Turns a `links.next` into a request through the client's own transport — only if it points at the
 * configured base URL (same origin, under the same path prefix, no credentials). Anything else is a
 * `ResponseValidationError`: following it would send the API key to a host the caller never configured.
 * `redact` removes the client's secrets from the link the error quotes.
 */
export function nextPageRequest(
  operation: string,
  link: string,
  base: BaseUrl,
  redact: (text: string) => string,
): NextPageRequest {
  let url: URL | undefined;
  try {
    url = new URL(link, base.origin);
  } catch {
    // reported below as an unreadable URL
  }
  // The URL parser has already resolved `..` segments (also `%2e%2e`), so a prefix check is enough.
  if (
    url === undefined ||
    url.origin !== base.origin ||
    url.username ||
    url.password ||
    !url.pathname.startsWith(`${base.pathPrefix}/`)
  ) {
    const message = 'points outside the configured base URL';
    const where = url ? quoteLink(link, redact) : 'an unreadable URL';
    throw new ResponseValidationError({
      message: `${operation}: links.next ${message} (${where}); not followed, so the API key is not sent there`,
      provider: 'didww',
      operation,
      status: 200,
      issues: [{ path: ['links', 'next'], code: 'invalid_url', message }],
      // The next page's request was never sent.
      outcome: 'not_sent',
    });
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    // A repeated name is read as DIDWW reads a list: comma-joined.
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  return { path: url.pathname.slice(base.pathPrefix.length), query };
}

/**
 * What makes two `links.next` the same page: the URL with its query in one order and no fragment.
 * A link that cannot be read is compared as written (following it fails anyway).
 */
export function nextLinkKey(link: string): string {
  try {
    // Relative links are compared among themselves: any fixed base will do.
    const url = new URL(link, 'https://relative.invalid');
    url.searchParams.sort();
    url.hash = '';
    return url.href;
  } catch {
    return link;
  }
}
