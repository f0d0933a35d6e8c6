import * as z from 'zod/mini';
import { AbortedError, NoInventoryError, ReservationError } from '../core/errors.js';
import { lazy } from '../core/lazy.js';
import { strictOptions } from '../core/options-schema.js';
import { notBlank, textString } from '../core/well-formed.js';
import type { AvailableDid } from './available-did-model.js';
import { type AvailableDidFilter, FilterSchema } from './available-dids.js';
import { getDidwwErrors } from './describe-error.js';
import type { CreatedDidReservation } from './did-reservation-create.js';
import type { DidReservation } from './did-reservation-model.js';

export const HOLD_MANY = 'didww.didReservations.holdMany';

/** Arguments of `didReservations.holdMany`. */
export interface HoldManyParams {
  /**
   * Which numbers to hold: the filters of `availableDids.list`, checked the same way (including
   * the API version's: `numberType` from 2026-11-19, `didGroupTypeId` before). `{}` takes any
   * number in stock.
   */
  filter: AvailableDidFilter;
  /** How many holds the block should have: a positive integer. */
  count: number;
  /**
   * The block's name, stored on every hold: what a re-run finds the block's holds by. Holds of
   * yours that already carry exactly this description count toward `count`. **Make it unique per
   * block** (e.g. `launch-2026-05 desk A`): any hold of yours with the same description counts,
   * and a hold of another block with it would be taken as one of this block's. Not blank; no comma
   * (DIDWW reads a comma in a filter as "any of", so the block could not be listed back); tab and
   * line breaks are fine, other control characters are not.
   */
  description: string;
  /**
   * Called after each hold the block gains (made now, or found by a create after a lost answer),
   * with the hold and the count so far. Not called for the holds found at the start. An exception
   * it throws is ignored: the hold exists whatever the callback does.
   */
  onHold?: (hold: DidReservation, progress: HoldManyProgress) => void;
}

/** Where a block stands, as `onHold` sees it. */
export interface HoldManyProgress {
  /** Holds the block has now, found at the start included. */
  held: number;
  /** The `count` asked for. */
  requested: number;
}

/**
 * Why a block has fewer than `count` holds:
 * - `no_stock`: the search found no number left to try (every one in stock matching the filter was
 *   tried, or none matched).
 * - `plan_limit`: your plan allows no more holds (`meta.available_count` is 0, or DIDWW refused a
 *   hold naming the limit).
 * - `aborted`: the caller's signal fired.
 * - `failed`: a request failed in a way trying more would not fix (see `error`), or the call's
 *   `totalTimeoutMs` ran out.
 */
export type HoldManyShortfall = 'no_stock' | 'plan_limit' | 'aborted' | 'failed';

/** What `holdMany` holds, and why it stopped short if it did. It never throws once a request was sent. */
export interface HoldManyResult {
  /**
   * Every hold of yours with this description: those found at the start (earlier runs), then those
   * made now, in order. Each has `availableDidId` and the number (`availableDid`). `count` of them
   * when nothing stopped the block short; more only if that many already carried the description.
   */
  holds: DidReservation[];
  /** How many of `holds` were found at the start, made by earlier runs. */
  existing: number;
  /** Why there are fewer than `count`: absent when the block is complete. */
  shortfall?: HoldManyShortfall;
  /**
   * The error behind `failed`, or the abort that interrupted a request (`aborted`; absent when the
   * signal fired between requests). Its `outcome` says whether a hold may have been made that is
   * not in `holds` (`unknown`): it carries the description, so a re-run counts it.
   */
  error?: ReservationError;
}

// Built on first use: see lazy.ts.
export const holdManyInputSchema = lazy(() =>
  strictOptions(
    {
      filter: FilterSchema,
      count: z.int({ error: 'count must be a positive integer' }).check(z.gte(1, 'count must be at least 1')),
      description: textString().check(
        notBlank,
        z.refine((value: string) => !value.includes(','), {
          error: 'must not contain a comma (DIDWW reads a comma in filter[description] as "any of")',
        }),
      ),
      onHold: z.optional(
        z.custom<(hold: DidReservation, progress: HoldManyProgress) => void>(
          (value) => typeof value === 'function',
          'onHold must be a function',
        ),
      ),
    },
    'holdMany needs an object with filter, count and description',
    'argument',
  ),
);

/** Your holds carrying the block's description, and how many more your plan allows. */
export interface OwnHolds {
  holds: DidReservation[];
  /** `meta.available_count`, when DIDWW sent it. */
  availableCount: number | undefined;
}

/** The requests a block is made of, each through the client's transport. */
export interface HoldManySteps {
  /** Every hold of yours whose description is exactly the block's, with its number included. */
  listOwn(): Promise<OwnHolds>;
  /** One search of the stock with the block's filter. */
  search(): Promise<AvailableDid[]>;
  /** `didReservations.create` of one number with the block's description, its number included. */
  hold(availableDidId: string): Promise<CreatedDidReservation>;
}

/** A block, once its arguments are checked. */
export interface HoldManyPlan {
  count: number;
  signal: AbortSignal | undefined;
  onHold: ((hold: DidReservation, progress: HoldManyProgress) => void) | undefined;
}

// DIDWW names the plan's cap in its 422 (the simulator: "reservation limit of 10 reached"). The
// exact wording is unconfirmed, so a 422 that does not name it is taken for a number taken, and a
// round of refusals is followed by a fresh read of `meta.available_count` (see runHoldMany).
const LIMIT_WORDS = /\blimit\b/i;

