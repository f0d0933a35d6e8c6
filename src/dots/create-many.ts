import * as z from 'zod/mini';
import { ApiError, AuthenticationError, ReservationError } from '../core/errors.js';
import { lazy } from '../core/lazy.js';
import type { RequestOptions } from '../core/options.js';
import { strictOptions } from '../core/options-schema.js';
import {
  CREATE_MANY_OPERATION,
  type CreateEcoClubOfferingParams,
  type CreateOfferingBody,
} from './create-params.js';
import { judgeLookup, lookupConflictError, provesEveryListedField } from './judge-lookup.js';
import type { EcoClubOffering } from './offering.js';

/** One offering of a `createMany` batch: `create`'s parameters, with the caller's own `externalUniqueId`. */
export type CreateManyItem = CreateEcoClubOfferingParams & {
  /**
   * Required, and unique within the batch: it is how a re-run of the batch finds the offerings an
   * earlier (killed) run created. Derive it from your data (`gift-${campaign}-${recipient.id}`),
   * never from a random value made at run time.
   */
  externalUniqueId: string;
};

/** Options of `ecoClubOfferings.createMany`: the batch's own, and the per-call request options. */
export interface CreateManyOptions extends RequestOptions {
  /** Items in flight at once, 1 to 64. Default 8. */
  concurrency?: number;
  /**
   * Called after each item is settled (created, found existing, failed, or unknown), with the
   * counts so far: also for the items the opening list settles, and for items that finish after
   * the batch stopped launching. An exception it throws is ignored.
   */
  onProgress?: (progress: CreateManyProgress) => void;
  /**
   * Stops the batch from launching items. Items already sent are not cancelled (a create cut off
   * after it was sent would leave an offering nobody has); see `createMany`.
   */
  signal?: AbortSignal;
}

/** Where a batch stands. */
export interface CreateManyProgress {
  /** Offerings created by this run. */
  created: number;
  /** Offerings an earlier run (or call) had created with the same id and parameters. */
  existing: number;
  /** Items refused (nothing created for them). */
  failed: number;
  /** Items whose offering may exist without this run having it. */
  unknown: number;
  /** Items settled so far (the four counts above together). */
  done: number;
  /** Items in the batch. */
  total: number;
}

/** An item and its offering. */
export interface CreateManyOffering {
  /** The item as you passed it (the same object). */
  item: CreateManyItem;
  /**
   * The offering. One found by a lookup is as the list answers it: it may lack `externalUniqueId`
   * (the documented list items do), which is why the item comes with it.
   */
  offering: EcoClubOffering;
}

/** An item that was refused: nothing was created for it. */
export interface CreateManyFailure {
  /** The item as you passed it. */
  item: CreateManyItem;
  /**
   * Why: its `outcome` is `rejected` or `not_sent`. A `ConflictError` `external_unique_id_taken`
   * means the id holds an offering with other parameters.
   */
  error: ReservationError;
}

/** An item whose offering may exist (or does) without this run having it. */
export interface CreateManyUnknown {
  /** The item as you passed it. */
  item: CreateManyItem;
  /** What went wrong: its `outcome` is `unknown` or `applied`. */
  error: ReservationError;
  /**
   * What to look the offering up by: `findByExternalUniqueId(lookupKey.externalUniqueId)`, or run
   * the batch again, which looks it up before creating anything.
   */
  lookupKey: {
    /** The item's `externalUniqueId`: `ecoClubOfferings.findByExternalUniqueId(it)`. */
    readonly externalUniqueId: string;
  };
}

/** HTTP requests a batch sent, by kind (resends included; see docs/dots.md, "createMany"). */
export interface CreateManyRequests {
  /** Unfiltered `list/{app_token}` reads: one per app token of the batch. */
  lists: number;
  /** `list?external-unique-id=…` lookups: of items the list could not settle, and of lost answers. */
  lookups: number;
  /** `eco-club-offering/add` requests. */
  creates: number;
}

