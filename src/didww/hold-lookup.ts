import { ResponseValidationError } from '../core/errors.js';
import type { Page } from '../core/pagination.js';

/** How a create's lookup of your holds is bounded (client options `lookupMaxPages`, …). */
export interface HoldLookupSettings {
  /** Pages of reservations read at most. */
  maxPages: number;
}

/** Default of the client option `lookupMaxPages`: 20 pages of 100 holds, far above any plan's cap. */
export const DEFAULT_LOOKUP_MAX_PAGES = 20;

// The list the lookup reads, which an error of the page walk names.
const LIST = 'didww.didReservations.list';

/**
 * Reads pages from `first` on, following `links.next`, and returns the first thing `pick` finds
 * in an item; `undefined` once the list ends (no `links.next`, or one the walk already followed).
 * At most `maxPages` pages are read: a list that goes on beyond them is a ResponseValidationError
 * rather than an endless walk (a server that keeps naming new pages must not hold the call forever).
 */
export async function findInPages<Item, Meta, Found>(
  first: Page<Item, Meta>,
  maxPages: number,
  pick: (item: Item) => Found | undefined,
): Promise<Found | undefined> {
  let page: Page<Item, Meta> | undefined = first;
  for (let read = 1; page; read += 1) {
    for (const item of page.data) {
      const found = pick(item);
      if (found !== undefined) return found;
    }
    if (!page.hasNextPage()) return undefined;
    if (read >= maxPages) {
      const message = `looked at ${read} pages without finding the end of the list`;
      throw new ResponseValidationError({
        message: `${LIST}: ${message} (lookupMaxPages is ${maxPages}); the rest was not read`,
        provider: 'didww',
        operation: LIST,
        status: 200,
        issues: [{ path: ['links', 'next'], code: 'too_many_pages', message }],
        // The next page's request was never sent.
        outcome: 'not_sent',
      });
    }
    page = await page.getNextPage();
  }
  return undefined;
}