function namesPlanLimit(error: NoInventoryError): boolean {
  const entries = getDidwwErrors(error);
  return entries.some((entry) => LIMIT_WORDS.test(`${entry.title ?? ''} ${entry.detail ?? ''}`));
}

// The transport throws only ReservationErrors; anything else is a bug, kept as the cause.
function asReservationError(error: unknown): ReservationError {
  if (error instanceof ReservationError) return error;
  return new ReservationError({
    message: `${HOLD_MANY} failed unexpectedly`,
    code: 'api_error',
    provider: 'didww',
    operation: HOLD_MANY,
    outcome: 'unknown',
    cause: error,
  });
}

/** How a step's failure ends the block. */
function stopOn(error: unknown): { shortfall: HoldManyShortfall; error: ReservationError } {
  const failure = asReservationError(error);
  return { shortfall: failure instanceof AbortedError ? 'aborted' : 'failed', error: failure };
}

/**
 * Holds numbers one at a time until the block has `count` holds with its description.
 *
 * 1. Lists your holds with the description: a re-run (after a crash) counts them, so it tops the
 *    block up instead of doubling it. The list's `meta.available_count` is how many more the plan
 *    allows.
 * 2. Searches the stock with the filter and tries each number not tried yet: a 422 on the number
 *    (taken between search and hold) moves on to the next. When the candidates run out it searches
 *    again; a search with nothing new to try ends with `no_stock`.
 * 3. Stops at the plan's cap: when the holds made use up `available_count`, or a 422 names the
 *    limit. A round where every number was refused re-reads `available_count` (the refusals may
 *    have been the cap, in words not recognised).
 *
 * One create at a time: at most one request is in flight when the process dies, and the hold it
 * may have made carries the description, so the next run finds it. Each create looks its own lost
 * answers up (same number, same description) before sending again, and a number has at most one
 * hold, so no number is held twice. A create whose outcome stays unknown ends the block (`failed`)
 * rather than moving on: its hold may exist, and holding another could make one too many.
 */
export async function runHoldMany(plan: HoldManyPlan, steps: HoldManySteps): Promise<HoldManyResult> {
  let own: OwnHolds;
  try {
    if (plan.signal?.aborted) return { holds: [], existing: 0, shortfall: 'aborted' };
    own = await steps.listOwn();
  } catch (error) {
    return { holds: [], existing: 0, ...stopOn(error) };
  }
  const holds = [...own.holds];
  const existing = holds.length;
  const heldIds = new Set(holds.map((hold) => hold.id));
  const heldNumbers = new Set(holds.map((hold) => hold.availableDidId));
  const tried = new Set<string>();
  let capacity = own.availableCount;
  let recheck = false;

  const end = (shortfall?: HoldManyShortfall, error?: ReservationError): HoldManyResult => ({
    holds,
    existing,
    ...(shortfall === undefined ? {} : { shortfall }),
    ...(error === undefined ? {} : { error }),
  });

  const add = (hold: DidReservation): boolean => {
    if (heldIds.has(hold.id)) return false;
    heldIds.add(hold.id);
    heldNumbers.add(hold.availableDidId);
    holds.push(hold);
    return true;
  };

  const report = (hold: DidReservation): void => {
    if (!plan.onHold) return;
    try {
      plan.onHold(hold, { held: holds.length, requested: plan.count });
    } catch {
      // The hold exists whatever the callback does: the block goes on.
    }
  };

  while (holds.length < plan.count) {
    if (plan.signal?.aborted) return end('aborted');
    if (recheck || (capacity !== undefined && capacity <= 0)) {
      // Holds lapse and others release theirs: read the cap again before calling it reached.
      try {
        const fresh = await steps.listOwn();
        for (const hold of fresh.holds) if (add(hold)) report(hold);
        capacity = fresh.availableCount;
      } catch (error) {
        const stop = stopOn(error);
        return end(stop.shortfall, stop.error);
      }
      recheck = false;
      if (holds.length >= plan.count) break;
      if (capacity !== undefined && capacity <= 0) return end('plan_limit');
    }
    let stock: AvailableDid[];
    try {
      stock = await steps.search();
    } catch (error) {
      const stop = stopOn(error);
      return end(stop.shortfall, stop.error);
    }
    const candidates = stock.filter((did) => !tried.has(did.id) && !heldNumbers.has(did.id));
    if (candidates.length === 0) return end('no_stock');
    let heldThisRound = 0;
    for (const did of candidates) {
      if (holds.length >= plan.count) break;
      if (plan.signal?.aborted) return end('aborted');
      if (capacity !== undefined && capacity <= 0) break;
      tried.add(did.id);
      let hold: CreatedDidReservation;
      try {
        hold = await steps.hold(did.id);
      } catch (error) {
        // Refused, and nothing was held: the number went to someone else, or the plan is full.
        if (error instanceof NoInventoryError && error.outcome === 'rejected') {
          if (namesPlanLimit(error)) return end('plan_limit');
          continue;
        }
        const stop = stopOn(error);
        return end(stop.shortfall, stop.error);
      }
      heldThisRound += 1;
      // 202 (`updated`): a hold you had already, now with this description; it takes no new room.
      if (hold.status !== 'updated' && capacity !== undefined) capacity -= 1;
      if (add(hold)) report(hold);
    }
    if (heldThisRound === 0) recheck = true;
  }
  return end();
}
