// Dots.eco's documented offering fields, as on the wire. The add response and a list item give the
// fields they share in the same order, but for `title`; each also has fields of its own.

/** From `quantity` to `mail`: in both, in this order. */
const OFFER_FIELDS = [
  'quantity',
  'limit_allocations',
  'name_on_certificate',
  'activation_date',
  'activation_hour',
  'expiration_date',
  'expiration_hour',
  'code',
  'mail',
] as const;

/** The claim limits and the activation email: in both, in this order. */
const CLAIM_FIELDS = ['max_claims_total', 'max_claims_per_email', 'send_email_on_activation_date'] as const;

/** The documented body fields of an add, in the order of the documented response. */
export const OFFERING_FIELDS = [
  ...OFFER_FIELDS,
  'title',
  ...CLAIM_FIELDS,
  'remote_user_id',
  'langcode',
  'currency',
  'external_unique_id',
] as const;

/** The fields of a list item (docs: ecoClubOfferingList), in its order; unset ones are null. */
export const LIST_FIELDS = [
  'uuid',
  'title',
  ...OFFER_FIELDS,
  ...CLAIM_FIELDS,
  'claim_url',
  'no_of_claims',
] as const;
