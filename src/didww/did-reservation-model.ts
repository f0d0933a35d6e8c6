import * as z from 'zod/mini';
import { addIssue, parseValue } from '../core/zod.js';
import { type AvailableDid, toAvailableDid } from './available-did-model.js';
import { dateTimeSchema } from './json-api/date-time.js';
import { type ResolvedResource, wasIncluded } from './json-api/resolve.js';

/** A hold on an available number. It lapses at `expiresAt` (10 minutes after creation by default). */
export interface DidReservation {
  /** DIDWW's id of the hold: order with it (`did_reservation_id`) or `delete` it. */
  id: string;
  /** Your free-form note, or `null`. */
  description: string | null;
  /** When the hold was made (`created_at`). */
  createdAt: Date;
  /** When the hold lapses and the number returns to the pool (`expires_at`; `expire_at` up to API 2022-05-10). */
  expiresAt: Date;
  /** The held number's id: always on `create` results, otherwise when `availableDid` was included. */
  availableDidId?: string | undefined;
  /** The held number, when `availableDid` was included. */
  availableDid?: AvailableDid | undefined;
}

const DateTime = dateTimeSchema();

const ReservationSchema = z.pipe(
  z.looseObject({
    id: z.string(),
    type: z.literal('did_reservations'),
    description: z.optional(z.nullable(z.string())),
    createdAt: DateTime,
    // 2026-04-16 and later send `expires_at`; 2022-05-10 and earlier `expire_at`. An account's
    // default version can be newer than the one requested (older ones are ignored), so both are read.
    expiresAt: z.optional(DateTime),
    expireAt: z.optional(DateTime),
    availableDid: z.optional(z.nullable(z.looseObject({ id: z.string(), type: z.string() }))),
  }),
  z.transform((reservation, ctx) => {
    const expiresAt = reservation.expiresAt ?? reservation.expireAt;
    if (expiresAt === undefined) {
      addIssue(ctx, 'expected expires_at (or expire_at before API 2026-04-16)', ['expiresAt']);
      return z.NEVER;
    }
    return { ...reservation, expiresAt };
  }),
);

/** Maps a resolved `did_reservations` resource to a {@link DidReservation}. */
export function toDidReservation(resource: ResolvedResource): DidReservation {
  const parsed = parseValue(ReservationSchema, resource);
  const reservation: DidReservation = {
    id: parsed.id,
    description: parsed.description ?? null,
    createdAt: parsed.createdAt,
    expiresAt: parsed.expiresAt,
  };
  const held = parsed.availableDid;
  if (held) {
    reservation.availableDidId = held.id;
    if (wasIncluded(held)) reservation.availableDid = toAvailableDid(held);
  }
  return reservation;
}
