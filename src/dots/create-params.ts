import * as z from 'zod/mini';
import type { ParsePayload } from 'zod/v4/core';
import { InputValidationError } from '../core/errors.js';
import { parseInput } from '../core/input.js';
import { omitUndefined } from '../core/omit-undefined.js';
import { identifierString, textString, wellFormedString } from '../core/well-formed.js';
import { addIssue } from '../core/zod.js';
import { describeIssues, type ZodIssue } from '../core/zod-issues.js';
import { appTokenString } from './app-token.js';
import { FIRST_DAY, formatUtcDate, isCalendarDate, LAST_DAY, nextDay } from './calendar-date.js';
import {
  formatHour,
  HOUR_PATTERN,
  isOnQuarterHour,
  type RoundHours,
  roundToQuarterHour,
  SECONDS_PER_DAY,
  secondsOfHour,
} from './hour-of-day.js';
import { omitEmpty } from './omit-empty.js';

export const CREATE_OPERATION = 'dots.ecoClubOfferings.create';
export const CREATE_OR_GET_OPERATION = 'dots.ecoClubOfferings.createOrGet';
export const CREATE_MANY_OPERATION = 'dots.ecoClubOfferings.createMany';

/** Limits from the Dots.eco docs (`provider-docs/dots-eco-create-eco-club-offering.txt`). */
const MAX_INTEGER = 100_000_000_000; // "max_value=10^11"
const MAX_TEXT = 255;
const MAX_LANGCODE = 12;

/**
 * What `ecoClubOfferings.create` takes: every documented `eco-club-offering/add` parameter, in
 * camelCase. Empty values (`undefined`, `null`, `''`, `[]`) count as "not set" and are not sent.
 *
 * @example
 * ```ts
 * await client.ecoClubOfferings.create({
 *   quantity: 10,
 *   title: 'Holiday gift',
 *   expirationDate: '2026-12-31',
 *   expirationHour: '23:45',
 * });
 * ```
 */
export interface CreateEcoClubOfferingParams {
  /** The impact quantity of the offering: an integer from 1 to 10^11. Required. */
  quantity: number;
  /** Ids of the allocations the claimer may choose from (sent comma-separated). */
  limitAllocations?: readonly number[];
  /** Name of the person the certificate is issued for (at most 255 characters). */
  nameOnCertificate?: string;
  /**
   * Day the offering becomes claimable: `YYYY-MM-DD`, or a `Date` (its UTC day is used; set the time
   * with `activationHour`). From 0001-01-01 to 9999-12-31.
   */
  activationDate?: string | Date;
  /**
   * GMT time the offering becomes claimable, `HH:MM` or `HH:MM:SS`, on a 15-minute step
   * (:00, :15, :30, :45). Dots.eco rounds other times silently; reservekit refuses them unless you
   * pass `roundHours`.
   */
  activationHour?: string;
  /**
   * Day the offering expires: `YYYY-MM-DD`, or a `Date` (its UTC day is used), from 0001-01-01 to
   * 9999-12-31. Not before the activation.
   */
  expirationDate?: string | Date;
  /** GMT time the offering expires, on a 15-minute step; see `activationHour`. */
  expirationHour?: string;
  /** Whether Dots.eco emails `mail` on the activation date (sent as `yes`/`no`); unset: the app's setting. */
  sendEmailOnActivationDate?: boolean;
  /** The redeem code (at most 255 characters). Must be unique at Dots.eco (which presumably generates one when unset). */
  code?: string;
  /**
   * Email address of the user the offering is for (not for code-only clubs). Only what is certain is
   * checked — one `@` with something on both sides, no whitespace or control character, at most
   * 254 characters — so internationalised addresses such as `üser@exämple.de` are sent as given.
   */
  mail?: string;
  /** Title of the offering (at most 255 characters). */
  title?: string;
  /** Your id of the user the offering is for, when the app uses remote user ids instead of email. */
  remoteUserId?: string;
  /** How many times the offering can be claimed, 1 to 10^11 (code-only clubs). */
  maxClaimsTotal?: number;
  /** How many times one email address can claim it, 1 to 10^11 (code-only clubs). */
  maxClaimsPerEmail?: number;
  /** Language of the response and the claim URL, e.g. `en` (at most 12 characters). */
  langcode?: string;
  /** Currency of the offering, e.g. `USD` (at most 255 characters). */
  currency?: string;
  /**
   * Your unique id for this offering (at most 255 characters). A random UUID when unset. It is how
   * a create whose outcome was lost is found again; store it before calling if your process may
   * crash mid-call, and look it up with `findByExternalUniqueId`.
   */
  externalUniqueId?: string;
  /** The app's token; defaults to the client's `appToken`. Treated as a secret. */
  appToken?: string;
  /**
   * Moves hours that are off a 15-minute step instead of refusing them: `nearest`, `down` or `up`.
   * Rounding up past 23:45 moves to 00:00 of the next day (which needs the date, and is refused
   * from 9999-12-31).
   */
  roundHours?: RoundHours;
}

