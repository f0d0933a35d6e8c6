import * as z from 'zod/mini';
import type { HttpResponse, ProviderErrorInfo } from '../core/error-mapping.js';
import { lazy } from '../core/lazy.js';
import { strictOptions } from '../core/options-schema.js';
import type { Operation } from '../core/transport.js';
import { noControlCharacters, wellFormed } from '../core/well-formed.js';
import { DECODE_RESERVATION } from './decode-reservation.js';
import type { ArianeeFormat, ArianeeReservation } from './reservation.js';

/** Arguments of `reserveOne`. */
export interface ArianeeReserveOneParams<F extends ArianeeFormat = ArianeeFormat> {
  /**
   * The tag of the pool to reserve from, or several tags (sent comma-joined, as the NMP docs ask).
   * Each tag must be non-blank, must not contain a comma or a control character (U+0000–U+001F,
   * U+007F: a line break, a tab, NUL) and must be well-formed Unicode (no lone UTF-16 surrogate,
   * which cannot be percent-encoded).
   */
  tags: string | readonly string[];
  /** How the passport is returned. Default `linkObject`. */
  format?: F;
}

export const RESERVE_ONE = 'arianee.reserveOne';

// Schemas are built on first use (see lazy.ts); `reserveMany` shares the tags and format ones.

function tagSchema() {
  return z.string({ error: 'a tag must be a string' }).check(
    z.refine((value) => value.trim() !== '', 'a tag must not be empty or blank'),
    z.refine((value) => !value.includes(','), 'a tag must not contain a comma: tags are sent comma-joined'),
    wellFormed,
    noControlCharacters,
  );
}

/** One tag or a non-empty list, normalised to a list. */
export const tagsSchema = lazy(() =>
  // A single tag becomes a list first (what classic zod's preprocess does).
  z.pipe(
    z.transform((value: unknown) => (typeof value === 'string' ? [value] : value)),
    z
      .array(tagSchema(), { error: 'tags must be a tag or a non-empty array of tags' })
      .check(z.minLength(1, 'tags must not be an empty array')),
  ),
);

export const formatSchema = lazy(() => z._default(z.enum(['link', 'linkObject', 'content']), 'linkObject'));

export const reserveOneInputSchema = lazy(() =>
  strictOptions(
    { tags: tagsSchema(), format: formatSchema() },
    'reserveOne needs an object with tags',
    'argument',
  ),
);

/**
 * Older NMP docs (v1.7, v1.9): "400 → Your tag may not exist. → There is not available digital
 * passport to reserve." So a JSON 400 without a code means the same as `noNFTsToSend`. A 400 with
 * another code is a refusal of the request; a text or HTML 400 (a proxy's) stays a plain ApiError.
 */
function refineReserveOneError(response: HttpResponse, info: ProviderErrorInfo): ProviderErrorInfo {
  if (info.kind !== undefined || response.status !== 400 || response.body.kind !== 'json') return info;
  return { ...info, kind: info.providerCode === undefined ? 'no_inventory' : 'validation' };
}

/**
 * `GET /dispenser/distribution/reserveOne`. Each 200 takes a passport out of the pool and there is
 * no idempotency key and no lookup: the call is not idempotent and cannot reconcile, so the
 * transport retries it only when the NMP cannot have acted (not sent, 429, 503).
 */
export function reserveOneOperation<F extends ArianeeFormat>(
  tags: readonly string[],
  format: F,
): Operation<ArianeeReservation<F>> {
  return {
    name: RESERVE_ONE,
    method: 'GET',
    path: '/dispenser/distribution/reserveOne',
    // The transport encodes each value and keeps the joining commas literal.
    query: { tags: tags.join(','), format },
    effect: 'once',
    decode: DECODE_RESERVATION[format],
    refineError: refineReserveOneError,
    unknownOutcomeNote: 'a passport may have been reserved',
  };
}