/** What `createMany` did, item by item. It never throws once a request was sent. */
export interface CreateManyResult {
  /** Offerings created by this run, in the order they landed. */
  created: CreateManyOffering[];
  /** Offerings that already existed with the item's id and parameters: nothing was sent to create them. */
  existing: CreateManyOffering[];
  /** Items refused (`outcome` `rejected` or `not_sent`): nothing exists for them. */
  failed: CreateManyFailure[];
  /** Items whose offering may exist (`outcome` `unknown` or `applied`), each with its `lookupKey`. */
  unknown: CreateManyUnknown[];
  /**
   * Items never started because the batch stopped launching (`aborted`, or `stoppedBy`): nothing
   * was created for them. Run the batch again to create them.
   */
  notStarted: CreateManyItem[];
  /** The signal stopped the batch from launching items. */
  aborted: boolean;
  /**
   * An error every further item would have repeated (a wrong or inactive company token), which
   * stopped the batch from launching items; it is also in `failed`. `undefined` otherwise.
   */
  stoppedBy: ReservationError | undefined;
  /** The requests this run sent, by kind. */
  requests: CreateManyRequests;
}

// Built on first use: see lazy.ts.
export const createManyOptionsSchema = lazy(() =>
  strictOptions(
    {
      concurrency: z._default(
        z
          .int({ error: 'concurrency must be an integer from 1 to 64' })
          .check(z.gte(1, 'concurrency must be at least 1'), z.lte(64, 'concurrency must be at most 64')),
        8,
      ),
      onProgress: z.optional(
        z.custom<(progress: CreateManyProgress) => void>(
          (value) => typeof value === 'function',
          'onProgress must be a function',
        ),
      ),
    },
    'options must be an object such as { concurrency: 8 }, or left out',
  ),
);

/**
 * What the opening list says about one item:
 * - `existing`: an offering carrying the item's id has its fields (nothing to send);
 * - `refused`: an offering carrying the item's id has other fields (a `ConflictError`), or the list
 *   read was refused (a wrong token or app token): the item fails, nothing is sent for it;
 * - `absent`: no offering could be the item's (created at once, no lookup);
 * - `unsure`: an offering without an id shows the item's fields, or there was no list to read: the
 *   item is looked up by its id before anything is created.
 */
export type SurveyVerdict =
  | { kind: 'existing'; offering: EcoClubOffering }
  | { kind: 'refused'; error: ReservationError }
  | { kind: 'absent' }
  | { kind: 'unsure' };

/**
 * Judges every item of one app against the app's whole offering list (one read). Only an id
 * proves an offering is an item's; the documented list items carry none, so there an offering
 * with the item's fields only makes the item `unsure` (several items may share their fields), and
 * an item that no offering could be is `absent`. See docs/dots.md, "createMany".
 */
export function judgeSurvey(
  bodies: readonly CreateOfferingBody[],
  listed: readonly EcoClubOffering[],
): SurveyVerdict[] {
  const byId = new Map<string, EcoClubOffering[]>();
  const withoutId: EcoClubOffering[] = [];
  for (const offering of listed) {
    if (offering.externalUniqueId === undefined) {
      withoutId.push(offering);
      continue;
    }
    const same = byId.get(offering.externalUniqueId);
    if (same) same.push(offering);
    else byId.set(offering.externalUniqueId, [offering]);
  }
  return bodies.map((body): SurveyVerdict => {
    const carrying = byId.get(body.external_unique_id);
    if (carrying) {
      const verdict = judgeLookup(carrying, body);
      if (verdict.kind === 'ours') return { kind: 'existing', offering: verdict.offering };
      if (verdict.kind === 'conflict')
        return {
          kind: 'refused',
          error: lookupConflictError(verdict, body.external_unique_id, CREATE_MANY_OPERATION),
        };
    }
    return withoutId.some((offering) => provesEveryListedField(offering, body))
      ? { kind: 'unsure' }
      : { kind: 'absent' };
  });
}

/**
 * Whether an error of the opening list read would come back for every item of its app: a refusal
 * (a wrong token or app token, 4xx) rather than trouble that a lookup per item may get past (a
 * timeout, a 5xx, a list over `maxListResponseBytes`).
 */
