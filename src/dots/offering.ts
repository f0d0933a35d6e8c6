import * as z from 'zod/mini';
import type { HttpResponse } from '../core/error-mapping.js';
import { omitUndefined } from '../core/omit-undefined.js';
import { jsonBodyOf } from '../core/response-body.js';
import { parseValue } from '../core/zod.js';

/**
 * An eco-club offering as Dots.eco returns it from `add` and `list`, in camelCase. Numbers Dots.eco
 * sends as strings (the list example has `"quantity": "6"`) are numbers here; `null` and `''` in
 * optional fields read as absent.
 */
export interface EcoClubOffering {
  /** Dots.eco's id of the offering. */
  uuid: string;
  /** The impact quantity. */
  quantity: number;
  /** The claim form's URL; see {@link prefilledClaimUrl} to fill the code in. */
  claimUrl: string;
  /** The redeem code. */
  code?: string;
  /** Your unique id of the offering (`external_unique_id`). */
  externalUniqueId?: string;
  /** Allocation ids the claimer may choose from. */
  limitAllocations?: number[];
  /** Name of the person the certificate is issued for. */
  nameOnCertificate?: string;
  /** `YYYY-MM-DD`, as Dots.eco sent it. */
  activationDate?: string;
  /** GMT, as Dots.eco sent it (e.g. `01:00:00`). */
  activationHour?: string;
  /** `YYYY-MM-DD`, as Dots.eco sent it. */
  expirationDate?: string;
  /** GMT, as Dots.eco sent it. */
  expirationHour?: string;
  /** Email address of the user the offering is for. */
  mail?: string;
  /** Title of the offering. */
  title?: string;
  /** Your id of the user the offering is for (`remote_user_id`). */
  remoteUserId?: string;
  /** How many times the offering can be claimed. */
  maxClaimsTotal?: number;
  /** How many times one email address can claim it. */
  maxClaimsPerEmail?: number;
  /** Whether the activation email is sent on the activation date (`yes`/`no` on the wire). */
  sendEmailOnActivationDate?: boolean;
  /** How many times it was claimed (list only). */
  noOfClaims?: number;
  /** Language of the answer and the claim URL, e.g. `en`. */
  langcode?: string;
  /** Currency of the offering, e.g. `USD`. */
  currency?: string;
}

// Absent, null and '' all mean "not set" in Dots.eco answers.
const unset = (value: unknown) => (value === null || value === '' ? undefined : value);

const numeric = z.union([
  z.number(),
  z.pipe(z.string().check(z.trim(), z.regex(/^-?\d+(\.\d+)?$/, 'Expected a number')), z.transform(Number)),
]);
// `z.pipe(z.transform(unset), schema)` is what classic zod's `z.preprocess(unset, schema)` builds.
const optionalNumber = z.pipe(z.transform(unset), z.optional(numeric));
const optionalText = z.pipe(z.transform(unset), z.optional(z.string()));

const allocationIds = z.pipe(
  z.transform(unset),
  z.optional(
    z.pipe(
      z.union([
        z.array(z.union([z.number(), z.string()])),
        z.pipe(
          z.string(),
          z.transform((value: string) => value.split(',').filter((id) => id.trim() !== '')),
        ),
      ]),
      z.array(z.pipe(numeric, z.int())),
    ),
  ),
);

const yesNoWire = z.union([z.boolean(), z.enum(['yes', 'no', '1', '0', 'true', 'false'])]);
const yesNo = z.pipe(
  z.transform(unset),
  z.optional(
    z.pipe(
      yesNoWire,
      z.transform(
        (value: z.output<typeof yesNoWire>) =>
          value === true || value === 'yes' || value === '1' || value === 'true',
      ),
    ),
  ),
);

const OfferingWire = z.object({
  uuid: z.string().check(z.minLength(1)),
  quantity: numeric,
  claim_url: z.url(),
  code: optionalText,
  external_unique_id: optionalText,
  limit_allocations: allocationIds,
  name_on_certificate: optionalText,
  activation_date: optionalText,
  activation_hour: optionalText,
  expiration_date: optionalText,
  expiration_hour: optionalText,
  mail: optionalText,
  title: optionalText,
  remote_user_id: optionalText,
  max_claims_total: optionalNumber,
  max_claims_per_email: optionalNumber,
  send_email_on_activation_date: yesNo,
  no_of_claims: optionalNumber,
  langcode: optionalText,
  currency: optionalText,
});

function toOffering(wire: z.output<typeof OfferingWire>): EcoClubOffering {
  const offering: EcoClubOffering = {
    uuid: wire.uuid,
    quantity: wire.quantity,
    claimUrl: wire.claim_url,
    code: wire.code,
    externalUniqueId: wire.external_unique_id,
    limitAllocations: wire.limit_allocations,
    nameOnCertificate: wire.name_on_certificate,
    activationDate: wire.activation_date,
    activationHour: wire.activation_hour,
    expirationDate: wire.expiration_date,
    expirationHour: wire.expiration_hour,
    mail: wire.mail,
    title: wire.title,
    remoteUserId: wire.remote_user_id,
    maxClaimsTotal: wire.max_claims_total,
    maxClaimsPerEmail: wire.max_claims_per_email,
    sendEmailOnActivationDate: wire.send_email_on_activation_date,
    noOfClaims: wire.no_of_claims,
    langcode: wire.langcode,
    currency: wire.currency,
  };
  // Only the fields Dots.eco set, so the object prints and compares cleanly.
  return omitUndefined(offering);
}

/** The wire offering, validated and turned into {@link EcoClubOffering}. Unknown fields are ignored. */
export const OfferingSchema = z.pipe(OfferingWire, z.transform(toOffering));

// The list is documented as an array; the staging docs show a single object for a lookup by uuid.
const OfferingListSchema = z.union([
  z.array(OfferingSchema),
  z.pipe(
    OfferingSchema,
    z.transform((one: EcoClubOffering) => [one]),
  ),
]);

/** Decodes the `add` answer. A mismatch throws a ZodError, which the transport reports. */
export function decodeOffering(response: HttpResponse): EcoClubOffering {
  return parseValue(OfferingSchema, jsonBodyOf(response));
}

/** Decodes the `list` answer; an empty body is an empty list. */
export function decodeOfferingList(response: HttpResponse): EcoClubOffering[] {
  if (response.body.kind === 'empty') return [];
  return parseValue(OfferingListSchema, jsonBodyOf(response));
}
