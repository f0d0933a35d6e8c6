import * as z from 'zod/mini';
import { parseInput } from '../core/input.js';
import { identifierString } from '../core/well-formed.js';
import { appTokenString } from './app-token.js';
import { omitEmpty } from './omit-empty.js';

export const LIST_OPERATION = 'dots.ecoClubOfferings.list';
export const FIND_OPERATION = 'dots.ecoClubOfferings.findByExternalUniqueId';

/** What `ecoClubOfferings.list` takes. Empty values count as unset. */
export interface ListEcoClubOfferingsParams {
  /** The app whose offerings are listed; defaults to the client's `appToken`. Treated as a secret. */
  appToken?: string;
  /** Only the offering with this uuid. */
  uuid?: string;
  /** Only the offering with this external unique id (sent as the `external-unique-id` query parameter). */
  externalUniqueId?: string;
}

/** Per-call settings of `ecoClubOfferings.findByExternalUniqueId`. */
export interface FindByExternalUniqueIdParams {
  /** The app to look in; defaults to the client's `appToken`. Treated as a secret. */
  appToken?: string;
}

/** A checked list call: the app token and the query Dots.eco expects. */
export interface ParsedListParams {
  appToken: string;
  uuid: string | undefined;
  externalUniqueId: string | undefined;
}

const ListSchema = z.strictObject({
  appToken: appTokenString({ error: 'appToken is required: pass it to this call or as the client option' }),
  uuid: z.optional(identifierString()),
  externalUniqueId: z.optional(identifierString().check(z.maxLength(255))),
});

// A lookup must never become an unfiltered list: here the id is required.
const FindSchema = z.extend(z.omit(ListSchema, { uuid: true }), {
  externalUniqueId: identifierString({ error: 'externalUniqueId is required' }).check(z.maxLength(255)),
});

// An empty value the caller gave for these is refused: never replaced by the client's app token,
// and never an unfiltered list instead of the one offering asked for.
const KEEP_EMPTY = ['appToken', 'uuid', 'externalUniqueId'];

function withDefaultAppToken(params: unknown, defaultAppToken: string | undefined): unknown {
  const given = omitEmpty(params, KEEP_EMPTY);
  if (given === null || typeof given !== 'object' || Array.isArray(given)) return given;
  return omitEmpty({ appToken: defaultAppToken, ...given }, KEEP_EMPTY);
}

/**
 * Checks a list call's arguments, before any request.
 *
 * @throws {InputValidationError} naming every problem.
 */
export function parseListParams(params: unknown, defaultAppToken: string | undefined): ParsedListParams {
  const parsed = parseInput(ListSchema, withDefaultAppToken(params, defaultAppToken), 'dots', LIST_OPERATION);
  return { appToken: parsed.appToken, uuid: parsed.uuid, externalUniqueId: parsed.externalUniqueId };
}

/**
 * Checks a `findByExternalUniqueId` call's arguments, before any request.
 *
 * @throws {InputValidationError} naming every problem.
 */
export function parseFindParams(
  externalUniqueId: unknown,
  params: unknown,
  defaultAppToken: string | undefined,
): { appToken: string; externalUniqueId: string } {
  const given = params !== null && typeof params === 'object' ? params : {};
  const input = withDefaultAppToken({ ...given, externalUniqueId }, defaultAppToken);
  return parseInput(FindSchema, input, 'dots', FIND_OPERATION);
}
