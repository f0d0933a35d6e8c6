import { ResponseValidationError } from '../core/errors.js';
import type { Page } from '../core/pagination.js';
import type { DidReservation } from './did-reservation-model.js';

// The hold lookup a create runs when an attempt's outcome is unknown. The account, not the call,
// owns a hold: another order's hold on the same number, or an earlier call's, is listed alike. So
// a hold counts as this call's only when everything DIDWW stores about it says so
// (PROVIDERS.md, "Decisions the SDK takes").

/** How a create's lookup of your holds judges and reads (client options `lookupMaxPages`, `lookupClockSkewMs`). */
export interface HoldLookupSettings {
  /** Pages of reservations read at most. */
  maxPages: number;
  /** How much earlier than the call's start (by our clock) DIDWW's `created_at` may be, in ms. */
  clockSkewMs: number;
}

/** Default of the client option `lookupMaxPages`: 20 pages of 100 holds, far above any plan's cap. */
export const DEFAULT_LOOKUP_MAX_PAGES = 20;

/** Default of the client option `lookupClockSkewMs`: DIDWW's clock may be two minutes behind ours. */
export const DEFAULT_LOOKUP_CLOCK_SKEW_MS = 120_000;

/** What a create sent and when it started: what a found hold must match to be this call's. */
export interface HoldClaim {
  /** The number the create asked to hold. */
  availableDidId: string;
  /** The description the create sent, if any. */
  description: string | undefined;
  /** `Date.now()` when `create()` was called. */
  startedAt: number;
}

// DIDWW stores a missing description as null; an empty one says no more.
const descriptionOf = (description: string | null | undefined): string | undefined =>
  description === null || description === '' ? undefined : description;

/**
 * Whether a hold is provably the one this create's lost attempt made: it holds the same number,
 * carries the same description (absent, `null` and `''` all mean none; otherwise compared exactly)
 * and DIDWW made it no earlier than the call's start less `clockSkewMs` (DIDWW's clock is not ours).
 * A hold without a readable `createdAt` is not provably this call's.
 */
export function isOwnHold(hold: DidReservation, claim: HoldClaim, clockSkewMs: number): boolean {
  const created = hold.createdAt instanceof Date ? hold.createdAt.getTime() : Number.NaN;
  return (
    hold.availableDidId === claim.availableDidId &&
    descriptionOf(hold.description) === descriptionOf(claim.description) &&
    Number.isFinite(created) &&
    created >= claim.startedAt - clockSkewMs
  );
}

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
