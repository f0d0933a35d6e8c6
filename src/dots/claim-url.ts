import type { EcoClubOffering } from './offering.js';

/**
 * The offering's claim URL with its redeem code filled in (`?ac=<code>`), as the Dots.eco docs
 * describe: the claimer then only enters an email address. Without a code, the plain claim URL.
 *
 * @example
 * ```ts
 * const offering = await client.ecoClubOfferings.create({ quantity: 1 });
 * prefilledClaimUrl(offering); // https://impact.dots.eco/app/6/eco-club/claim?ac=e-826254
 * ```
 */
export function prefilledClaimUrl(offering: Pick<EcoClubOffering, 'claimUrl' | 'code'>): string {
  if (offering.code === undefined) return offering.claimUrl;
  const url = new URL(offering.claimUrl);
  url.searchParams.set('ac', offering.code);
  return url.href;
}
