import * as z from 'zod/mini';
import { safeParseValue } from '../../core/zod.js';
import { describeIssues, toIssues } from '../../core/zod-issues.js';
import type { PassportSnapshot } from './arianee/pool.js';
import type { AddCountryOptions, CountrySnapshot } from './didww/countries.js';
import type { AddAvailableDidsOptions, AvailableDidSnapshot } from './didww/inventory.js';
import type { DotsApp } from './dots/offerings.js';
import type { Simulator } from './simulator.js';

/**
 * Inventory to put into a simulator, as JSON: what `reservekit simulate --seed state.json` reads and
 * `POST /_sim/seed` takes (docs/testing.md, "The simulator as a server"). Each list entry is the
 * argument of the matching seeding method (`addPassports`, `addCountry`, `addAvailableDids`,
 * `addApp`), so the fields mean what they mean there.
 *
 * @example
 * ```json
 * { "arianee": { "passports": [{ "tags": "vip", "count": 50 }] },
 *   "didww": { "availableDids": [{ "countryIso": "GB", "count": 5 }] },
 *   "dots": { "apps": [{ "appToken": "club-with-mail", "codeOnly": false }] } }
 * ```
 */
export interface SimulatorSeed {
  /** The Arianee NMP's pools. */
  arianee?: {
    /** Passports to add, as `sim.arianee.addPassports(tags, count)`. */
    passports?: {
      /** One tag or several. */
      tags: string | string[];
      /** How many passports carrying them. */
      count: number;
    }[];
  };
  /** DIDWW's countries and stock. */
  didww?: {
    /** Countries to add first, as `sim.didww.addCountry`. */
    countries?: AddCountryOptions[];
    /** Numbers to put in stock, as `sim.didww.addAvailableDids`. */
    availableDids?: AddAvailableDidsOptions[];
  };
  /** Dots.eco's apps. */
  dots?: {
    /** Apps to add, as `sim.dots.addApp`. */
    apps?: DotsApp[];
  };
}

/** What a seed added: the passports (with their passphrases), countries, numbers and apps. */
export interface SeedResult {
  /** What the NMP got. */
  arianee: {
    /** The passports added, with their ids and passphrases. */
    passports: PassportSnapshot[];
  };
  /** What DIDWW got. */
  didww: {
    /** The countries added, with their new ids. */
    countries: CountrySnapshot[];
    /** The numbers added, with their ids. */
    availableDids: AvailableDidSnapshot[];
  };
  /** What Dots.eco got. */
  dots: {
    /** The apps added. */
    apps: Required<DotsApp>[];
  };
}

const text = z.string();
const count = z.int().check(z.gte(0));

// Only the shapes are checked here; the seeding methods check the values (a RangeError says what).
const SeedSchema = z.strictObject({
  arianee: z.optional(
    z.strictObject({
      passports: z.optional(z.array(z.strictObject({ tags: z.union([text, z.array(text)]), count: count }))),
    }),
  ),
  didww: z.optional(
    z.strictObject({
      countries: z.optional(z.array(z.strictObject({ iso: text, name: text, prefix: text }))),
      availableDids: z.optional(
        z.array(
          z.strictObject({
            countryId: z.optional(text),
            countryIso: z.optional(text),
            count: z.optional(count),
            numbers: z.optional(z.array(text)),
            prefix: z.optional(text),
            didGroupId: z.optional(text),
            cityId: z.optional(text),
            regionId: z.optional(text),
            didGroupTypeId: z.optional(text),
            numberType: z.optional(
              z.enum(['local', 'national', 'mobile', 'toll_free', 'shared_cost', 'global']),
            ),
            nanpaPrefixId: z.optional(text),
            features: z.optional(z.array(text)),
            needsRegistration: z.optional(z.boolean()),
            areaName: z.optional(text),
          }),
        ),
      ),
    }),
  ),
  dots: z.optional(
    z.strictObject({
      apps: z.optional(
        z.array(
          z.strictObject({
            appToken: text,
            appId: z.optional(z.int()),
            ecoClub: z.optional(z.boolean()),
            codeOnly: z.optional(z.boolean()),
          }),
        ),
      ),
    }),
  ),
});

/**
 * Reads a seed document (parsed JSON).
 * @throws {RangeError} naming every field that does not have the documented shape.
 */
export function parseSeed(value: unknown): SimulatorSeed {
  const parsed = safeParseValue(SeedSchema, value);
  if (!parsed.success) throw new RangeError(`invalid seed: ${describeIssues(toIssues(parsed.error))}`);
  return parsed.data;
}

/** Options of {@link applySeed}. */
export interface ApplySeedOptions {
  /**
   * Leave out the apps: `sim.clear()` keeps apps, so a reset that seeds again would find them
   * there (adding an existing app throws).
   */
  withoutApps?: boolean;
}

/**
 * Adds a seed's inventory to a simulator, in order: passports, countries, numbers, apps.
 * @throws {RangeError} from a seeding method (an unknown country, a bad count, an app that exists);
 *   what came before it stays added.
 */
export function applySeed(sim: Simulator, seed: SimulatorSeed, options: ApplySeedOptions = {}): SeedResult {
  return {
    arianee: {
      passports: (seed.arianee?.passports ?? []).flatMap(({ tags, count }) =>
        sim.arianee.addPassports(tags, count),
      ),
    },
    didww: {
      countries: (seed.didww?.countries ?? []).map((country) => sim.didww.addCountry(country)),
      availableDids: (seed.didww?.availableDids ?? []).flatMap((dids) => sim.didww.addAvailableDids(dids)),
    },
    dots: { apps: options.withoutApps ? [] : (seed.dots?.apps ?? []).map((app) => sim.dots.addApp(app)) },
  };
}
