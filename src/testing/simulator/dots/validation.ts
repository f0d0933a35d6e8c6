import { OFFERING_FIELDS } from './fields.js';

/** The documented 422 messages of `POST /eco-club-offering/add`. */
export const DOTS_MESSAGES = {
  entity: 'Entity creation problem.',
  invalidAppToken: 'The app_token is invalid.',
  notEcoClub: 'Provided app is not of type Eco Club.',
  noEmail: 'We cannot use email for this app.',
  required: 'Required fields cannot be empty.',
  maxLength: (field: string, max: number) => `The maximum length of ${field} is ${max} characters.`,
  maxValue: (field: string, max: number) => `The maximum value of ${field} is ${max}.`,
  // The docs say these must be unique but do not give the message: the simulator's own wording.
  duplicateCode: 'The code has to be unique: an eco club offering with this code already exists.',
  duplicateExternalId:
    'The external_unique_id must be unique: an eco club offering with this external_unique_id already exists.',
  missingToken: 'Please provide valid app_token value and auth-token header.',
  accessDenied: 'Access denied. You are not a manager of specified application.',
} as const;

// Documented limits: max_length=255 (langcode 12), max_value=10^11.
const MAX_LENGTH: Record<string, number> = {
  name_on_certificate: 255,
  code: 255,
  title: 255,
  langcode: 12,
  currency: 255,
  external_unique_id: 255,
};
const MAX_VALUE = 10 ** 11;
const INTEGER_FIELDS = ['quantity', 'max_claims_total', 'max_claims_per_email'] as const;
const HOUR_FIELDS = ['activation_hour', 'expiration_hour'] as const;

/** A checked add body: the fields to store, or the 422 message. */
export type CheckedOffering =
  | { ok: true; appToken: string; fields: Record<string, unknown> }
  | { ok: false; message: string };

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Rounds `HH:MM[:SS]` to the nearest 15 minutes, as the docs say the API does. */
function roundHour(value: string): string {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return value;
  const minutes = Number(match[1]) * 60 + Number(match[2]) + Number(match[3] ?? 0) / 60;
  const rounded = (Math.round(minutes / 15) * 15) % (24 * 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(rounded / 60))}:${pad(rounded % 60)}:00`;
}

/**
 * Checks an add body the way the documented 422 messages describe, in this order: required
 * fields, lengths, values, types. App checks (token, type, mail) and uniqueness come after, in the backend.
 */
export function checkOffering(body: unknown): CheckedOffering {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: DOTS_MESSAGES.entity };
  const input = body as Record<string, unknown>;
  if (isEmpty(input.app_token) || isEmpty(input.quantity))
    return { ok: false, message: DOTS_MESSAGES.required };
  if (typeof input.app_token !== 'string') return { ok: false, message: DOTS_MESSAGES.invalidAppToken };
  for (const [field, max] of Object.entries(MAX_LENGTH)) {
    const value = input[field];
    if (typeof value === 'string' && value.length > max)
      return { ok: false, message: DOTS_MESSAGES.maxLength(field, max) };
  }
  const fields: Record<string, unknown> = {};
  for (const field of OFFERING_FIELDS) {
    if (!isEmpty(input[field])) fields[field] = input[field];
  }
  for (const field of INTEGER_FIELDS) {
    if (fields[field] === undefined) continue;
    const value = toInteger(fields[field]);
    if (value !== undefined && value > MAX_VALUE)
      return { ok: false, message: DOTS_MESSAGES.maxValue(field, MAX_VALUE) };
    if (value === undefined || (field === 'quantity' && value < 1))
      return { ok: false, message: DOTS_MESSAGES.entity };
    fields[field] = value;
  }
  for (const field of HOUR_FIELDS) {
    if (typeof fields[field] === 'string') fields[field] = roundHour(fields[field] as string);
  }
  for (const [field, value] of Object.entries(fields)) {
    if (!INTEGER_FIELDS.includes(field as (typeof INTEGER_FIELDS)[number]) && typeof value !== 'string')
      return { ok: false, message: DOTS_MESSAGES.entity };
  }
  return { ok: true, appToken: input.app_token, fields };
}