/** The `eco-club-offering/add` body, as documented. Unset fields are absent. */
export interface CreateOfferingBody {
  app_token: string;
  quantity: number;
  limit_allocations?: string;
  name_on_certificate?: string;
  activation_date?: string;
  activation_hour?: string;
  expiration_date?: string;
  expiration_hour?: string;
  send_email_on_activation_date?: 'yes' | 'no';
  code?: string;
  mail?: string;
  title?: string;
  remote_user_id?: string;
  max_claims_total?: number;
  max_claims_per_email?: number;
  langcode?: string;
  currency?: string;
  external_unique_id: string;
}

// Free text may span lines; what names something (a code, an id, a language) has no control
// character and is never blank. Neither may hold a lone surrogate.
const text = (max: number) => textString().check(z.maxLength(max));
const name = (max?: number) =>
  max === undefined ? identifierString() : identifierString().check(z.maxLength(max));
// Only what is certain about an address; Dots.eco decides the rest, so internationalised addresses
// (`üser@exämple.de`) reach it. 254: RFC 5321's path limit (256) less the angle brackets.
const MAX_MAIL = 254;
const mail = identifierString().check(
  z.maxLength(MAX_MAIL),
  z.refine((value) => /^[^@\s]+@[^@\s]+$/.test(value), {
    error: 'must be an email address: exactly one @ with something on both sides, and no whitespace',
  }),
);
const count = z.int().check(z.gte(1), z.lte(MAX_INTEGER));
const day = z
  .union([wellFormedString(), z.instanceof(Date)])
  .check(
    z.refine(
      (value) => (typeof value === 'string' ? isCalendarDate(value) : formatUtcDate(value) !== undefined),
      `Expected a real calendar date from ${FIRST_DAY} to ${LAST_DAY} as YYYY-MM-DD, or a valid Date whose UTC day is in that range`,
    ),
  );
const hour = wellFormedString().check(z.regex(HOUR_PATTERN, 'Expected a GMT hour as HH:MM or HH:MM:SS'));

const CreateFields = z.strictObject({
  appToken: appTokenString({ error: 'appToken is required: pass it to this call or as the client option' }),
  quantity: count,
  limitAllocations: z.optional(z.array(z.int().check(z.positive()))),
  nameOnCertificate: z.optional(text(MAX_TEXT)),
  activationDate: z.optional(day),
  activationHour: z.optional(hour),
  expirationDate: z.optional(day),
  expirationHour: z.optional(hour),
  sendEmailOnActivationDate: z.optional(z.boolean()),
  code: z.optional(name(MAX_TEXT)),
  mail: z.optional(mail),
  title: z.optional(text(MAX_TEXT)),
  remoteUserId: z.optional(name()),
  maxClaimsTotal: z.optional(count),
  maxClaimsPerEmail: z.optional(count),
  langcode: z.optional(name(MAX_LANGCODE)),
  currency: z.optional(name(MAX_TEXT)),
  externalUniqueId: z.optional(name(MAX_TEXT)),
  roundHours: z.optional(z.enum(['nearest', 'down', 'up'])),
});

