import type { WithMeta } from '../core/api-promise.js';
import { NoInventoryError } from '../core/errors.js';
import { parseInput } from '../core/input.js';
import type { RequestOptions } from '../core/options.js';
import type { CallOptions, Operation } from '../core/transport.js';
import type { DidwwContext } from './context.js';
import { refineCreateError } from './describe-error.js';
import { type DidReservation, toDidReservation } from './did-reservation-model.js';
import {
  type CreateDidReservationParams,
  CreateParamsSchema,
  type DidReservationInclude,
} from './did-reservation-params.js';
import type { HoldClaim } from './hold-lookup.js';
import { decodeSingle } from './json-api/document.js';
import { asList, toQueryParams, wireIncludes } from './json-api/query.js';

const CREATE = 'didww.didReservations.create';

/**
 * How a create ended:
 * - `created`: a new hold (201).
 * - `updated`: you already held this number; DIDWW updated that hold (202). Also the answer when
 *   an earlier attempt's answer was lost and no hold was provably that attempt's: the create was
 *   sent again and DIDWW updated the hold you had.
 * - `found`: an earlier attempt's answer was lost, and its hold (same number, same description,
 *   made since the call started) was found among your reservations instead of sending the create
 *   again (`meta.reconciled` is `true`).
 */
export type DidReservationCreateStatus = 'created' | 'updated' | 'found';

/** The hold a create returns: the reservation, which number it holds, and how it came about. */
export interface CreatedDidReservation extends DidReservation {
  /** The held number's id: the one you passed, or the one DIDWW's answer names. */
  availableDidId: string;
  /** How the create ended: see {@link DidReservationCreateStatus}. */
  status: DidReservationCreateStatus;
}

/**
 * Looks up the hold this create's lost attempt made, if one is provably its own (see `isOwnHold`),
 * with `include`d resources embedded. `options` is what the transport passes to `lookup.find`: it
 * goes, the same object unchanged, to every page request (it carries the call's deadline and signal).
 */
export type FindHold = (
  claim: HoldClaim,
  include: readonly DidReservationInclude[],
  options: CallOptions,
) => Promise<CreatedDidReservation | undefined>;

const UNKNOWN_OUTCOME_NOTE =
  'a DID reservation may have been created; it lapses by itself (10 minutes by default), ' +
  'or find it with didReservations.list({ include: "availableDid" })';

/**
 * `POST /did_reservations`. Not idempotent, so when an attempt's outcome is unknown (reset after
 * sending, timeout, 500/502/504) the next attempt first looks among your reservations for the hold
 * that attempt made — same number, same description, made since the call started (`startedAt`, less
 * the clock-skew allowance) — and returns it rather than creating again. Nothing provably this
 * call's: the create is sent again, which cannot hold a number twice (a number has at most one
 * hold; holding your own again answers 202, `updated`). If DIDWW refuses that resend (422 on
 * `available_did`: the lost attempt may have taken the number for you), the transport looks once
 * more before failing.
 */
export async function createDidReservation(
  context: DidwwContext,
  params: CreateDidReservationParams,
  options: RequestOptions,
  findHold: FindHold,
  startedAt: number,
): Promise<WithMeta<CreatedDidReservation>> {
  const input = parseInput(CreateParamsSchema, params, 'didww', CREATE);
  const include = asList(input.include);
  const claim: HoldClaim = {
    availableDidId: input.availableDidId,
    description: input.description,
    startedAt,
  };
  const operation: Operation<CreatedDidReservation> = {
    name: CREATE,
    method: 'POST',
    path: '/did_reservations',
    query: toQueryParams({ include: wireIncludes(include) }),
    // The JSON:API create document; `attributes` only when there is a description to send.
    body: {
      data: {
        type: 'did_reservations',
        ...(input.description === undefined ? {} : { attributes: { description: input.description } }),
        relationships: { available_did: { data: { type: 'available_dids', id: input.availableDidId } } },
      },
    },
    effect: 'once',
    decode(response) {
      const reservation = decodeSingle(response, toDidReservation);
      return {
        ...reservation,
        availableDidId: reservation.availableDidId ?? input.availableDidId,
        // 202 is documented for "you already held it" but seen in no fixture: any other 2xx with a
        // reservation document counts as created.
        status: response.status === 202 ? 'updated' : 'created',
      };
    },
    refineError: refineCreateError,
    lookup: {
      key: { availableDidId: input.availableDidId },
      find: (lookupOptions) => findHold(claim, include, lookupOptions),
      // 422 on `available_did` after a lost attempt: the number is held — by us, or by someone else.
      explainRefusal: (error) => (error instanceof NoInventoryError ? 'maybe' : undefined),
    },
    unknownOutcomeNote: UNKNOWN_OUTCOME_NOTE,
  };
  return context.transport.run(operation, options);
}
