import { randomUUID } from 'node:crypto';
import type { SimClock } from '../clock.js';
import type { TokenIssuer } from './tokens.js';

/** A DID group's number type (`did_group.number_type`, API 2026-11-19 and later). */
export type SimNumberType = 'local' | 'national' | 'mobile' | 'toll_free' | 'shared_cost' | 'global';

const NUMBER_TYPES: readonly SimNumberType[] = [
  'local',
  'national',
  'mobile',
  'toll_free',
  'shared_cost',
  'global',
];

/** Options of {@link SimDidww.addAvailableDids}: where the numbers are and what their DID group is. */
export interface AddAvailableDidsOptions {
  /** DIDWW country id (a UUID at DIDWW; any string here). */
  countryId: string;
  /** How many numbers to generate (from `prefix`). Give this or `numbers`. */
  count?: number;
  /** The exact numbers (E.164 digits without `+`). Give this or `count`. */
  numbers?: string[];
  /** Digits generated numbers start with. Default `1555` followed by a country-wide sequence. */
  prefix?: string;
  /** DID group id shared by these numbers. Default: a new one per call. */
  didGroupId?: string;
  /** City id, for `filter[city.id]`. */
  cityId?: string;
  /** Region id, for `filter[region.id]`. */
  regionId?: string;
  /** DID group type id, for `filter[did_group_type.id]` (API versions before 2026-11-19). */
  didGroupTypeId?: string;
  /** Number type, for `filter[did_group.number_type]` (API 2026-11-19 and later). Default `'local'`. */
  numberType?: SimNumberType;
  /** NANPA prefix id, for `filter[nanpa_prefix.id]`. */
  nanpaPrefixId?: string;
  /** DID group features. Default `['voice']`. */
  features?: string[];
  /** Whether the DID group needs registration. Default `false`. */
  needsRegistration?: boolean;
  /** DID group area name. Default `Simulated area`. */
  areaName?: string;
}

/** A number in the simulated DIDWW stock. */
export interface AvailableDidSnapshot {
  /** Its `available_dids` id (a UUID). */
  id: string;
  /** E.164 digits without `+`. */
  number: string;
  /** The country id it was added with. */
  countryId: string;
  /** Its DID group's id. */
  didGroupId: string;
  /** City id, when given. */
  cityId: string | undefined;
  /** Region id, when given. */
  regionId: string | undefined;
  /** DID group type id, when given. */
  didGroupTypeId: string | undefined;
  /** Its DID group's number type (`'local'` unless given). */
  numberType: SimNumberType;
  /** NANPA prefix id, when given. */
  nanpaPrefixId: string | undefined;
  /** Its DID group's features, e.g. `['voice']`. */
  features: string[];
  /** Whether its DID group needs registration. */
  needsRegistration: boolean;
  /** Its DID group's area name. */
  areaName: string;
}

/** A live DIDWW hold in the simulator. */
export interface ReservationSnapshot {
  /** Its `did_reservations` id (a UUID). */
  id: string;
  /** The held number's `available_dids` id. */
  availableDidId: string;
  /** The held number, E.164 digits without `+`. */
  number: string;
  /** The description sent with the create, or `null`. */
  description: string | null;
  /** When it was made, on the simulated clock. */
  createdAt: Date;
  /** When it lapses, on the simulated clock. */
  expiresAt: Date;
  /** Held by a customer other than the simulator's API key (see {@link SimDidww.holdByAnotherCustomer}). */
  heldByAnotherCustomer: boolean;
}

/**
 * The simulated DIDWW account: numbers in stock and ten-minute holds on them.
 *
 * @example
 * ```ts
 * const [did] = sim.didww.addAvailableDids({ countryId: 'gb', count: 5 });
 * sim.didww.holdByAnotherCustomer(did.id);  // the code under test now gets 422 for it
 * sim.clock.advance(10 * 60_000);           // …and every hold has lapsed
 * ```
 */