export function isRefusal(error: ReservationError): boolean {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

/** Whether an item's error says the company's token is wrong for every item, not only this one's app. */
function isCompanyWide(error: ReservationError): boolean {
  return error instanceof AuthenticationError && error.providerCode !== 'invalid_app_token';
}

/** How one item ended: an offering, or `skipped` (the batch stopped before its create was sent). */
export type ItemEnd = { kind: 'created' | 'existing'; offering: EcoClubOffering } | { kind: 'skipped' };

/** One item to run: the caller's item, its checked body, and what the opening list said. */
export interface BatchEntry {
  item: CreateManyItem;
  body: CreateOfferingBody;
  verdict: SurveyVerdict;
}

/** How a batch runs, once its arguments are checked. */
export interface BatchPlan {
  concurrency: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: CreateManyProgress) => void) | undefined;
  requests: CreateManyRequests;
}

// The transport throws only ReservationErrors; anything else is a bug, kept as the cause. Its
// outcome is unknown because nothing says whether the create went out.
function asReservationError(error: unknown): ReservationError {
  if (error instanceof ReservationError) return error;
  return new ReservationError({
    message: `${CREATE_MANY_OPERATION} failed unexpectedly`,
    code: 'api_error',
    provider: 'dots',
    operation: CREATE_MANY_OPERATION,
    outcome: 'unknown',
    cause: error,
  });
}

/**
 * Runs the entries with at most `concurrency` in flight. `run(entry, mayCreate)` settles one
 * `absent` or `unsure` entry (it must call `mayCreate()` right before sending a create, and skip it
 * when that says no); `existing` and `refused` entries are settled at once, sending nothing.
 * Launching stops when the signal aborts or an error shows every further item would fail the same
 * way; entries already launched finish, and what they create is kept.
 */
export async function runBatch(
  plan: BatchPlan,
  entries: readonly BatchEntry[],
  run: (entry: BatchEntry, mayCreate: () => boolean) => Promise<ItemEnd>,
): Promise<CreateManyResult> {
  const result: CreateManyResult = {
    created: [],
    existing: [],
    failed: [],
    unknown: [],
    notStarted: [],
    aborted: false,
    stoppedBy: undefined,
    requests: plan.requests,
  };
  const total = entries.length;
  const report = (): void => {
    if (!plan.onProgress) return;
    const { created, existing, failed, unknown } = result;
    const done = created.length + existing.length + failed.length + unknown.length;
    try {
      plan.onProgress({
        created: created.length,
        existing: existing.length,
        failed: failed.length,
        unknown: unknown.length,
        done,
        total,
      });
    } catch {
      // A progress callback must not end the batch: the offerings settled so far would be lost.
    }
  };
  const fail = (entry: BatchEntry, thrown: unknown): void => {
    const error = asReservationError(thrown);
    if (error.outcome === 'unknown' || error.outcome === 'applied') {
      result.unknown.push({
        item: entry.item,
        error,
        lookupKey: { externalUniqueId: entry.body.external_unique_id },
      });
      return;
    }
    result.failed.push({ item: entry.item, error });
    if (isCompanyWide(error)) result.stoppedBy ??= error;
  };
  const mayLaunch = (): boolean => {
    if (plan.signal?.aborted) result.aborted = true;
    return !result.aborted && result.stoppedBy === undefined;
  };

  const queue: BatchEntry[] = [];
  for (const entry of entries) {
    const { verdict } = entry;
    if (verdict.kind === 'existing') result.existing.push({ item: entry.item, offering: verdict.offering });
    else if (verdict.kind === 'refused') fail(entry, verdict.error);
    else {
      queue.push(entry);
      continue;
    }
    report();
  }

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length && mayLaunch()) {
      const entry = queue[next] as BatchEntry;
      next += 1;
      try {
        const end = await run(entry, mayLaunch);
        if (end.kind === 'skipped') {
          result.notStarted.push(entry.item);
          continue;
        }
        result[end.kind].push({ item: entry.item, offering: end.offering });
      } catch (error) {
        fail(entry, error);
      }
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, queue.length) }, worker));
  result.notStarted.push(...queue.slice(next).map((entry) => entry.item));
  return result;
}
