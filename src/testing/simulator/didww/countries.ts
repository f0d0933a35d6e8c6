import { randomUUID } from 'node:crypto';

/** A country of the simulated DIDWW, as {@link SimDidww.countries} lists it. */
export interface CountrySnapshot {
  /** Its `countries` id (a UUID). Built-in countries keep the same id in every simulator. */
  id: string;
  /** ISO 3166-1 alpha-2 code, upper case, e.g. `GB`. */
  iso: string;
  /** e.g. `United Kingdom`. */
  name: string;
  /** International dialling prefix, digits without `+`, e.g. `44`. */
  prefix: string;
}

/** Options of {@link SimDidww.addCountry}. */
export interface AddCountryOptions {
  /** ISO 3166-1 alpha-2 code: two letters (stored in upper case), not already in the table. */
  iso: string;
  /** The country's name, e.g. `Portugal`. */
  name: string;
  /** International dialling prefix, digits without `+`, e.g. `351`. */
  prefix: string;
}

// The built-in table. Each id ends in the country's ISO 3166-1 numeric code, so it is stable across
// simulators and runs (tests and docs may write it down) and reads back to its country.
const BUILT_IN: readonly CountrySnapshot[] = [
  ['AU', 'Australia', '61', '036'],
  ['CA', 'Canada', '1', '124'],
  ['DE', 'Germany', '49', '276'],
  ['ES', 'Spain', '34', '724'],
  ['FR', 'France', '33', '250'],
  ['GB', 'United Kingdom', '44', '826'],
  ['IE', 'Ireland', '353', '372'],
  ['IT', 'Italy', '39', '380'],
  ['NL', 'Netherlands', '31', '528'],
  ['US', 'United States', '1', '840'],
].map(([iso, name, prefix, numeric]) => ({
  id: `c0a1d000-0000-4000-8000-000000000${numeric}`,
  iso: iso as string,
  name: name as string,
  prefix: prefix as string,
}));

/** The simulated DIDWW's countries: the built-in ones, and any a test adds. */
export class CountryTable {
  #countries: CountrySnapshot[] = [...BUILT_IN];

  /** Every country, built-in ones first. */
  list(): CountrySnapshot[] {
    return this.#countries.map((country) => ({ ...country }));
  }

  byId(id: string): CountrySnapshot | undefined {
    return this.#countries.find((country) => country.id === id);
  }

  byIso(iso: string): CountrySnapshot | undefined {
    const upper = iso.toUpperCase();
    return this.#countries.find((country) => country.iso === upper);
  }

  add(options: AddCountryOptions): CountrySnapshot {
    if (typeof options.iso !== 'string' || !/^[A-Za-z]{2}$/.test(options.iso))
      throw new RangeError('addCountry iso must be an ISO 3166-1 alpha-2 code: two letters, e.g. PT');
    if (this.byIso(options.iso))
      throw new RangeError(`country ${options.iso.toUpperCase()} is already in the table`);
    if (typeof options.name !== 'string' || options.name.trim() === '')
      throw new RangeError('addCountry needs a name');
    if (typeof options.prefix !== 'string' || !/^\d{1,8}$/.test(options.prefix))
      throw new RangeError('addCountry prefix must be digits without +, e.g. 351');
    const country = {
      id: randomUUID(),
      iso: options.iso.toUpperCase(),
      name: options.name,
      prefix: options.prefix,
    };
    this.#countries.push(country);
    return { ...country };
  }

  /** Back to the built-in countries. */
  clear(): void {
    this.#countries = [...BUILT_IN];
  }
}
