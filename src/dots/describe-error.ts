import { readBodyMessage } from '../core/error-body.js';
import type { HttpResponse, ProviderErrorInfo } from '../core/error-mapping.js';
import { jsonBodyOf } from '../core/response-body.js';
import {
  classifyDotsMessage,
  DEFAULT_CONFLICT_PATTERNS,
  type DotsConflictPatterns,
} from './error-messages.js';

/** The profile's `describeError`: reads and classifies a Dots.eco error body. */
export function describeDotsError(
  response: HttpResponse,
  patterns: Required<DotsConflictPatterns> = DEFAULT_CONFLICT_PATTERNS,
): ProviderErrorInfo {
  // `message`, else `error` (a string, or an object with a message), `detail`, `title`: core/error-body.ts.
  const message = readBodyMessage(jsonBodyOf(response));
  return message === undefined ? {} : classifyDotsMessage(message, patterns);
}

/**
 * What a refusal of a taken `external_unique_id` adds to the message: where the offering that holds
 * it can be read, and the call that returns it instead of failing (docs/dots.md, "Exactly once").
 */
export function takenIdHint(externalUniqueId: string): string {
  return `an offering already holds external_unique_id '${externalUniqueId}': read it with ecoClubOfferings.findByExternalUniqueId('${externalUniqueId}'), or create through ecoClubOfferings.createOrGet, which returns the earlier offering instead of this error`;
}