export interface SimDidww {
  /** Adds numbers to the stock. Returns them. */
  addAvailableDids(options: AddAvailableDidsOptions): AvailableDidSnapshot[];
  /** Numbers in stock that nobody holds (of `countryId`, when given). */
  availableDids(filter?: { countryId?: string }): AvailableDidSnapshot[];
  /** Holds that have not lapsed, of every customer. */
  reservations(): ReservationSnapshot[];
  /** Makes another customer hold a number, so that reserving it answers 422. Throws when it is missing or held. */
  holdByAnotherCustomer(availableDidId: string): ReservationSnapshot;
  /**
   * API 2026-11-19: the token service's URL, for `DidwwClient`'s `tokenUrl`. Once `sim.listen()`
   * resolved, the loopback server's (`http://127.0.0.1:<port>/token`, the same as
   * `urls.didww.tokenUrl`); before, the in-process one that `sim.dispatcher()` and `sim.handlers()`
   * answer (`https://didww-token.simulator.invalid/token`). A dispatcher made after `listen()`
   * answers both; one made before answers only the in-process URL.
   */
  readonly tokenUrl: string;
  /** How many bearer tokens the token service minted since the last `clear()`. */
  tokensMinted(): number;
  /** Makes every token minted so far expire now: the next API call with one answers 401. */
  expireTokens(): void;
}

/** The simulator's token service, as `sim.didww` exposes it. */
export interface SimTokenService {
  readonly issuer: TokenIssuer;
  url(): string;
}

/** The customer that {@link SimDidww.holdByAnotherCustomer} holds numbers for. */
const ANOTHER_CUSTOMER = Symbol('another customer');

/** Who holds a reservation: an API key, or some other customer. */
export type Customer = string | typeof ANOTHER_CUSTOMER;

export type AvailableDid = AvailableDidSnapshot;

export interface Reservation {
  id: string;
  customer: Customer;
  availableDidId: string;
  description: string | null;
  createdAt: number;
  expiresAt: number;
}

/** Stock and holds of the simulated DIDWW, with holds that lapse on the simulator's clock. */
export class DidwwInventory implements SimDidww {
  readonly #clock: SimClock;
  readonly #ttlMs: number;
  #dids: AvailableDid[] = [];
  #reservations: Reservation[] = [];
  #sequence = 0;

  readonly #tokens: SimTokenService;

