import { randomUUID } from 'node:crypto';
import type { SimClock } from '../clock.js';
import { type AddCountryOptions, type CountrySnapshot, CountryTable } from './countries.js';
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

/**
 * Options of {@link SimDidww.addAvailableDids}: where the numbers are and what their DID group is.
 * Give exactly one of `countryId` and `countryIso`.
 */
export interface AddAvailableDidsOptions {
  /** DIDWW country id (a UUID at DIDWW; any string here, also one not in {@link SimDidww.countries}). */
  countryId?: string;
  /** ISO code of a country in {@link SimDidww.countries} (either case), e.g. `'GB'`: its id is used. */
  countryIso?: string;
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
  /**
   * Its DID group's one price line (stock keeping unit), included with
   * `include=did_group.stock_keeping_units`: the `sku_id` to order the number with.
   */
  skuId: string;
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

/** One line of a simulated order: the number it bought. */
export interface OrderItemSnapshot {
  /** The `sku_id` sent (the simulator keeps no prices: any id is accepted). */
  skuId: string;
  /** The hold the item named (`did_reservation_id`), consumed by the order; `undefined` for an `available_did_id` item. */
  didReservationId: string | undefined;
  /** The number's `available_dids` id (it has left the stock). */
  availableDidId: string;
  /** The number bought, E.164 digits without `+`. */
  number: string;
}

/** An order the simulated DIDWW placed (`POST /orders`). Orders complete at once in the simulator. */
export interface OrderSnapshot {
  /** Its `orders` id (a UUID). */
  id: string;
  /** DIDWW's human-readable reference, e.g. `SIM-000001`. */
  reference: string;
  /** Always `completed`: the simulator fulfils an order as it places it. */
  status: 'completed';
  /** When it was placed, on the simulated clock. */
  createdAt: Date;
  /** `external_reference_id` as sent, or `null`. */
  externalReferenceId: string | null;
  /** `callback_url` as sent, or `null` (the simulator never calls it). */
  callbackUrl: string | null;
  /** `callback_method` as sent, or `null`. */
  callbackMethod: string | null;
  /** `allow_back_ordering` as sent (default `false`). */
  allowBackOrdering: boolean;
  /** The numbers it bought, in the order of the items sent. */
  items: OrderItemSnapshot[];
}

/** A number an order bought: no longer in stock, now the account's. */
export interface OwnedNumberSnapshot {
  /** The `available_dids` id it had in stock. */
  availableDidId: string;
  /** E.164 digits without `+`. */
  number: string;
  /** The country id it was added with. */
  countryId: string;
  /** Its DID group's id. */
  didGroupId: string;
  /** The order that bought it. */
  orderId: string;
}

/**
 * The simulated DIDWW account: countries, numbers in stock, ten-minute holds on them, and orders
 * that buy held numbers.
 *
 * @example
 * ```ts
 * const [did] = sim.didww.addAvailableDids({ countryIso: 'GB', count: 5 });
 * sim.didww.holdByAnotherCustomer(did.id);  // the code under test now gets 422 for it
 * sim.clock.advance(10 * 60_000);           // …and every hold has lapsed
 * ```
 */
export interface SimDidww {
  /**
   * Adds numbers to the stock. Returns them.
   * @throws {RangeError} unless exactly one of `countryId` and `countryIso` is given, when
   *   `countryIso` names no country of {@link countries}, or for bad `count` or `numbers`.
   */
  addAvailableDids(options: AddAvailableDidsOptions): AvailableDidSnapshot[];
  /** Numbers in stock that nobody holds (of `countryId`, when given). */
  availableDids(filter?: { countryId?: string }): AvailableDidSnapshot[];
  /** Holds that have not lapsed, of every customer. */
  reservations(): ReservationSnapshot[];
  /** Makes another customer hold a number, so that reserving it answers 422. Throws when it is missing or held. */
  holdByAnotherCustomer(availableDidId: string): ReservationSnapshot;
  /**
   * The countries `GET /countries` serves: ten built in (AU, CA, DE, ES, FR, GB, IE, IT, NL, US),
   * whose ids are the same in every simulator, then any added with {@link addCountry}.
   */
  countries(): CountrySnapshot[];
  /**
   * Adds a country (forgotten by `sim.clear()`). Returns it with its new id.
   * @throws {RangeError} for an ISO code that is not two letters or is already in the table, an
   *   empty name, or a prefix that is not digits.
   */
  addCountry(options: AddCountryOptions): CountrySnapshot;
  /** Orders placed by the simulator's API key, oldest first. */
  orders(): OrderSnapshot[];
  /** Numbers bought by orders, oldest first. */
  ownedNumbers(): OwnedNumberSnapshot[];
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

/** One line of an order, as placed. */
export interface OrderLine {
  skuId: string;
  did: AvailableDid;
  /** The hold the line named, consumed when the order is placed. */
  hold: Reservation | undefined;
}

/** What an order was sent with, beside its items. */
export interface OrderFields {
  externalReferenceId: string | null;
  callbackUrl: string | null;
  callbackMethod: string | null;
  allowBackOrdering: boolean;
}

export interface Order extends OrderFields {
  id: string;
  customer: Customer;
  reference: string;
  createdAt: number;
  lines: { skuId: string; didReservationId: string | undefined; did: AvailableDid }[];
}

/** Countries, stock, holds and orders of the simulated DIDWW, with holds that lapse on the simulator's clock. */
export class DidwwInventory implements SimDidww {
  readonly #clock: SimClock;
  readonly #ttlMs: number;
  readonly #countries = new CountryTable();
  #dids: AvailableDid[] = [];
  #reservations: Reservation[] = [];
  #orders: Order[] = [];
  #sequence = 0;
  readonly #skuIds = new Map<string, string>();

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
    const countryId = this.#countryIdOf(options);
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
    // One price line per DID group, whichever call added its numbers.
    const skuId = this.#skuIds.get(didGroupId) ?? randomUUID();
    this.#skuIds.set(didGroupId, skuId);
    const added = numbers.map(
      (number): AvailableDid => ({
        id: randomUUID(),
        number,
        countryId,
        didGroupId,
        skuId,
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

  #countryIdOf({ countryId, countryIso }: AddAvailableDidsOptions): string {
    if ((countryId === undefined) === (countryIso === undefined))
      throw new RangeError(
        "addAvailableDids takes exactly one of countryId and countryIso (e.g. countryIso: 'GB')",
      );
    if (countryId !== undefined) {
      if (!countryId) throw new RangeError('addAvailableDids needs a countryId');
      return countryId;
    }
    const country = typeof countryIso === 'string' ? this.#countries.byIso(countryIso) : undefined;
    if (!country)
      throw new RangeError(
        `addAvailableDids: no country with ISO code ${String(countryIso)} (add it with sim.didww.addCountry)`,
      );
    return country.id;
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

  countries(): CountrySnapshot[] {
    return this.#countries.list();
  }

  addCountry(options: AddCountryOptions): CountrySnapshot {
    return this.#countries.add(options);
  }

  /** The country table the endpoints read. */
  get countryTable(): CountryTable {
    return this.#countries;
  }

  orders(): OrderSnapshot[] {
    return this.#orders
      .filter((order) => typeof order.customer === 'string')
      .map((order) => this.orderSnapshot(order));
  }

  ownedNumbers(): OwnedNumberSnapshot[] {
    return this.#orders.flatMap((order) =>
      order.lines.map((line) => ({
        availableDidId: line.did.id,
        number: line.did.number,
        countryId: line.did.countryId,
        didGroupId: line.did.didGroupId,
        orderId: order.id,
      })),
    );
  }

  /**
   * Places an order: each line's hold is consumed and its number leaves the stock for good. The
   * caller has checked every line first: an order is placed whole or not at all.
   */
  placeOrder(customer: Customer, fields: OrderFields, lines: readonly OrderLine[]): Order {
    for (const line of lines) if (line.hold) this.release(line.hold);
    const bought = new Set(lines.map((line) => line.did.id));
    this.#dids = this.#dids.filter((did) => !bought.has(did.id));
    const order: Order = {
      ...fields,
      id: randomUUID(),
      customer,
      reference: `SIM-${String(this.#orders.length + 1).padStart(6, '0')}`,
      createdAt: this.#clock.now(),
      lines: lines.map((line) => ({ skuId: line.skuId, didReservationId: line.hold?.id, did: line.did })),
    };
    this.#orders.push(order);
    return order;
  }

  /** A customer's orders, oldest first, as seen by a read caught up to `seenUpTo` (default: now). */
  ordersOf(customer: Customer, seenUpTo = Number.POSITIVE_INFINITY): Order[] {
    return this.#orders.filter((order) => order.customer === customer && order.createdAt <= seenUpTo);
  }

  orderSnapshot(order: Order): OrderSnapshot {
    return {
      id: order.id,
      reference: order.reference,
      status: 'completed',
      createdAt: new Date(order.createdAt),
      externalReferenceId: order.externalReferenceId,
      callbackUrl: order.callbackUrl,
      callbackMethod: order.callbackMethod,
      allowBackOrdering: order.allowBackOrdering,
      items: order.lines.map((line) => ({
        skuId: line.skuId,
        didReservationId: line.didReservationId,
        availableDidId: line.did.id,
        number: line.did.number,
      })),
    };
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

  /** Forgets every number, hold, order and added country. */
  clear(): void {
    this.#dids = [];
    this.#reservations = [];
    this.#orders = [];
    this.#countries.clear();
  }

  // Lapsed holds are dropped whenever the state is read: the number is back in stock. A stale read
  // (`seenUpTo`) does not see holds made after it yet; a lapse it sees at once.
  #live(seenUpTo = Number.POSITIVE_INFINITY): Reservation[] {
    const now = this.#clock.now();
    this.#reservations = this.#reservations.filter((reservation) => reservation.expiresAt > now);
    return this.#reservations.filter((reservation) => reservation.createdAt <= seenUpTo);
  }
}
