import { ApiPromise, extendMeta, type WithMeta } from '../core/api-promise.js';
import type { HeaderValue } from '../core/credential.js';
import { ConflictError, ReconcileError, ReservationError } from '../core/errors.js';
import { parseInput } from '../core/input.js';
import type { RequestOptions } from '../core/options.js';
import { checkCallOptions, markChecked } from '../core/options-schema.js';
import type { CallOptions, Operation, Transport } from '../core/transport.js';
import {
  type CreateManyItem,
  type CreateManyOptions,
  type CreateManyRequests,
  type CreateManyResult,
  createManyOptionsSchema,
  isRefusal,
  judgeSurvey,
  runBatch,
  type SurveyVerdict,
} from './create-many.js';
import {
  CREATE_MANY_OPERATION,
  CREATE_OPERATION,
  CREATE_OR_GET_OPERATION,
  type CreateEcoClubOfferingParams,
  type CreateOfferingBody,
  parseCreateManyItems,
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
   * Creates a campaign of offerings, each exactly once, so that a run killed part way and started
   * again with the same items ends with exactly one offering per item. Every item goes through
   * {@link createOrGet}'s rules: an offering an earlier run created under the item's
   * `externalUniqueId` with the same parameters is counted `existing` and not sent again; one with
   * other parameters is a failure (`ConflictError` `external_unique_id_taken`).
   *
   * Cost, for N items of which E already exist (see docs/dots.md, "createMany"):
   * 1. One unfiltered `list/{app_token}` read per app token of the batch (read token). An offering
   *    in it that carries an item's id settles that item (existing, or a conflict) with no further
   *    request. An item that no listed offering could be (none carries its id, and none without an
   *    id shows its fields) is created at once: one create, no lookup.
   * 2. An item that an offering without an id may be (it shows every listed field the item sets:
   *    the documented list items carry no id, so only a lookup by id can tell) is looked up first,
   *    `list?external-unique-id=…`, then created if nothing is found.
   * So a fresh batch costs 1 + N requests; a re-run of a fully created batch sends no create: one
   * list read and at most N lookups (none when the list carries the ids). Lost answers and duplicate
   * refusals add the lookups {@link create} and {@link createOrGet} describe. `result.requests`
   * counts what was sent.
   *
   * At most `concurrency` items (default 8, 1–64) are in flight; every request goes through the
   * client's transport (rate limiter, retry rules, timeouts). `options.totalTimeoutMs` bounds each
   * item — its lookup and create together — not the batch.
   *
   * `options.signal` stops the batch from launching items, and an item looked up but not yet sent
   * from sending its create: those are returned in `notStarted`, nothing created for them. Items
   * whose create was already sent are not cancelled (cut off, its offering could exist unseen):
   * they finish, or fail by their timeouts, and are reported like the others, with `aborted: true`.
   * A wrong or inactive company token (`AuthenticationError` other than `invalid_app_token`) stops
   * launching the same way (`stoppedBy`).
   *
   * It never throws once a request was sent: each item ends in `created`, `existing`, `failed`
   * (refused, nothing created), `unknown` (an offering may exist: each with its `lookupKey`) or
   * `notStarted`. Running it again with the same items resolves every `unknown` and `notStarted`.
   *
   * @throws {InputValidationError} before any request, when `items` is not an array, an item breaks
   *   a rule of {@link createOrGet} (among them: no `externalUniqueId`), two items share an
   *   `externalUniqueId`, or an option is out of range (`concurrency` 1–64, `onProgress` a function,
   *   the request options). Issues name items by index, never their values.
   *
   * @example
   * ```ts
   * const result = await client.ecoClubOfferings.createMany(
   *   recipients.map((recipient) => ({
   *     quantity: 1,
   *     title: 'Thank you',
   *     nameOnCertificate: recipient.name,
   *     externalUniqueId: `spring-gift-${recipient.id}`,
   *   })),
   *   { concurrency: 16, onProgress: (p) => console.log(`${p.done}/${p.total}`) },
   * );
   * for (const { item, offering } of [...result.created, ...result.existing])
   *   await saveClaimLink(item.externalUniqueId, prefilledClaimUrl(offering));
   * ```
   */
  createMany(items: readonly CreateManyItem[], options: CreateManyOptions = {}): Promise<CreateManyResult> {
    return this.#createMany(items, options);
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

  async #createMany(items: unknown, options: unknown): Promise<CreateManyResult> {
    const bodies = parseCreateManyItems(items, this.#wiring.appToken);
    const { batch, request } = splitCreateManyOptions(options);
    const { concurrency, onProgress } = parseInput(
      createManyOptionsSchema(),
      batch,
      'dots',
      CREATE_MANY_OPERATION,
    );
    const { signal, ...callOptions } = checkCallOptions(request, 'dots', CREATE_MANY_OPERATION);
    markChecked(callOptions);
    const requests: CreateManyRequests = { lists: 0, lookups: 0, creates: 0 };

    const verdicts = new Map<CreateOfferingBody, SurveyVerdict>();
    for (const [appToken, appBodies] of groupByApp(bodies)) {
      for (const [index, verdict] of (
        await this.#survey(appToken, appBodies, callOptions, signal, requests)
      ).entries())
        verdicts.set(appBodies[index] as CreateOfferingBody, verdict);
    }
    const entries = bodies.map((body, index) => ({
      item: (items as readonly CreateManyItem[])[index] as CreateManyItem,
      body,
      verdict: verdicts.get(body) ?? { kind: 'unsure' as const },
    }));
    // One deadline per item, over its lookup and its create.
    const itemOptions = (): CallOptions =>
      callOptions.totalTimeoutMs === undefined
        ? callOptions
        : markChecked({ ...callOptions, deadlineAt: performance.now() + callOptions.totalTimeoutMs });
    return runBatch({ concurrency, signal, onProgress, requests }, entries, async (entry, mayCreate) => {
      const options = itemOptions();
      if (entry.verdict.kind === 'unsure') {
        const found = await this.#existing(entry.body, options, false, requests);
        if (found) return { kind: 'existing', offering: found.data };
      }
      // The signal may have fired during the lookup: nothing is sent for this item then.
      if (!mayCreate()) return { kind: 'skipped' };
      const { data, meta } = await this.#createUnlessTaken(entry.body, options, requests);
      return { kind: meta.existing === true ? 'existing' : 'created', offering: data };
    });
  }

  /**
   * Reads the app's whole offering list once and judges each item against it (see `judgeSurvey`).
   * A refused read (a wrong token or app token) fails every item of the app with its error; any
   * other failure (a timeout, a 5xx, a list over `maxListResponseBytes`, the signal) leaves each item
   * to its own lookup.
   */
  async #survey(
    appToken: string,
    bodies: readonly CreateOfferingBody[],
    callOptions: CallOptions,
    signal: AbortSignal | undefined,
    requests: CreateManyRequests,
  ): Promise<SurveyVerdict[]> {
    try {
      const { data } = await this.#run(
        listOperation(
          CREATE_MANY_OPERATION,
          { appToken, uuid: undefined, externalUniqueId: undefined },
          this.#wiring.readHeaders,
          // The answer lists every offering with its code: the batch's own codes stay secret.
          bodies.map((body) => body.code),
        ),
        signal ? markChecked({ ...callOptions, signal }) : callOptions,
        requests,
        'lists',
      );
      return judgeSurvey(bodies, data);
    } catch (error) {
      if (error instanceof ReservationError && isRefusal(error))
        return bodies.map(() => ({ kind: 'refused', error }));
      return bodies.map(() => ({ kind: 'unsure' }));
    }
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
    tally?: CreateManyRequests,
  ): Promise<WithMeta<LookupVerdict>> {
    const { data, meta } = await this.#run(
      listOperation(
        operation,
        { appToken, uuid: undefined, externalUniqueId: sent.external_unique_id },
        this.#wiring.readHeaders,
        // The answer lists offerings with their codes, and a server may quote the one it holds
        // under the id: the lookup keeps the create's redeem code secret too.
        [sent.code],
      ),
      options,
      tally,
      'lookups',
    );
    return { data: judgeLookup(data, sent), meta };
  }

  async #createOrGet(params: unknown, options: RequestOptions): Promise<WithMeta<EcoClubOffering>> {
    const body = parseCreateOrGetParams(params, this.#wiring.appToken);
    const found = await this.#existing(body, options);
    if (found) return found;
    return this.#createUnlessTaken(body, options);
  }

  /**
   * createOrGet's create, once nothing was found under the id: sends it, and when Dots.eco refuses
   * it as a duplicate, looks the id up once more (`meta.existing` says which).
   */
  async #createUnlessTaken(
    body: CreateOfferingBody,
    options: RequestOptions,
    tally?: CreateManyRequests,
  ): Promise<WithMeta<EcoClubOffering>> {
    try {
      const { data, meta } = await this.#send(body, options, tally);
      return { data, meta: extendMeta(meta, { existing: false }) };
    } catch (error) {
      if (!isDuplicateRefusal(error)) throw error;
      // The lookup did not see it (an index that lags, or an earlier run still under way). Any
      // duplicate, not only the id: Dots.eco may report the earlier run's redeem code first.
      const idTaken = error.providerCode === 'external_unique_id_taken';
      let again: WithMeta<EcoClubOffering> | undefined;
      try {
        again = await this.#existing(body, options, idTaken, tally);
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
    tally?: CreateManyRequests,
  ): Promise<WithMeta<EcoClubOffering> | undefined> {
    const { data: verdict, meta } = await this.#judgedLookup(
      body.app_token,
      body,
      options,
      CREATE_OR_GET_OPERATION,
      tally,
    );
    const offering = settleLookup(
      verdict,
      body.external_unique_id,
      CREATE_OR_GET_OPERATION,
      afterDuplicateRefusal,
    );
    return offering && { data: offering, meta: extendMeta(meta, { existing: true }) };
  }

  async #create(params: unknown, options: RequestOptions): Promise<WithMeta<EcoClubOffering>> {
    return this.#send(parseCreateParams(params, this.#wiring.appToken), options);
  }

  /** Sends a checked body, exactly once (see docs/dots.md, "Exactly once"). */
  async #send(
    body: CreateOfferingBody,
    options: RequestOptions,
    tally?: CreateManyRequests,
  ): Promise<WithMeta<EcoClubOffering>> {
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
            (await this.#judgedLookup(appToken, body, lookupOptions, FIND_OPERATION, tally)).data,
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
    return this.#run(op, options, tally, 'creates');
  }

  /** Runs an operation; with a tally, adds the requests it sent (its attempts) under `kind`. */
  async #run<T>(
    op: Operation<T>,
    options: CallOptions,
    tally?: CreateManyRequests,
    kind?: keyof CreateManyRequests,
  ): Promise<WithMeta<T>> {
    if (!tally || !kind) return this.#wiring.transport.run(op, options);
    try {
      const result = await this.#wiring.transport.run(op, options);
      tally[kind] += result.meta.attempts;
      return result;
    } catch (error) {
      if (error instanceof ReservationError) tally[kind] += error.attempts;
      throw error;
    }
  }
}

