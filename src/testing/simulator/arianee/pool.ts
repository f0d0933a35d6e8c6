import { randomInt } from 'node:crypto';

/** Where a simulated passport is in its life. */
export type PassportState = 'available' | 'reserved' | 'claimed';

/** A simulated Arianee digital passport, as the simulator's inspection methods return it. */
export interface PassportSnapshot {
  /** Its id; simulated ids count up from the docs' example, 440105186. */
  certificateId: number;
  /** The secret of its claim link. */
  passphrase: string;
  /** The tags it carries. */
  tags: string[];
  /** Available, reserved or claimed. */
  state: PassportState;
  /** What `format=content` returns for it. */
  content: unknown;
}

/** How several `tags` select a passport: one of them (`any`) or all of them (`all`). */
export type TagMatch = 'any' | 'all';

/** Options of {@link SimArianee.addPassports}. */
export interface AddPassportsOptions {
  /** The `format=content` body of each passport. Default: a small passport content JSON naming it. */
  content?: (certificateId: number) => unknown;
}

/**
 * The simulated Arianee NMP: a pool of passports per tag that `reserveOne` draws from.
 *
 * @example
 * ```ts
 * sim.arianee.addPassports('vip', 37);
 * // … the code under test reserves some …
 * sim.arianee.available('vip');   // how many are left
 * sim.arianee.reset('vip');       // reserved-but-unclaimed passports go back to the pool
 * ```
 */
export interface SimArianee {
  /** Adds `count` available passports carrying `tags` (one tag or several). Returns them. */
  addPassports(tags: string | string[], count: number, options?: AddPassportsOptions): PassportSnapshot[];
  /**
   * Puts reserved but unclaimed passports back into the pool, as the NMP back-office reset does
   * (only those carrying `tag`, when given). Returns how many went back.
   */
  reset(tag?: string): number;
  /** Marks a reserved passport claimed (its owner requested ownership): a reset no longer frees it. Throws when it is not reserved. */
  claim(certificateId: number): PassportSnapshot;
  /** Passports, optionally only those carrying `tag` and/or in `state`. */
  passports(filter?: { tag?: string; state?: PassportState }): PassportSnapshot[];
  /** How many passports are available (carrying `tag`, when given). */
  available(tag?: string): number;
}

interface Passport {
  certificateId: number;
  passphrase: string;
  tags: string[];
  state: PassportState;
  content: unknown;
}

// The docs' example id; simulated ids count up from it.
const FIRST_CERTIFICATE_ID = 440105186;
const PASSPHRASE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function newPassphrase(): string {
  let out = '';
  for (let i = 0; i < 12; i += 1) out += PASSPHRASE_ALPHABET[randomInt(PASSPHRASE_ALPHABET.length)];
  return out;
}

function defaultContent(certificateId: number): unknown {
  return {
    $schema: 'https://cert.arianee.org/version5/ArianeeProductCertificate-i18n.json',
    name: `Simulated passport ${certificateId}`,
    description: 'A digital passport served by the reservekit simulator.',
    language: 'en-US',
  };
}

function snapshot(passport: Passport): PassportSnapshot {
  return { ...passport, tags: [...passport.tags] };
}

/** The pool behind the simulated Arianee NMP. */
export class PassportPool implements SimArianee {
  #passports: Passport[] = [];
  #nextId = FIRST_CERTIFICATE_ID;

  addPassports(
    tags: string | string[],
    count: number,
    options: AddPassportsOptions = {},
  ): PassportSnapshot[] {
    const list = (Array.isArray(tags) ? tags : [tags]).map((tag) => tag.trim()).filter(Boolean);
    if (list.length === 0) throw new RangeError('addPassports needs at least one non-empty tag');
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError('addPassports count must be an integer >= 0');
    const added: Passport[] = [];
    for (let i = 0; i < count; i += 1) {
      const certificateId = this.#nextId++;
      added.push({
        certificateId,
        passphrase: newPassphrase(),
        tags: [...list],
        state: 'available',
        content: (options.content ?? defaultContent)(certificateId),
      });
    }
    this.#passports.push(...added);
    return added.map(snapshot);
  }

  /** Takes the oldest available passport matching the tags, or `undefined` when none does. */
  take(tags: readonly string[], match: TagMatch): PassportSnapshot | undefined {
    const found = this.#passports.find(
      (passport) =>
        passport.state === 'available' &&
        (match === 'all'
          ? tags.every((tag) => passport.tags.includes(tag))
          : tags.some((tag) => passport.tags.includes(tag))),
    );
    if (!found) return undefined;
    found.state = 'reserved';
    return snapshot(found);
  }

  reset(tag?: string): number {
    let count = 0;
    for (const passport of this.#passports) {
      if (passport.state === 'reserved' && (tag === undefined || passport.tags.includes(tag))) {
        passport.state = 'available';
        count += 1;
      }
    }
    return count;
  }

  claim(certificateId: number): PassportSnapshot {
    const passport = this.#passports.find((candidate) => candidate.certificateId === certificateId);
    if (!passport) throw new RangeError(`no simulated passport ${certificateId}`);
    if (passport.state !== 'reserved')
      throw new RangeError(
        `passport ${certificateId} is ${passport.state}, not reserved: it cannot be claimed`,
      );
    passport.state = 'claimed';
    return snapshot(passport);
  }

  passports(filter: { tag?: string; state?: PassportState } = {}): PassportSnapshot[] {
    return this.#passports
      .filter(
        (passport) =>
          (filter.tag === undefined || passport.tags.includes(filter.tag)) &&
          (filter.state === undefined || passport.state === filter.state),
      )
      .map(snapshot);
  }

  available(tag?: string): number {
    return this.passports({ state: 'available', ...(tag === undefined ? {} : { tag }) }).length;
  }

  /** Forgets every passport. */
  clear(): void {
    this.#passports = [];
  }
}
