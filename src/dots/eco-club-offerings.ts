import { ApiPromise, type WithMeta } from '../core/api-promise.js';
import type { RequestOptions } from '../core/options.js';
import type { Operation, Transport } from '../core/transport.js';
import { CREATE_OPERATION, type CreateEcoClubOfferingParams, parseCreateParams } from './create-params.js';
import {
  FIND_OPERATION,
  type FindByExternalUniqueIdParams,
  LIST_OPERATION,
  type ListEcoClubOfferingsParams,
  type ParsedListParams,
  parseFindParams,
  parseListParams,
} from './list-params.js';
import { decodeOffering, decodeOfferingList, type EcoClubOffering } from './offering.js';
import { pickByExternalUniqueId } from './pick-by-external-id.js';

/** What the client hands its resources: its transport, the read token header, defaults. */
export interface EcoClubOfferingsWiring {
  transport: Transport;
  /** Headers of read calls (the read-only `auth-token`), when one is configured. */
  readHeaders: Record<string, string> | undefined;
  appToken: string | undefined;
}

/**
 * Eco-club offerings: gift cards and redeemable impact (`eco-club-offering/add` and `/list`).
 * Reach it as `client.ecoClubOfferings`.
 */
export class EcoClubOfferings {
  readonly #wiring: EcoClubOfferingsWiring;

  /** @internal Built by `DotsClient`; not meant to be constructed directly. */
  constructor(wiring: EcoClubOfferingsWiring) {
    this.#wiring = wiring;
  }