interface Moment {
  date: string | undefined;
  hour: string | undefined;
}

/**
 * Settles one date + hour pair into the strings sent. An off-step hour is refused unless the caller
 * asked for rounding: Dots.eco would round it silently, and we never change a value unasked.
 */
function settleMoment(
  which: 'activation' | 'expiration',
  dateInput: string | Date | undefined,
  hourInput: string | undefined,
  mode: RoundHours | undefined,
  ctx: ParsePayload,
): Moment | undefined {
  const date = dateInput instanceof Date ? formatUtcDate(dateInput) : dateInput;
  if (hourInput === undefined) return { date, hour: undefined };
  const seconds = secondsOfHour(hourInput);
  if (isOnQuarterHour(seconds)) return { date, hour: formatHour(seconds) };
  if (mode === undefined) {
    addIssue(
      ctx,
      "Expected a 15-minute step (:00, :15, :30 or :45, no seconds); Dots.eco would round this hour silently. Pass a step, or roundHours: 'nearest' | 'down' | 'up'",
      [`${which}Hour`],
    );
    return undefined;
  }
  const rounded = roundToQuarterHour(seconds, mode);
  if (rounded < SECONDS_PER_DAY) return { date, hour: formatHour(rounded) };
  if (date === undefined) {
    addIssue(
      ctx,
      `Rounding this hour ${mode === 'up' ? 'up' : 'to the nearest step'} reaches midnight of the next day; pass ${which}Date so the day can move, or roundHours: 'down'`,
      [`${which}Hour`],
    );
    return undefined;
  }
  const next = nextDay(date);
  if (next === undefined) {
    addIssue(
      ctx,
      `Rounding this hour ${mode === 'up' ? 'up' : 'to the nearest step'} moves ${which}Date past ${LAST_DAY}, the last day that can be sent; pass an hour on a 15-minute step, or roundHours: 'down'`,
      [`${which}Hour`],
    );
    return undefined;
  }
  return { date: next, hour: formatHour(0) };
}

/** Settles the moments and builds the body; the second step of {@link CreateSchema}. */
function toBody(input: z.output<typeof CreateFields>, ctx: ParsePayload): CreateOfferingBody {
  const activation = settleMoment(
    'activation',
    input.activationDate,
    input.activationHour,
    input.roundHours,
    ctx,
  );
  const expiration = settleMoment(
    'expiration',
    input.expirationDate,
    input.expirationHour,
    input.roundHours,
    ctx,
  );
  if (!activation || !expiration) return z.NEVER;
  if (activation.date !== undefined && expiration.date !== undefined) {
    // YYYY-MM-DD and HH:MM:SS compare correctly as strings.
    if (expiration.date < activation.date) {
      addIssue(ctx, 'The expiration must not be before the activation', ['expirationDate']);
      return z.NEVER;
    }
    if (
      expiration.date === activation.date &&
      activation.hour !== undefined &&
      expiration.hour !== undefined &&
      expiration.hour < activation.hour
    ) {
      addIssue(ctx, 'The expiration must not be before the activation', ['expirationHour']);
      return z.NEVER;
    }
  }
  const body: CreateOfferingBody = {
    app_token: input.appToken,
    quantity: input.quantity,
    limit_allocations: input.limitAllocations?.join(','),
    name_on_certificate: input.nameOnCertificate,
    activation_date: activation.date,
    activation_hour: activation.hour,
    expiration_date: expiration.date,
    expiration_hour: expiration.hour,
    send_email_on_activation_date:
      input.sendEmailOnActivationDate === undefined
        ? undefined
        : input.sendEmailOnActivationDate
          ? 'yes'
          : 'no',
    code: input.code,
    mail: input.mail,
    title: input.title,
    remote_user_id: input.remoteUserId,
    max_claims_total: input.maxClaimsTotal,
    max_claims_per_email: input.maxClaimsPerEmail,
    langcode: input.langcode,
    currency: input.currency,
    // Always present: it is what makes a lost answer recoverable (see docs/dots.md, "Exactly once").
    external_unique_id: input.externalUniqueId ?? crypto.randomUUID(),
  };
  return omitUndefined(body);
}

