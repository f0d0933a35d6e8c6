import { ConflictError } from '../core/errors.js';
import type { CreateOfferingBody } from './create-params.js';
import type { EcoClubOffering } from './offering.js';

/**
 * What a lookup by external id found, judged against what the call sent:
 * - `ours`: this offering is provably the call's (the provider acted; nothing must be sent again).
 * - `conflict`: an offering holds the id with other parameters; `fields` names the ones that
 *   differ (names only: values such as the redeem code are secrets).
 * - `none`: nothing is provably the call's (nothing found, or nothing that can be told apart).
 *   `lone` is the answer's single item when it carries no id and is not provably the call's:
 *   after Dots.eco refused the id as taken, that item is the offering holding it.
 */
export type LookupVerdict =
  | { kind: 'ours'; offering: EcoClubOffering }
  | { kind: 'conflict'; offering: EcoClubOffering; fields: string[] }
  | { kind: 'none'; lone?: { offering: EcoClubOffering; fields: string[] } };

/** What the call sent: a create's body, or only the id (a plain lookup). */
export type SentOffering = Partial<CreateOfferingBody> & { external_unique_id: string };

type Kind = 'text' | 'number' | 'hour' | 'yesNo' | 'allocations';

interface Field {
  /** The public (camelCase) name: what a conflict reports. */
  name: keyof EcoClubOffering;
  /** The body field. */
  wire: keyof CreateOfferingBody;
  kind: Kind;
  /** Whether the list docs name it (PROVIDERS.md §3.3), so that a list item can prove it. */
  listed: boolean;
}

// In the order of the documented add answer (provider-docs/dots-eco-create-eco-club-offering.txt).
const FIELDS: readonly Field[] = [
  { name: 'quantity', wire: 'quantity', kind: 'number', listed: true },
  { name: 'limitAllocations', wire: 'limit_allocations', kind: 'allocations', listed: true },
  { name: 'nameOnCertificate', wire: 'name_on_certificate', kind: 'text', listed: true },
  { name: 'activationDate', wire: 'activation_date', kind: 'text', listed: true },
  { name: 'activationHour', wire: 'activation_hour', kind: 'hour', listed: true },
  { name: 'expirationDate', wire: 'expiration_date', kind: 'text', listed: true },
  { name: 'expirationHour', wire: 'expiration_hour', kind: 'hour', listed: true },
  { name: 'code', wire: 'code', kind: 'text', listed: true },
  { name: 'mail', wire: 'mail', kind: 'text', listed: true },
  { name: 'title', wire: 'title', kind: 'text', listed: true },
  { name: 'maxClaimsTotal', wire: 'max_claims_total', kind: 'number', listed: true },
  { name: 'maxClaimsPerEmail', wire: 'max_claims_per_email', kind: 'number', listed: true },
  {
    name: 'sendEmailOnActivationDate',
    wire: 'send_email_on_activation_date',
    kind: 'yesNo',
    listed: true,
  },
  // Sent, and in the add answer, but not among the list's documented fields.
  { name: 'remoteUserId', wire: 'remote_user_id', kind: 'text', listed: false },
  { name: 'langcode', wire: 'langcode', kind: 'text', listed: false },
  { name: 'currency', wire: 'currency', kind: 'text', listed: false },
];

const HOUR = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const YES = new Set(['yes', '1', 'true']);
const NO = new Set(['no', '0', 'false']);

/**
 * One comparable string per value, whichever wire form it came in; `undefined` for unset. Dots.eco
 * sends numbers as strings (`"quantity": "6"`), `null` or `''` for unset fields, `yes`/`no` for
 * booleans, allocations comma-joined, hours as `HH:MM:SS`.
 */
function normalise(value: unknown, kind: Kind): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  switch (kind) {
    case 'number': {
      const number = typeof value === 'number' ? value : Number(String(value).trim());
      return Number.isFinite(number) ? String(number) : String(value);
    }
    case 'yesNo': {
      const text = String(value).trim().toLowerCase();
      if (value === true || YES.has(text)) return 'yes';
      if (value === false || NO.has(text)) return 'no';
      return text;
    }
    case 'allocations': {
      // The order of allocation ids carries no meaning: compared as a set.
      const ids = (Array.isArray(value) ? value : String(value).split(','))
        .map((id) => String(id).trim())
        .filter((id) => id !== '')
        .map((id) => (Number.isFinite(Number(id)) ? String(Number(id)) : id));
      if (ids.length === 0) return undefined;
      return [...new Set(ids)].sort().join(',');
    }
    case 'hour': {
      const text = String(value).trim();
      const match = HOUR.exec(text);
      if (!match) return text;
      const pad = (part: string | undefined) => (part ?? '0').padStart(2, '0');
      return `${pad(match[1])}:${pad(match[2])}:${pad(match[3])}`;
    }
    default:
      return String(value);
  }
}

/** The fields whose values differ; only fields set on both sides (and `listed` ones if asked). */
function differingFields(item: EcoClubOffering, sent: SentOffering): string[] {
  const differing: string[] = [];
  for (const field of FIELDS) {
    const mine = normalise(sent[field.wire], field.kind);
    const theirs = normalise(item[field.name], field.kind);
    if (mine !== undefined && theirs !== undefined && mine !== theirs) differing.push(field.name);
  }
  return differing;
}

