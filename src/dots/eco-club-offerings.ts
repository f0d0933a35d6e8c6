import { ApiPromise, type WithMeta } from '../core/api-promise.js';
import type { HeaderValue } from '../core/credential.js';
import { ConflictError, ReconcileError } from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import type { Operation, Transport } from '../core/transport.js';
import {
  CREATE_OPERATION,
  CREATE_OR_GET_OPERATION,
  type CreateEcoClubOfferingParams,
  type CreateOfferingBody,
  parseCreateOrGetParams,
  parseCreateParams,
} from './create-params.js';
import { takenIdHint } from './describe-error.js';
import {
  isJudgedConflict,
  judgeLookup,
  type LookupVerdict,
  type SentOffering,
  settleLookup,
} from './judge-lookup.js';
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

/** What the client hands its resources: its transport, the read token header, defaults. */
export interface EcoClubOfferingsWiring {
  transport: Transport;
  /** Headers of read calls (the read-only `auth-token`), when one is configured. */
  readHeaders: Record<string, HeaderValue> | undefined;
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
   * A lookup takes only an offering that is provably this call's: one carrying the id whose fields
   * equal what was sent, or — the documented list items do not carry the id — the single item on
   * which every sent field the list documents is present and equal. An offering holding the id
   * with other parameters is a conflict, never a success (see docs/dots.md, "What a lookup takes").
   *
   * An id that is already used — by an earlier call, even one with the same parameters (a handler
   * that runs twice) — is a `ConflictError`: to get the earlier offering instead, use
   * {@link createOrGet}.
   *
   * Sent with the write token (`authToken`).
   *
   * @throws {InputValidationError} before any request, when a parameter breaks a documented limit,
   *   a string is not well-formed UTF-16 (a lone surrogate such as `'\uD800'`), an id, code or
   *   token is blank or holds a control character, `externalUniqueId` or `appToken` is `''`, the
   *   app token could not be a path segment (`.`, `..`, `/`, `?`, `#`, whitespace), `mail` is not
   *   one `@` between two non-empty parts, or a date is outside 0001-01-01…9999-12-31 (see
   *   docs/dots.md, "Text, ids and tokens").
   * @throws {AuthenticationError} `invalid_app_token`, `access_denied`, `credentials_missing`, `company_not_activated`.
   * @throws {ConflictError} `code_taken`, `duplicate_value`, or `external_unique_id_taken`: Dots.eco
   *   refused the id, or a lookup found it held by an offering with other parameters (the message
   *   names the differing fields, never their values; `details.differingFields` lists them).
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
   * Returns the offering an earlier call created under this `externalUniqueId` with the same
   * parameters, or creates it: what a handler that may run twice (a serverless function retried
   * by its platform, a queue that delivers twice) needs to give one gift per event.
   *
   * 1. Looks the id up (`list?external-unique-id=…`, read token). An offering that is provably
   *    this call's (the same id and parameters; see docs/dots.md, "What a lookup takes") is
   *    returned with `meta.existing === true`, and nothing is created.
   * 2. Nothing found: {@link create}, with its exactly-once handling of lost answers
   *    (`meta.existing === false`).
   * 3. If Dots.eco refuses that create as a duplicate (of the id, or of the redeem code, which it
   *    may report first), as when the lookup did not see the offering yet, the id is looked up
   *    once more and judged the same way; when nothing is provably this call's, the refusal stands.
   *
   * `meta` describes the request that produced the result (the lookup, or the create).
   *
   * @throws {InputValidationError} before any request, when `externalUniqueId` is missing, empty
   *   or blank, or a parameter breaks a rule of {@link create}.
   * @throws {ConflictError} `external_unique_id_taken` when an offering holds the id with other
   *   parameters (`details.differingFields` names them; never their values), or when the create
   *   was refused as a duplicate and the second lookup found nothing provably this call's.
   * @throws Everything {@link create} and {@link findByExternalUniqueId} throw. A failed lookup
   *   leaves nothing created by this call; calling `createOrGet` again with the same arguments is
   *   safe whatever it threw.
   *
   * @example
   * ```ts
   * // A webhook handler the platform may run twice for one order.
   * export async function onOrderPaid(order: { id: string }) {
   *   const { data, meta } = await client.ecoClubOfferings
   *     .createOrGet({ quantity: 1, title: 'Thank you', externalUniqueId: `order-${order.id}` })
   *     .withMeta();
   *   if (!meta.existing) await sendGiftEmail(order, prefilledClaimUrl(data));
   * }
   * ```
   */
  createOrGet(
    params: CreateEcoClubOfferingParams,
    options: RequestOptions = {},
  ): ApiPromise<EcoClubOffering> {
    return new ApiPromise(this.#createOrGet(params, options));
  }

  /**
   * Lists the app's offerings (`GET eco-club-offering/list/{app_token}`), optionally only the one
   * with a `uuid` or `externalUniqueId`. Sent with the read token (`readAuthToken`, else `authToken`).
   * Dots.eco documents no paging: the answer is one array.
   *
   * @throws {InputValidationError} when no app token is known, the app token could not be a path
   *   segment, a filter is empty or blank or holds a control character, or a string is not
   *   well-formed UTF-16.
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
   * @throws {InputValidationError} for an empty or blank id, one over 255 characters, with a control
   *   character or not well-formed UTF-16, or no usable app token.
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
    const { data, meta } = await this.#judgedLookup(
      appToken,
      { external_unique_id: externalUniqueId },
      options,
    );
    // Only the id was sent: no field can differ, so a verdict is `ours` or `none`.
    return { data: data.kind === 'none' ? undefined : data.offering, meta };
  }

  /** Lists the offerings under the id `sent` carries and judges which, if any, is `sent`'s. */
  async #judgedLookup(
    appToken: string,
    sent: SentOffering,
    options: RequestOptions,
    operation = FIND_OPERATION,
  ): Promise<WithMeta<LookupVerdict>> {
    const { data, meta } = await this.#wiring.transport.run(
      listOperation(
        operation,
        { appToken, uuid: undefined, externalUniqueId: sent.external_unique_id },
        this.#wiring.readHeaders,
        // The answer lists offerings with their codes, and a server may quote the one it holds
        // under the id: the lookup keeps the create's redeem code secret too.
        sent.code,
      ),
      options,
    );
    return { data: judgeLookup(data, sent), meta };
  }

  async #createOrGet(params: unknown, options: RequestOptions): Promise<WithMeta<EcoClubOffering>> {
    const body = parseCreateOrGetParams(params, this.#wiring.appToken);
    const found = await this.#existing(body, options);
    if (found) return found;
    try {
      const { data, meta } = await this.#send(body, options);
      return { data, meta: { ...meta, existing: false } };
    } catch (error) {
      if (!isDuplicateRefusal(error)) throw error;
      // The lookup did not see it (an index that lags, or an earlier run still under way). Any
      // duplicate, not only the id: Dots.eco may report the earlier run's redeem code first.
      const idTaken = error.providerCode === 'external_unique_id_taken';
      let again: WithMeta<EcoClubOffering> | undefined;
      try {
        again = await this.#existing(body, options, idTaken);
      } catch (lookupError) {
        if (isJudgedConflict(lookupError)) throw lookupError;
        throw unconfirmed(body.external_unique_id, error, 'looking it up failed', lookupError);
      }
      if (again) return again;
      // Dots.eco says an offering holds the id, and the lookup cannot show it yet.
      if (idTaken) throw unconfirmed(body.external_unique_id, error, 'the lookup does not show it yet');
      throw error;
    }
  }

  /** The offering under `body`'s id when it is provably `body`'s; throws when the id holds another. */
  async #existing(
    body: CreateOfferingBody,
    options: RequestOptions,
    afterDuplicateRefusal = false,
  ): Promise<WithMeta<EcoClubOffering> | undefined> {
    const { data: verdict, meta } = await this.#judgedLookup(
      body.app_token,
      body,
      options,
      CREATE_OR_GET_OPERATION,
    );
    const offering = settleLookup(
      verdict,
      body.external_unique_id,
      CREATE_OR_GET_OPERATION,
      afterDuplicateRefusal,
    );
    return offering && { data: offering, meta: { ...meta, existing: true } };
  }

  async #create(params: unknown, options: RequestOptions): Promise<WithMeta<EcoClubOffering>> {
    return this.#send(parseCreateParams(params, this.#wiring.appToken), options);
  }

  /** Sends a checked body, exactly once (see docs/dots.md, "Exactly once"). */
  async #send(body: CreateOfferingBody, options: RequestOptions): Promise<WithMeta<EcoClubOffering>> {
    // Built once: every retry and resend of this call sends these same bytes, with this same id.
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
      refineError: (_response, info) =>
        info.providerCode === 'external_unique_id_taken'
          ? { ...info, hint: takenIdHint(externalUniqueId) }
          : info,
      unknownOutcomeNote: `an eco-club offering may have been created; look it up with ecoClubOfferings.findByExternalUniqueId('${externalUniqueId}')`,
      // The transport calls this after an attempt whose outcome was unknown, and again when a
      // resend is then refused (a duplicate id: the lost attempt did create it). Only an offering
      // provably this call's is taken (see judgeLookup); one holding the id with other fields is
      // a conflict, thrown.
      lookup: {
        key: { externalUniqueId },
        find: async (lookupOptions, context) =>
          settleLookup(
            (await this.#judgedLookup(appToken, body, lookupOptions)).data,
            externalUniqueId,
            CREATE_OPERATION,
            context.afterRefusal === 'exists',
          ),
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
  headers: Record<string, HeaderValue> | undefined,
  code?: string,
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
    // Dots.eco answers every offering at once (no paging): a real account's list is megabytes.
    responseSize: 'list',
    secrets: code === undefined ? [params.appToken] : [params.appToken, code],
    decode: decodeOfferingList,
  };
}

/**
 * Dots.eco refused a create because a value is taken (the id, the code, or one it does not name):
 * not a conflict a lookup of ours already judged.
 */
function isDuplicateRefusal(error: unknown): error is ConflictError {
  return error instanceof ConflictError && !isJudgedConflict(error);
}

/**
 * createOrGet was refused because an offering holds the id, and could not read that offering: it
 * exists (`applied`), whether it has this call's fields is not confirmed. Look it up by the key.
 */
function unconfirmed(
  externalUniqueId: string,
  refusal: ConflictError,
  why: string,
  lookupError?: unknown,
): ReconcileError {
  const detail = lookupError instanceof Error ? ` (${lookupError.message})` : '';
  return new ReconcileError({
    message: `${CREATE_OR_GET_OPERATION}: an offering already holds external_unique_id '${externalUniqueId}', but ${why}${detail}; look it up with ecoClubOfferings.findByExternalUniqueId('${externalUniqueId}')`,
    provider: 'dots',
    operation: CREATE_OR_GET_OPERATION,
    outcome: 'applied',
    lookupKey: { externalUniqueId },
    cause: lookupError ?? refusal,
  });
}
