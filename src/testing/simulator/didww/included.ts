import {
  availableDidResource,
  didGroupResource,
  nanpaPrefixResource,
  type ResourceObject,
  stockKeepingUnitResource,
} from './documents.js';
import type { AvailableDid, DidwwInventory, Reservation } from './inventory.js';

/** The first-level relationships an include list links (`did_group.stock_keeping_units` links `did_group`). */
export function linkedOf(include: readonly string[]): Set<string> {
  return new Set(include.map((path) => path.split('.')[0] ?? path));
}

/**
 * The `included` resources for numbers: the numbers themselves (`withDids`), then each DID group
 * and NANPA prefix once, as the include list asks.
 */
export function includedForDids(
  base: string,
  dids: readonly AvailableDid[],
  include: readonly string[],
  withDids: boolean,
): ResourceObject[] {
  const linked = linkedOf(include);
  const withSkus = include.includes('did_group.stock_keeping_units');
  const out: ResourceObject[] = withDids ? dids.map((did) => availableDidResource(base, did, linked)) : [];
  if (linked.has('did_group')) {
    const seen = new Set<string>();
    for (const did of dids) {
      if (seen.has(did.didGroupId)) continue;
      seen.add(did.didGroupId);
      out.push(didGroupResource(did, withSkus));
      if (withSkus) out.push(stockKeepingUnitResource(did));
    }
  }
  if (linked.has('nanpa_prefix')) {
    const seen = new Set<string>();
    for (const did of dids) {
      if (!did.nanpaPrefixId || seen.has(did.nanpaPrefixId)) continue;
      seen.add(did.nanpaPrefixId);
      out.push(nanpaPrefixResource({ ...did, nanpaPrefixId: did.nanpaPrefixId }));
    }
  }
  return out;
}

/** The `included` resources for reservations (`available_did`, `available_did.did_group`, …). */
export function includedForReservations(
  base: string,
  inventory: DidwwInventory,
  reservations: readonly Reservation[],
  include: readonly string[],
): ResourceObject[] {
  if (include.length === 0) return [];
  const nested = include
    .filter((path) => path.startsWith('available_did.'))
    .map((path) => path.slice('available_did.'.length));
  const dids = [...new Set(reservations.map((reservation) => reservation.availableDidId))]
    .map((id) => inventory.did(id))
    .filter((did): did is AvailableDid => did !== undefined);
  return includedForDids(base, dids, nested, true);
}