const CreateSchema = z.pipe(CreateFields, z.transform(toBody));

// createOrGet finds an earlier call by the id, so the id must be the caller's, not a random one.
const CreateOrGetFields = z.extend(CreateFields, {
  externalUniqueId: identifierString({
    error: 'externalUniqueId is required: createOrGet finds an earlier create by it',
  }).check(z.maxLength(MAX_TEXT)),
});
const CreateOrGetSchema = z.pipe(
  CreateOrGetFields,
  z.transform((input: z.output<typeof CreateOrGetFields>, ctx: ParsePayload) => toBody(input, ctx)),
);

/**
 * Checks a create call's arguments against the documented limits and builds the body it sends, once
 * per call: every retry and resend of the call sends these same bytes.
 *
 * @throws {InputValidationError} naming every problem, before any request.
 */
export function parseCreateParams(params: unknown, defaultAppToken: string | undefined): CreateOfferingBody {
  return parseInput(CreateSchema, withDefaultAppToken(params, defaultAppToken), 'dots', CREATE_OPERATION);
}

/**
 * {@link parseCreateParams} for `createOrGet`, which also requires `externalUniqueId`.
 *
 * @throws {InputValidationError} naming every problem, before any request.
 */
export function parseCreateOrGetParams(
  params: unknown,
  defaultAppToken: string | undefined,
): CreateOfferingBody {
  return parseInput(
    CreateOrGetSchema,
    withDefaultAppToken(params, defaultAppToken),
    'dots',
    CREATE_OR_GET_OPERATION,
  );
}

// Every item as createOrGet takes it; the array itself is checked first.
const CreateManySchema = z.array(CreateOrGetSchema, {
  error: 'createMany takes an array of offerings, each with its own externalUniqueId',
});

/**
 * Checks every item of a `createMany` batch as {@link parseCreateOrGetParams} would (so each needs
 * its own `externalUniqueId`), and that no two items share an id: a batch whose ids repeat could
 * not tell on a re-run which offering is which item's. Builds each item's body once.
 *
 * @throws {InputValidationError} naming every problem by item index (`[3, 'quantity']`), before any
 *   request. Never the values: ids are the caller's, codes and tokens secrets.
 */
export function parseCreateManyItems(
  items: unknown,
  defaultAppToken: string | undefined,
): CreateOfferingBody[] {
  const input = Array.isArray(items)
    ? items.map((item) => withDefaultAppToken(item, defaultAppToken))
    : items;
  const bodies = parseInput(CreateManySchema, input, 'dots', CREATE_MANY_OPERATION);
  const firstIndex = new Map<string, number>();
  const issues: ZodIssue[] = [];
  bodies.forEach((body, index) => {
    const first = firstIndex.get(body.external_unique_id);
    if (first === undefined) firstIndex.set(body.external_unique_id, index);
    else
      issues.push({
        path: [index, 'externalUniqueId'],
        code: 'custom',
        message: `repeats the externalUniqueId of item ${first}: every item of a batch needs its own id`,
      });
  });
  if (issues.length > 0)
    throw new InputValidationError({
      provider: 'dots',
      operation: CREATE_MANY_OPERATION,
      message: `${CREATE_MANY_OPERATION}: invalid arguments: ${describeIssues(issues)}`,
      issues,
    });
  return bodies;
}

// An empty value the caller gave for these is refused, never replaced by a default (the client's
// app token, a random id that would defeat the caller's own key).
const KEEP_EMPTY = ['appToken', 'externalUniqueId'];

function withDefaultAppToken(params: unknown, defaultAppToken: string | undefined): unknown {
  const given = omitEmpty(params, KEEP_EMPTY);
  const input =
    given !== null && typeof given === 'object' && !Array.isArray(given)
      ? { appToken: defaultAppToken, ...given }
      : given;
  return omitEmpty(input, KEEP_EMPTY);
}