  /**
   * Creates an offering, exactly once: the call always carries an `external_unique_id` (yours, or a
   * random UUID), and when an attempt's outcome is unknown (timeout or reset after sending, 5xx)
   * the offering is looked up by that id before anything is sent again. `.withMeta()` then reports
   * `meta.reconciled === true`.
   *
   * Sent with the write token (`authToken`).
   *
   * @throws {InputValidationError} before any request, when a parameter breaks a documented limit.
   * @throws {AuthenticationError} `invalid_app_token`, `access_denied`, `credentials_missing`, `company_not_activated`.
   * @throws {ConflictError} `code_taken`, `external_unique_id_taken`, `duplicate_value`.
   * @throws {ProviderValidationError} `app_not_eco_club`, `email_not_allowed`, `max_length_exceeded`,
   *   `max_value_exceeded`, `required_fields_empty`, `entity_creation_problem`, or another 422.
   * @throws {ReservationError} with `outcome: 'unknown'` when an offering may exist and could not be
   *   confirmed; the message names the `externalUniqueId` to look up.
   *
   * @example
   * ```ts
   * const { data, meta } = await client.ecoClubOfferings
   *   .create({ quantity: 1, title: 'Thank you', externalUniqueId: order.id })
   *   .withMeta();
   * console.log(prefilledClaimUrl(data), meta.reconciled);
   * ```
   */
  create(params: CreateEcoClubOfferingParams, options: RequestOptions = {}): ApiPromise<EcoClubOffering> {
    return new ApiPromise(this.#create(params, options));
  }

  /**
   * Lists the app's offerings (`GET eco-club-offering/list/{app_token}`), optionally only the one
   * with a `uuid` or `externalUniqueId`. Sent with the read token (`readAuthToken`, else `authToken`).
   * Dots.eco documents no paging: the answer is one array.
   *
   * @throws {InputValidationError} when no app token is known.
   * @throws {AuthenticationError} for a wrong token (Dots.eco answers 403 or, for the app token, 404/422).
   *
   * @example
   * ```ts
   * const offerings = await client.ecoClubOfferings.list();
   * ```
   */
  list(params: ListEcoClubOfferingsParams = {}, options: RequestOptions = {}): ApiPromise<EcoClubOffering[]> {
    return new ApiPromise(this.#list(params, options));
  }

  /**
   * The offering created with this external unique id, or `undefined`. Built on `list` with the
   * `external-unique-id` filter; sent with the read token.
   *
   * @throws {InputValidationError} for an empty id, one over 255 characters, or no app token.
   *
   * @example
   * ```ts
   * const offering = await client.ecoClubOfferings.findByExternalUniqueId(order.id);
   * if (!offering) await client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: order.id });
   * ```
   */
  findByExternalUniqueId(
    externalUniqueId: string,
    params: FindByExternalUniqueIdParams = {},
    options: RequestOptions = {},
  ): ApiPromise<EcoClubOffering | undefined> {
    return new ApiPromise(this.#find(externalUniqueId, params, options));
  }

  async #list(params: unknown, options: RequestOptions): Promise<WithMeta<EcoClubOffering[]>> {
    const parsed = parseListParams(params, this.#wiring.appToken);
    return this.#wiring.transport.run(
      listOperation(LIST_OPERATION, parsed, this.#wiring.readHeaders),
      options,
    );
  }

  async #find(
    externalUniqueId: unknown,
    params: unknown,
    options: RequestOptions,
  ): Promise<WithMeta<EcoClubOffering | undefined>> {
    const parsed = parseFindParams(externalUniqueId, params, this.#wiring.appToken);
    return this.#lookup(parsed.appToken, parsed.externalUniqueId, options);
  }

  async #lookup(
    appToken: string,
    externalUniqueId: string,
    options: RequestOptions,
  ): Promise<WithMeta<EcoClubOffering | undefined>> {
    const { data, meta } = await this.#wiring.transport.run(
      listOperation(
        FIND_OPERATION,
        { appToken, uuid: undefined, externalUniqueId },
        this.#wiring.readHeaders,
      ),
      options,
    );
    return { data: pickByExternalUniqueId(data, externalUniqueId), meta };
  }

  async #create(params: unknown, options: RequestOptions): Promise<WithMeta<EcoClubOffering>> {
    // Built once: every retry and resend of this call sends these same bytes, with this same id.
    const body = parseCreateParams(params, this.#wiring.appToken);
    const appToken = body.app_token;
    const externalUniqueId = body.external_unique_id;
    const op: Operation<EcoClubOffering> = {
      name: CREATE_OPERATION,
      method: 'POST',
      path: '/eco-club-offering/add',
      body,
      effect: 'once',
      // The redeem code is a bearer credential for the gift: whoever reads it can claim it.
      secrets: body.code === undefined ? [appToken] : [appToken, body.code],
      decode: decodeOffering,
      unknownOutcomeNote: `an eco-club offering may have been created; look it up with ecoClubOfferings.findByExternalUniqueId('${externalUniqueId}')`,
      // The transport calls this after an attempt whose outcome was unknown, and again when a
      // resend is then refused (a duplicate id: the lost attempt did create it). The id is unique,
      // so an offering found under it is this call's.
      lookup: {
        key: { externalUniqueId },
        find: async (lookupOptions) => (await this.#lookup(appToken, externalUniqueId, lookupOptions)).data,
        // After a lost attempt, "external unique id already exists" is that attempt's offering.
        explainRefusal: (error) =>
          error.providerCode === 'external_unique_id_taken'
            ? 'exists'
            : error.providerCode === 'code_taken'
              ? 'maybe'
              : undefined,
      },
    };
    return this.#wiring.transport.run(op, options);
  }
}

function listOperation(
  name: string,
  params: ParsedListParams,
  headers: Record<string, string> | undefined,
): Operation<EcoClubOffering[]> {
  return {
    name,
    ...(headers ? { headers } : {}),
    method: 'GET',
    // The app token is part of the path: listed as a secret so no URL, message or event shows it.
    path: `/eco-club-offering/list/${encodeURIComponent(params.appToken)}`,
    // Hyphenated, unlike the body field `external_unique_id` (Dots.eco list docs).
    query: { uuid: params.uuid, 'external-unique-id': params.externalUniqueId },
    effect: 'read',
    secrets: [params.appToken],
    decode: decodeOfferingList,
  };
}
