import type { EcoClubOffering } from './offering.js';

/**
 * The offering a `list?external-unique-id=…` answer names, or `undefined`.
 *
 * An item that carries `externalUniqueId` must equal the id asked for: a server that ignored the
 * filter must not make us return someone else's offering. The list docs do not promise the field
 * (it is in the `add` answer, not in the list's field list), so an item without it is trusted only
 * when it is the answer's single item, which is what a filtered answer looks like.
 */
export function pickByExternalUniqueId(
  offerings: readonly EcoClubOffering[],
  externalUniqueId: string,
): EcoClubOffering | undefined {
  const exact = offerings.find((offering) => offering.externalUniqueId === externalUniqueId);
  if (exact) return exact;
  const [only, ...rest] = offerings;
  if (only && rest.length === 0 && only.externalUniqueId === undefined) return only;
  return undefined;
}
