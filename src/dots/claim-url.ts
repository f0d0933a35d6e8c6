import * as z from 'zod/mini';
import { parseInput } from '../core/input.js';
import { identifierString } from '../core/well-formed.js';
import type { EcoClubOffering } from './offering.js';

const OPERATION = 'dots.prefilledClaimUrl';

const isHttpUrl = (value: string) => {
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'https:' || url.protocol === 'http:');
};

// A claim URL has no control character (the URL parser would drop a tab or line break silently)
// and no lone surrogate (it would become U+FFFD); the code is checked like every other code.
const ClaimUrlArguments = z.object(
  {
    claimUrl: identifierString({ error: 'claimUrl is required' }).check(
      z.refine(isHttpUrl, { error: 'must be an absolute http(s) URL' }),
    ),
    code: z.optional(identifierString()),
  },
  { error: 'expected an offering with a claimUrl' },
);

/**
 * The offering's claim URL with its redeem code filled in (`?ac=<code>`), as the Dots.eco docs
 * describe: the claimer then only enters an email address. Without a code (or with `''`), the plain
 * claim URL.
 *
 * @throws {InputValidationError} when `claimUrl` is not an absolute `http:`/`https:` URL or holds a
 *   control character or a lone UTF-16 surrogate, or `code` is blank or holds one. The error never
 *   quotes either value (the code is a bearer credential for the gift).
 *
 * @example
 * ```ts
 * const offering = await client.ecoClubOfferings.create({ quantity: 1 });
 * prefilledClaimUrl(offering); // https://impact.dots.eco/app/6/eco-club/claim?ac=e-826254
 * ```
 */
export function prefilledClaimUrl(offering: Pick<EcoClubOffering, 'claimUrl' | 'code'>): string {
  const given =
    offering !== null && typeof offering === 'object'
      ? { claimUrl: offering.claimUrl, code: offering.code === '' ? undefined : offering.code }
      : offering;
  const { claimUrl, code } = parseInput(ClaimUrlArguments, given, 'dots', OPERATION);
  if (code === undefined) return claimUrl;
  const url = new URL(claimUrl);
  url.searchParams.set('ac', code);
  return url.href;
}