function listOperation(
  name: string,
  params: ParsedListParams,
  headers: Record<string, HeaderValue> | undefined,
  codes: readonly (string | undefined)[] = [],
): Operation<EcoClubOffering[]> {
  return {
    name,
    ...(headers ? { headers } : {}),
    method: 'GET',
    // The app token is part of the path: listed as a secret so no URL, message or event shows it.
    path: `/eco-club-offering/list/${encodeURIComponent(params.appToken)}`,
    route: '/eco-club-offering/list/{appToken}',
    // Hyphenated, unlike the body field `external_unique_id` (Dots.eco list docs).
    query: { uuid: params.uuid, 'external-unique-id': params.externalUniqueId },
    effect: 'read',
    // Dots.eco answers every offering at once (no paging): a real account's list is megabytes.
    responseSize: 'list',
    secrets: [params.appToken, ...codes.filter((code) => code !== undefined)],
    decode: decodeOfferingList,
  };
}

/** The batch's bodies by app token, in the order each app first appears. */
function groupByApp(bodies: readonly CreateOfferingBody[]): Map<string, CreateOfferingBody[]> {
  const byApp = new Map<string, CreateOfferingBody[]>();
  for (const body of bodies) {
    const same = byApp.get(body.app_token);
    if (same) same.push(body);
    else byApp.set(body.app_token, [body]);
  }
  return byApp;
}

/**
 * Splits createMany's options into the batch's own (`concurrency`, `onProgress`) and the request
 * options every call takes. Anything but a plain object goes to the batch's schema, which refuses it.
 */
function splitCreateManyOptions(options: unknown): { batch: unknown; request: unknown } {
  if (options === undefined) return { batch: {}, request: undefined };
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    return { batch: options, request: undefined };
  const { concurrency, onProgress, ...request } = options as Record<string, unknown>;
  const batch: Record<string, unknown> = {};
  if (concurrency !== undefined) batch.concurrency = concurrency;
  if (onProgress !== undefined) batch.onProgress = onProgress;
  return { batch, request };
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
