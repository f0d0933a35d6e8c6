import * as z from 'zod/mini';
import { parseValue } from '../core/zod.js';
import { lenient } from './json-api/lenient.js';
import { type ResolvedResource, wasIncluded } from './json-api/resolve.js';

/** A price line of a DID group (`stock_keeping_units`), when included. Prices are decimal strings. */
export interface StockKeepingUnit {
  /** DIDWW's id of the price line. */
  id: string;
  /** One-off price, a decimal string (`setup_price`). */
  setupPrice?: string | undefined;
  /** Monthly price, a decimal string (`monthly_price`). */
  monthlyPrice?: string | undefined;
  /** Voice channels the price includes (`channels_included_count`). */
  channelsIncludedCount?: number | undefined;
  /** Attributes DIDWW adds later pass through, camelCased. */
  [key: string]: unknown;
}

/** The DID group (area, prefix, features) a number belongs to, when included. */
export interface DidGroup {
  /** DIDWW's id of the DID group. */
  id: string;
  /** The DID group's prefix, as DIDWW sends it (`prefix`). */
  prefix?: string | undefined;
  /** The DID group's local prefix, as DIDWW sends it (`local_prefix`). */
  localPrefix?: string | undefined;
  /** The area's name, e.g. `London` (`area_name`). */
  areaName?: string | undefined;
  /** e.g. `['voice', 'sms']`. */
  features?: string[] | undefined;
  /** Whether its numbers are metered, i.e. billed by usage (`is_metered`). */
  isMetered?: boolean | undefined;
  /** Whether channels can be added beyond those included (`allow_additional_channels`). */
  allowAdditionalChannels?: boolean | undefined;
  /** When `didGroup.stockKeepingUnits` was included. */
  stockKeepingUnits?: StockKeepingUnit[] | undefined;
  /** DIDWW's resource meta, camelCased (`needsRegistration`, `isAvailable`, `availableDidsEnabled`, …). */
  meta?: Record<string, unknown> | undefined;
  [key: string]: unknown;
}

/** The NANPA prefix (North American area code and exchange) of a number, when included. */
export interface NanpaPrefix {
  /** DIDWW's id of the NANPA prefix. */
  id: string;
  /** The area code, e.g. `616`. */
  npa?: string | undefined;
  /** The exchange (central office code), e.g. `988`. */
  nxx?: string | undefined;
  [key: string]: unknown;
}

/** A number in stock that can be reserved. */
export interface AvailableDid {
  /** DIDWW's id of the number in stock: pass it to `didReservations.create({ availableDidId })`. */
  id: string;
  /** E.164 without the `+`, e.g. `16169886810`. */
  number: string;
  /** Sent when `didGroup` was included. */
  didGroupId?: string | undefined;
  /** The DID group, when `didGroup` was included. */
  didGroup?: DidGroup | undefined;
  /** Sent when `nanpaPrefix` was included. */
  nanpaPrefixId?: string | undefined;
  /** The NANPA prefix, when `nanpaPrefix` was included. */
  nanpaPrefix?: NanpaPrefix | undefined;
}

// Included resources are passed on, not used by the SDK: their fields are read leniently.
const StockKeepingUnitSchema = z.looseObject({
  id: z.string(),
  setupPrice: lenient(z.string()),
  monthlyPrice: lenient(z.string()),
  channelsIncludedCount: lenient(z.number()),
});

const DidGroupSchema = z.looseObject({
  id: z.string(),
  prefix: lenient(z.string()),
  localPrefix: lenient(z.string()),
  areaName: lenient(z.string()),
  features: lenient(z.array(z.string())),
  isMetered: lenient(z.boolean()),
  allowAdditionalChannels: lenient(z.boolean()),
  stockKeepingUnits: lenient(z.array(StockKeepingUnitSchema)),
  meta: lenient(z.record(z.string(), z.unknown())),
});

const NanpaPrefixSchema = z.looseObject({
  id: z.string(),
  npa: lenient(z.string()),
  nxx: lenient(z.string()),
});

// A relationship resolves to the included resource, or to `{ id, type }` when it was not included.
const Linked = z.looseObject({ id: z.string(), type: z.string() });

/** The schema of a resolved `available_dids` resource: `id` and `number` are what the SDK relies on. */
export const AvailableDidSchema = z.looseObject({
  id: z.string(),
  type: z.literal('available_dids'),
  number: z.string(),
  didGroup: z.optional(z.nullable(Linked)),
  nanpaPrefix: z.optional(z.nullable(Linked)),
});

/** Maps a resolved `available_dids` resource to an {@link AvailableDid}. */
export function toAvailableDid(resource: ResolvedResource): AvailableDid {
  const parsed = parseValue(AvailableDidSchema, resource);
  const did: AvailableDid = { id: parsed.id, number: parsed.number };
  if (parsed.didGroup) {
    did.didGroupId = parsed.didGroup.id;
    if (wasIncluded(parsed.didGroup)) did.didGroup = parseValue(DidGroupSchema, parsed.didGroup);
  }
  if (parsed.nanpaPrefix) {
    did.nanpaPrefixId = parsed.nanpaPrefix.id;
    if (wasIncluded(parsed.nanpaPrefix)) did.nanpaPrefix = parseValue(NanpaPrefixSchema, parsed.nanpaPrefix);
  }
  return did;
}
