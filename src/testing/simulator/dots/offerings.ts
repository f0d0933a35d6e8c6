import { randomInt, randomUUID } from 'node:crypto';
import type { SimClock } from '../clock.js';

/** A simulated Dots.eco app (what an `app_token` names). */
export interface DotsApp {
  /** The app's token, as calls send it (`app_token`). */
  appToken: string;
  /** Numeric app id, used in claim URLs. Default: the next free id from 101. */
  appId?: number;
  /** Whether the app is an Eco Club (only those take offerings). Default `true`. */
  ecoClub?: boolean;
  /** Code-only club: no `mail` allowed. When `false`, `mail` is required. Default `true`. */
  codeOnly?: boolean;
}

/** A simulated eco club offering, as the inspection methods return it. */
export interface OfferingSnapshot {
  /** Its id, as answered (`uuid`). */
  uuid: string;
  /** The app it belongs to. */
  appToken: string;
  /** Its redeem code: the one sent, or a generated `e-NNNNNN`. */
  code: string;
  /** The `external_unique_id` sent, if any. */
  externalUniqueId: string | undefined;
  /** Its impact quantity. */
  quantity: number;
  /** Its claim URL, as answered (`claim_url`). */
  claimUrl: string;
  /** How many times it was claimed (see {@link SimDots.claim}). */
  claims: number;
  /** When it was made, on the simulated clock (Dots.eco does not send it). */
  createdAt: Date;
  /** Every stored field, in the wire's snake_case. */
  fields: Record<string, unknown>;
}

/**
 * The simulated Dots.eco company: its apps and their eco club offerings.
 *
 * @example
 * ```ts
 * sim.dots.addApp({ appToken: 'club-with-mail', codeOnly: false });
 * const [offering] = sim.dots.offerings({ externalUniqueId: 'order-1' });
 * sim.dots.claim(offering.code);
 * ```
 */
export interface SimDots {
  /** Adds an app. Throws when its token exists. */
  addApp(app: DotsApp): Required<DotsApp>;
  /** The company's apps. */
  apps(): Required<DotsApp>[];
  /** Offerings, optionally of one app and/or with one external id. */
  offerings(filter?: { appToken?: string; externalUniqueId?: string }): OfferingSnapshot[];
  /** Records a claim of an offering by its code or uuid. Throws when it is unknown or fully claimed. */
  claim(codeOrUuid: string): OfferingSnapshot;
}

/** A stored offering. */
export interface Offering {
  uuid: string;
  appToken: string;
  fields: Record<string, unknown>;
  claims: number;
  /** Simulated ms since the epoch; a stale read (the `staleMs` fault) compares against it. */
  createdAt: number;
}

/** The apps and offerings behind the simulated Dots.eco API. */
export class OfferingStore implements SimDots {
  #apps: Required<DotsApp>[] = [];
  #offerings: Offering[] = [];
  readonly #clock: SimClock;
  readonly #claimBase: string;

  constructor(clock: SimClock, claimBase: string, apps: DotsApp[]) {
    this.#clock = clock;
    this.#claimBase = claimBase;
    for (const app of apps) this.addApp(app);
  }

  addApp(app: DotsApp): Required<DotsApp> {
    if (!app.appToken) throw new RangeError('an app needs an appToken');
    if (this.app(app.appToken)) throw new RangeError(`app ${app.appToken} exists`);
    const full: Required<DotsApp> = {
      appToken: app.appToken,
      appId: app.appId ?? Math.max(100, ...this.#apps.map((known) => known.appId)) + 1,
      ecoClub: app.ecoClub ?? true,
      codeOnly: app.codeOnly ?? true,
    };
    this.#apps.push(full);
    return { ...full };
  }

  apps(): Required<DotsApp>[] {
    return this.#apps.map((app) => ({ ...app }));
  }

  app(appToken: string): Required<DotsApp> | undefined {
    return this.#apps.find((app) => app.appToken === appToken);
  }

  offerings(filter: { appToken?: string; externalUniqueId?: string } = {}): OfferingSnapshot[] {
    return this.#offerings
      .filter(
        (offering) =>
          (filter.appToken === undefined || offering.appToken === filter.appToken) &&
          (filter.externalUniqueId === undefined ||
            offering.fields.external_unique_id === filter.externalUniqueId),
      )
      .map((offering) => this.snapshot(offering));
  }

  claim(codeOrUuid: string): OfferingSnapshot {
    const offering = this.#offerings.find(
      (candidate) => candidate.uuid === codeOrUuid || candidate.fields.code === codeOrUuid,
    );
    if (!offering) throw new RangeError(`no simulated offering ${codeOrUuid}`);
    const max = offering.fields.max_claims_total;
    if (typeof max === 'number' && offering.claims >= max)
      throw new RangeError(`offering ${codeOrUuid} was claimed ${max} times already`);
    offering.claims += 1;
    return this.snapshot(offering);
  }

  /** Offerings of one app (stored objects), as seen by a read caught up to `seenUpTo` (default: now). */
  ofApp(appToken: string, seenUpTo = Number.POSITIVE_INFINITY): Offering[] {
    return this.#offerings.filter(
      (offering) => offering.appToken === appToken && offering.createdAt <= seenUpTo,
    );
  }

  byCode(code: string): Offering | undefined {
    return this.#offerings.find((offering) => offering.fields.code === code);
  }

  byExternalId(externalUniqueId: string): Offering | undefined {
    return this.#offerings.find((offering) => offering.fields.external_unique_id === externalUniqueId);
  }

  /** Stores a new offering; a missing code is generated (unique). */
  create(app: Required<DotsApp>, fields: Record<string, unknown>): Offering {
    const code = typeof fields.code === 'string' && fields.code !== '' ? fields.code : this.#newCode();
    const langcode = typeof fields.langcode === 'string' ? fields.langcode : 'en';
    const offering: Offering = {
      uuid: randomUUID(),
      appToken: app.appToken,
      fields: { ...fields, code, claim_url: this.claimUrl(app, langcode) },
      claims: 0,
      createdAt: this.#clock.now(),
    };
    this.#offerings.push(offering);
    return offering;
  }

  /** The claim form's URL, in the requested language (English has no language segment). */
  claimUrl(app: Required<DotsApp>, langcode: string): string {
    const language = langcode === '' || langcode === 'en' ? '' : `/${encodeURIComponent(langcode)}`;
    return `${this.#claimBase}${language}/app/${app.appId}/eco-club/claim`;
  }

  snapshot(offering: Offering): OfferingSnapshot {
    return {
      uuid: offering.uuid,
      appToken: offering.appToken,
      code: String(offering.fields.code),
      externalUniqueId:
        typeof offering.fields.external_unique_id === 'string'
          ? offering.fields.external_unique_id
          : undefined,
      quantity: Number(offering.fields.quantity),
      claimUrl: String(offering.fields.claim_url),
      claims: offering.claims,
      createdAt: new Date(offering.createdAt),
      fields: { ...offering.fields },
    };
  }

  /** Forgets every offering (apps stay). */
  clear(): void {
    this.#offerings = [];
  }

  #newCode(): string {
    for (;;) {
      const code = `e-${randomInt(100000, 1000000)}`;
      if (!this.byCode(code)) return code;
    }
  }
}
