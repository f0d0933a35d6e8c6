import type { ErrorKind, ProviderErrorInfo } from '../core/error-mapping.js';

/**
 * Stable codes reservekit gives Dots.eco's error messages (`error.providerCode`). Dots.eco sends
 * only a sentence (`{ "message": "…" }`); these codes let you switch without matching its text.
 */
export type DotsErrorCode =
  | 'invalid_app_token'
  | 'app_not_eco_club'
  | 'email_not_allowed'
  | 'max_length_exceeded'
  | 'max_value_exceeded'
  | 'required_fields_empty'
  | 'entity_creation_problem'
  | 'access_denied'
  | 'credentials_missing'
  | 'company_not_activated'
  | 'code_taken'
  | 'external_unique_id_taken'
  | 'duplicate_value';

/**
 * How a "this value is already used" message is recognised. Dots.eco's wording for a duplicate
 * `code` or `external_unique_id` is not documented, so the defaults match plausible wordings; set
 * your own if you see another. A pattern is tested against the provider's message.
 */
export interface DotsConflictPatterns {
  /** A duplicate redeem code. Default: a uniqueness wording that mentions "code". */
  code?: RegExp;
  /** A duplicate external id. Default: a uniqueness wording that mentions the external (unique) id. */
  externalUniqueId?: RegExp;
}

interface KnownMessage {
  pattern: RegExp;
  kind: ErrorKind;
  code: DotsErrorCode;
  details?: (match: RegExpExecArray) => Record<string, unknown>;
}

// The documented messages (provider-docs/dots-eco-create-eco-club-offering.txt and PROVIDERS.md §3.4).
// Matched from the start, case-insensitively, so a changed final full stop does not matter.
const KNOWN_MESSAGES: readonly KnownMessage[] = [
  { pattern: /^the app_token is invalid/i, kind: 'authentication', code: 'invalid_app_token' },
  { pattern: /^provided app is not of type eco club/i, kind: 'validation', code: 'app_not_eco_club' },
  { pattern: /^we cannot use email for this app/i, kind: 'validation', code: 'email_not_allowed' },
  {
    pattern: /^the maximum length of (.+?) is (\d+) characters/i,
    kind: 'validation',
    code: 'max_length_exceeded',
    details: (match) => ({ field: match[1], maxLength: Number(match[2]) }),
  },
  {
    pattern: /^the maximum value of (.+?) is (.+?)\.?$/i,
    kind: 'validation',
    code: 'max_value_exceeded',
    details: (match) => ({ field: match[1], maxValue: match[2] }),
  },
  { pattern: /^required fields cannot be empty/i, kind: 'validation', code: 'required_fields_empty' },
  { pattern: /^entity creation problem/i, kind: 'validation', code: 'entity_creation_problem' },
  { pattern: /^access denied/i, kind: 'authentication', code: 'access_denied' },
  {
    pattern: /^please provide valid app_token value and auth-token header/i,
    kind: 'authentication',
    code: 'credentials_missing',
  },
  {
    pattern: /not yet activated for production requests/i,
    kind: 'authentication',
    code: 'company_not_activated',
  },
];

const UNIQUENESS =
  /already (?:exists?|been (?:taken|used)|taken|used|in use|registered)|(?:must|has to|should) be unique|not unique|duplicate/i;
const MENTIONS_EXTERNAL_ID = /external[\s_-]*(?:unique[\s_-]*)?id/i;
const MENTIONS_CODE = /\bcode\b/i;

/** The default duplicate-value matching, documented in docs/dots.md. */
export const DEFAULT_CONFLICT_PATTERNS: Readonly<Required<DotsConflictPatterns>> = Object.freeze({
  externalUniqueId: new RegExp(
    `^(?=.*(?:${MENTIONS_EXTERNAL_ID.source}))(?=.*(?:${UNIQUENESS.source}))`,
    'is',
  ),
  code: new RegExp(`^(?=.*(?:${MENTIONS_CODE.source}))(?=.*(?:${UNIQUENESS.source}))`, 'is'),
});

/**
 * Maps a Dots.eco message to an error class and a stable code. Documented messages first, then
 * duplicate values (external id before code: an external-id clash is the one exactly-once handles).
 * Anything else keeps only the provider's text; the status then picks the class.
 */
export function classifyDotsMessage(
  message: string,
  patterns: Required<DotsConflictPatterns> = DEFAULT_CONFLICT_PATTERNS,
): ProviderErrorInfo {
  for (const known of KNOWN_MESSAGES) {
    const match = known.pattern.exec(message);
    if (match) {
      const info: ProviderErrorInfo = { kind: known.kind, providerCode: known.code, message };
      if (known.details) info.details = known.details(match);
      return info;
    }
  }
  // search(), unlike test(), ignores a caller's `g` flag and its lastIndex.
  if (message.search(patterns.externalUniqueId) >= 0)
    return { kind: 'conflict', providerCode: 'external_unique_id_taken', message };
  if (message.search(patterns.code) >= 0) return { kind: 'conflict', providerCode: 'code_taken', message };
  if (UNIQUENESS.test(message)) return { kind: 'conflict', providerCode: 'duplicate_value', message };
  return { message };
}