  constructor(clock: SimClock, ttlMs: number, tokens: SimTokenService) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
    this.#tokens = tokens;
  }

  get tokenUrl(): string {
    return this.#tokens.url();
  }

  tokensMinted(): number {
    return this.#tokens.issuer.minted;
  }

  expireTokens(): void {
    this.#tokens.issuer.revokeAll();
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  addAvailableDids(options: AddAvailableDidsOptions): AvailableDidSnapshot[] {
    if (!options.countryId) throw new RangeError('addAvailableDids needs a countryId');
    if ((options.count === undefined) === (options.numbers === undefined))
      throw new RangeError('addAvailableDids takes either count or numbers');
    if (options.count !== undefined && (!Number.isInteger(options.count) || options.count < 0))
      throw new RangeError('addAvailableDids count must be an integer >= 0');
    const numberType = options.numberType ?? 'local';
    if (!NUMBER_TYPES.includes(numberType))
      throw new RangeError(`addAvailableDids numberType must be one of ${NUMBER_TYPES.join(', ')}`);
    const prefix = options.prefix ?? '1555';
    const numbers =
      options.numbers ??
      Array.from({ length: options.count ?? 0 }, () => {
        this.#sequence += 1;
        return prefix + String(this.#sequence).padStart(Math.max(1, 11 - prefix.length), '0');
      });
    for (const number of numbers) {
      if (!/^\d{4,15}$/.test(number)) throw new RangeError(`"${number}" is not an E.164 number without +`);
      if (this.#dids.some((did) => did.number === number))
        throw new RangeError(`number ${number} is already in stock`);
    }
    const didGroupId = options.didGroupId ?? randomUUID();
    const added = numbers.map(
      (number): AvailableDid => ({
        id: randomUUID(),
        number,
        countryId: options.countryId,
        didGroupId,
        cityId: options.cityId,
        regionId: options.regionId,
        didGroupTypeId: options.didGroupTypeId,
        numberType,
        nanpaPrefixId: options.nanpaPrefixId,
        features: [...(options.features ?? ['voice'])],
        needsRegistration: options.needsRegistration ?? false,
        areaName: options.areaName ?? 'Simulated area',
      }),
    );
    this.#dids.push(...added);
    return added.map((did) => ({ ...did, features: [...did.features] }));
  }

  availableDids(filter: { countryId?: string } = {}): AvailableDidSnapshot[] {
    return this.inStock()
      .filter((did) => filter.countryId === undefined || did.countryId === filter.countryId)
      .map((did) => ({ ...did, features: [...did.features] }));
  }

  reservations(): ReservationSnapshot[] {
    return this.#live().map((reservation) => this.snapshot(reservation));
  }

  holdByAnotherCustomer(availableDidId: string): ReservationSnapshot {
    const did = this.did(availableDidId);
    if (!did) throw new RangeError(`no simulated DID ${availableDidId}`);
    if (this.holdOf(availableDidId)) throw new RangeError(`DID ${availableDidId} is already held`);
    return this.snapshot(this.create(ANOTHER_CUSTOMER, availableDidId, null));
  }

  /** Numbers nobody holds, as seen by a read caught up to `seenUpTo` (default: now). */
  inStock(seenUpTo?: number): AvailableDid[] {
    const held = new Set(this.#live(seenUpTo).map((reservation) => reservation.availableDidId));
    return this.#dids.filter((did) => !held.has(did.id));
  }

  did(id: string): AvailableDid | undefined {
    return this.#dids.find((did) => did.id === id);
  }

  /** The live hold on a number, whoever holds it, as seen by a read caught up to `seenUpTo` (default: now). */
  holdOf(availableDidId: string, seenUpTo?: number): Reservation | undefined {
    return this.#live(seenUpTo).find((reservation) => reservation.availableDidId === availableDidId);
  }

  /** A customer's live holds, oldest first, as seen by a read caught up to `seenUpTo` (default: now). */
  holdsOf(customer: Customer, seenUpTo?: number): Reservation[] {
    return this.#live(seenUpTo).filter((reservation) => reservation.customer === customer);
  }

  create(customer: Customer, availableDidId: string, description: string | null): Reservation {
    const now = this.#clock.now();
    const reservation: Reservation = {
      id: randomUUID(),
      customer,
      availableDidId,
      description,
      createdAt: now,
      expiresAt: now + this.#ttlMs,
    };
    this.#reservations.push(reservation);
    return reservation;
  }

  /** The 202 path: the same customer reserves its own number again; the hold starts over. */
  renew(reservation: Reservation, description: string | null | undefined): Reservation {
    if (description !== undefined) reservation.description = description;
    reservation.expiresAt = this.#clock.now() + this.#ttlMs;
    return reservation;
  }

  release(reservation: Reservation): void {
    this.#reservations = this.#reservations.filter((candidate) => candidate !== reservation);
  }

  snapshot(reservation: Reservation): ReservationSnapshot {
    return {
      id: reservation.id,
      availableDidId: reservation.availableDidId,
      number: this.did(reservation.availableDidId)?.number ?? '',
      description: reservation.description,
      createdAt: new Date(reservation.createdAt),
      expiresAt: new Date(reservation.expiresAt),
      heldByAnotherCustomer: reservation.customer === ANOTHER_CUSTOMER,
    };
  }

  /** Forgets every number and hold. */
  clear(): void {
    this.#dids = [];
    this.#reservations = [];
  }

  // Lapsed holds are dropped whenever the state is read: the number is back in stock. A stale read
  // (`seenUpTo`) does not see holds made after it yet; a lapse it sees at once.
  #live(seenUpTo = Number.POSITIVE_INFINITY): Reservation[] {
    const now = this.#clock.now();
    this.#reservations = this.#reservations.filter((reservation) => reservation.expiresAt > now);
    return this.#reservations.filter((reservation) => reservation.createdAt <= seenUpTo);
  }
}