/**
 * Whether an item that does not carry `external_unique_id` shows every field the call sent that
 * the list documents, with the same value. Fields the list never documents cannot be compared and
 * count neither way.
 */
export function provesEveryListedField(item: EcoClubOffering, sent: SentOffering): boolean {
  return FIELDS.every((field) => {
    if (!field.listed) return true;
    const mine = normalise(sent[field.wire], field.kind);
    return mine === undefined || mine === normalise(item[field.name], field.kind);
  });
}

/**
 * Decides whether a `list?external-unique-id=…` answer holds the offering a call sent, without
 * trusting the server to have applied the filter:
 *
 * 1. Items carrying the id sent decide alone: one whose every field set on both sides equals
 *    what was sent is `ours`; if none does, `conflict`, naming the differing fields.
 * 2. Items carrying another id are never the call's.
 * 3. Items carrying no id (the documented list items do not) prove nothing by their id: one is
 *    `ours` only if every field the call sent that the list documents is on it and equal, and it
 *    is the only item that qualifies (two would be ambiguous: `none`).
 *
 * Values are compared after normalising Dots.eco's wire forms (see `normalise`).
 */
export function judgeLookup(items: readonly EcoClubOffering[], sent: SentOffering): LookupVerdict {
  const id = sent.external_unique_id;
  const carryingId = items.filter((item) => item.externalUniqueId === id);
  if (carryingId.length > 0) {
    const ours = carryingId.find((item) => differingFields(item, sent).length === 0);
    if (ours) return { kind: 'ours', offering: ours };
    const [taken] = carryingId as [EcoClubOffering];
    return { kind: 'conflict', offering: taken, fields: differingFields(taken, sent) };
  }
  const candidates = items.filter(
    (item) => item.externalUniqueId === undefined && provesEveryListedField(item, sent),
  );
  const [only, ...others] = candidates;
  if (only && others.length === 0) return { kind: 'ours', offering: only };
  const [lone, ...more] = items;
  if (lone && more.length === 0 && lone.externalUniqueId === undefined && candidates.length === 0)
    return { kind: 'none', lone: { offering: lone, fields: unprovenFields(lone, sent) } };
  return { kind: 'none' };
}

/** The listed fields sent that an item does not show with the same value. */
function unprovenFields(item: EcoClubOffering, sent: SentOffering): string[] {
  return FIELDS.filter((field) => {
    const mine = normalise(sent[field.wire], field.kind);
    return field.listed && mine !== undefined && mine !== normalise(item[field.name], field.kind);
  }).map((field) => field.name);
}

// Marks the conflicts built here, so that one can be told apart from the provider's own refusal and
// found again under the transport's "looking it up failed" wrapper. An own property rather than a
// WeakSet: a redacted copy of the error (its id held a short secret) keeps it.
const JUDGED = Symbol('reservekit.dots.judgedConflict');

/**
 * The error for a `conflict` verdict: a {@link ConflictError} with `providerCode`
 * `external_unique_id_taken`, as Dots.eco's own refusal of a duplicate id would be. Its message
 * names the id and the differing fields, never their values (a redeem code is a secret).
 */
export function lookupConflictError(
  verdict: Extract<LookupVerdict, { kind: 'conflict' }>,
  externalUniqueId: string,
  operation: string,
): ConflictError {
  const fields = verdict.fields.length ? verdict.fields.join(', ') : 'parameters';
  const error = new ConflictError({
    message: `${operation} failed: external_unique_id '${externalUniqueId}' is already taken by an offering whose ${fields} differ from this call's [external_unique_id_taken] — read it with ecoClubOfferings.findByExternalUniqueId('${externalUniqueId}'), or use another externalUniqueId for another offering`,
    provider: 'dots',
    operation,
    status: 422,
    providerCode: 'external_unique_id_taken',
    details: { externalUniqueId, differingFields: [...verdict.fields] },
    outcome: 'rejected',
  });
  Object.defineProperty(error, JUDGED, { value: true, enumerable: false });
  return error;
}

/**
 * A lookup's verdict as a reconcile step needs it: the offering when it is the call's,
 * `undefined` when nothing is (send again), and a thrown {@link lookupConflictError} when the id
 * is taken by an offering with other parameters (sending again could only be refused) — which,
 * after Dots.eco refused the id as a duplicate, a lone unproven item under the id shows too.
 */
export function settleLookup(
  verdict: LookupVerdict,
  externalUniqueId: string,
  operation: string,
  afterDuplicateRefusal = false,
): EcoClubOffering | undefined {
  if (verdict.kind === 'conflict') throw lookupConflictError(verdict, externalUniqueId, operation);
  // Dots.eco said the id is taken, and the one offering listed under it is not this call's.
  if (afterDuplicateRefusal && verdict.kind === 'none' && verdict.lone)
    throw lookupConflictError({ kind: 'conflict', ...verdict.lone }, externalUniqueId, operation);
  return verdict.kind === 'ours' ? verdict.offering : undefined;
}

/** Whether `error` is a conflict a lookup of ours proved (not Dots.eco refusing a create). */
export function isJudgedConflict(error: unknown): boolean {
  return error instanceof ConflictError && (error as { [JUDGED]?: unknown })[JUDGED] === true;
}
