import { ApiPromise, type WithMeta } from '../core/api-promise.js';
import { ClientBase } from '../core/client-base.js';
import { parseInput } from '../core/input.js';
import type { RequestOptions } from '../core/options.js';
import { checkCallOptions, markChecked } from '../core/options-schema.js';
import { buildProviderClient, type ProviderSpec } from '../core/provider-client.js';
import {
  type ArianeeCheckedOptions,
  type ArianeeClientOptions,
  type ArianeeSettings,
  arianeeOptionsSchema,
  resolveArianeeSettings,
} from './client-options.js';
import { arianeeProfile } from './profile.js';
import type { ArianeeFormat, ArianeeLinkObject, ArianeeReservation } from './reservation.js';
import { runReservations } from './reservation-run.js';
import {
  type ArianeeReserveManyParams,
  type ArianeeReserveManyResult,
  RESERVE_MANY,
  reserveManyInputSchema,
  runReserveMany,
} from './reserve-many.js';
import {
  type ArianeeReserveOneParams,
  RESERVE_ONE,
  reserveOneInputSchema,
  reserveOneOperation,
} from './reserve-one.js';
import {
  type ArianeeReserveStream,
  type ArianeeReserveStreamParams,
  RESERVE_STREAM,
  ReservationStream,
  reserveStreamInputSchema,
} from './reserve-stream.js';

// How an ArianeeClient is built: the same path for every provider (docs/providers.md).
const ARIANEE: ProviderSpec<ArianeeCheckedOptions, ArianeeSettings> = {
  provider: 'arianee',
  clientName: 'ArianeeClient',
  optionsSchema: arianeeOptionsSchema,
  settings: resolveArianeeSettings,
  profile: arianeeProfile,
};

/**
 * Client of a brand's Arianee NMP dispenser: reserves digital passports from a tagged pool and
 * returns their claim links.
 *
 * @throws {InputValidationError} from the constructor when `baseUrl` or `apiKey` is missing or
 * malformed, `baseUrl` is plain `http:` to a non-loopback host, a transport option is out of range,
 * or an option is unknown (a typo such as `timeOutMs`).
 * @example
 * ```ts
 * import { ArianeeClient } from 'reservekit/arianee';
 * await using arianee = new ArianeeClient({ baseUrl: 'https://mybrand.nmp.arianee.com', apiKey });
 * const passport = await arianee.reserveOne({ tags: 'vip' });
 * sendToCustomer(passport.deeplink.link); // never log it: it holds the passphrase
 * ```
 */
export class ArianeeClient extends ClientBase {
  constructor(options: ArianeeClientOptions) {
    const { transport } = buildProviderClient(ARIANEE, options);
    super(transport);
  }

  /**
   * Reserves one passport from the pool of `tags`: `GET /dispenser/distribution/reserveOne`.
   * Every success takes a passport out of the pool until it is claimed or reset.
   *
   * Not idempotent: retried only when the NMP cannot have acted (not sent, 429, 503, honouring
   * `Retry-After`). After a 5xx, a timeout or a reset once sent, the error has `outcome: 'unknown'`
   * and says "a passport may have been reserved": it is never sent again by the SDK.
   *
   * @returns by `format`: `link` → the link text; `linkObject` (default) → `ArianeeLinkObject`;
   * `content` → `ArianeeContent` (an open JSON object). `.withMeta()` adds attempts and request id.
   * @throws {InputValidationError} before any request, for missing, blank or comma-containing tags,
   * a tag with a control character (a line break, a tab, NUL) or a lone UTF-16 surrogate, or an
   * unknown format.
   * @throws {NoInventoryError} when the pool is empty or a tag does not exist (`providerCode`
   * `nmp.back.dispenser.oneToOne.noNFTsToSend`).
   * @throws {AuthenticationError} on 401/403: wrong key, or a user without `certCreate`.
   * @throws {ResponseValidationError} when a 200's body is not what the format documents
   * (`outcome: 'applied'`: the passport was taken).
   * @throws {ServerError}, {RateLimitError}, {TimeoutError}, {ConnectionError}, {AbortedError}.
   * @example
   * ```ts
   * const link = await arianee.reserveOne({ tags: ['vip', 'spring'], format: 'link' });
   * ```
   */
  reserveOne(
    params: ArianeeReserveOneParams<'linkObject'>,
    options?: RequestOptions,
  ): ApiPromise<ArianeeLinkObject>;
  reserveOne<F extends ArianeeFormat>(
    params: ArianeeReserveOneParams<F> & { format: F },
    options?: RequestOptions,
  ): ApiPromise<ArianeeReservation<F>>;
  reserveOne(params: ArianeeReserveOneParams, options: RequestOptions = {}): ApiPromise<ArianeeReservation> {
    return new ApiPromise(this.#reserveOne(params, options));
  }

  async #reserveOne(
    params: ArianeeReserveOneParams,
    options: RequestOptions,
  ): Promise<WithMeta<ArianeeReservation>> {
    const input = parseInput(reserveOneInputSchema(), params, 'arianee', RESERVE_ONE);
    return this.transport.run(reserveOneOperation(input.tags, input.format), options);
  }

  /**
   * Reserves up to `count` passports, one `reserveOne` call each (the NMP has no bulk call), with
   * at most `concurrency` calls in flight. It never lets the NMP hand out more than `count`: a call
   * starts only while reserved + failed calls that may have reserved + calls in flight < `count`,
   * so a call whose outcome is unknown holds its place and `reserved` may come back short. It stops
   * launching calls as soon as the pool runs dry, an error shows every further call would fail the
   * same way (e.g. `AuthenticationError`), `maxFailures` calls failed, `options.signal` aborts, or
   * `onReserved` throws. Calls in flight then finish, and whatever they reserve is kept.
   *
   * `onReserved(passport)` is awaited before that slot launches another call: store each link
   * there, and a crash loses at most `concurrency` passports. If it throws, the batch stops
   * launching and returns the passports it did not take in `undelivered`.
   *
   * On 429 it slows down: a call that fails with a `RateLimitError` after its own retries halves
   * the calls in flight (down to 1), and successes add them back one at a time (AIMD). Refused
   * even at one call in flight, it stops with that `RateLimitError` as `stoppedBy`.
   *
   * `options.signal` stops the batch, not its calls: an abort launches no new call, but calls
   * already in flight are not cancelled (a call cancelled after it was sent may have taken a
   * passport whose link would be lost). They finish, or fail by their timeouts, and what they
   * reserved is returned with `aborted: true`. The other `options` (`timeoutMs`,
   * `totalTimeoutMs`, `maxRetries`) apply to each call.
   *
   * It does not throw once calls started: every reserved passport is returned in `reserved`, with
   * `exhausted`, `aborted`, `stoppedBy`, the `failed` calls and `unknownOutcomes` (calls that may have
   * taken a passport you did not get; reset those in the NMP back office). `onProgress` is called
   * after each call that reserved or failed, including calls that finish after launching stopped.
   * For results as they land, with back-pressure from a `for await` loop, see {@link reserveStream}.
   *
   * @throws {InputValidationError} before any request, for bad tags, a `count` that is not a
   * positive integer, a `concurrency` outside 1–64, a bad `maxFailures`, `onProgress` or `onReserved`.
   * @example
   * ```ts
   * const batch = await arianee.reserveMany({
   *   tags: 'vip',
   *   count: 50,
   *   onReserved: (passport) => links.insert(passport.certificateId, passport.deeplink.link),
   * });
   * if (batch.exhausted) console.warn(`pool ran dry after ${batch.reserved.length}`);
   * ```
   */
  reserveMany(
    params: ArianeeReserveManyParams<'linkObject'>,
    options?: RequestOptions,
  ): Promise<ArianeeReserveManyResult<ArianeeLinkObject>>;
  reserveMany<F extends ArianeeFormat>(
    params: ArianeeReserveManyParams<F> & { format: F },
    options?: RequestOptions,
  ): Promise<ArianeeReserveManyResult<ArianeeReservation<F>>>;
  async reserveMany(
    params: ArianeeReserveManyParams,
    options: RequestOptions = {},
  ): Promise<ArianeeReserveManyResult<ArianeeReservation>> {
    const input = parseInput(reserveManyInputSchema(), params, 'arianee', RESERVE_MANY);
    const { plan, reserveOne } = this.#batch(input, options, RESERVE_MANY);
    return runReserveMany({ ...plan, onProgress: input.onProgress }, input.onReserved, reserveOne);
  }

  /**
   * Reserves up to `count` passports like {@link reserveMany}, and yields each one as soon as it
   * lands: an async iterable, to consume with `for await`. Store each link (durably) in the loop
   * body before the loop asks for the next one: a call is launched only while calls in flight plus
   * passports not yet taken by the loop stay under `concurrency` (back-pressure), so a crash loses
   * at most `concurrency` passports — those whose answers were still on their way.
   *
   * It runs and stops like `reserveMany`, on the same engine: never more than `count` passports
   * (reserved plus failed calls that may have reserved), stops launching on an empty pool, an
   * error every call would repeat, `maxFailures`, `options.signal` (calls in flight are never
   * cancelled: they finish and are yielded), and fewer calls in flight after a 429. Failures never
   * end the loop with a throw: the loop ends, and `await stream.summary()` says why
   * (`exhausted`, `aborted`, `stoppedBy`, `failed`, `unknownOutcomes`).
   *
   * Leaving the loop early (`break`, `return`, a throw in its body) stops the stream: no new call,
   * the calls in flight finish, and the passports they reserve are in the summary's `undelivered`
   * — store them too. Calls start on the loop's first turn; the stream can be iterated once.
   *
   * To resume after a crash, run it again with the same tags and `count` minus the links you
   * stored (docs/arianee.md, "Streaming, and resuming after a crash").
   *
   * @throws {InputValidationError} synchronously, before any request, for bad tags, a `count` that
   * is not a positive integer, a `concurrency` outside 1–64, a bad `maxFailures` or a bad option.
   * @example
   * ```ts
   * const stream = arianee.reserveStream({ tags: 'vip', count: 50 });
   * for await (const passport of stream) {
   *   await links.insert(passport.certificateId, passport.deeplink.link); // stored before the next
   * }
   * const summary = await stream.summary();
   * if (summary.exhausted) console.warn(`pool ran dry after ${summary.delivered}`);
   * ```
   */
  reserveStream(
    params: ArianeeReserveStreamParams<'linkObject'>,
    options?: RequestOptions,
  ): ArianeeReserveStream<ArianeeLinkObject>;
  reserveStream<F extends ArianeeFormat>(
    params: ArianeeReserveStreamParams<F> & { format: F },
    options?: RequestOptions,
  ): ArianeeReserveStream<ArianeeReservation<F>>;
  reserveStream(
    params: ArianeeReserveStreamParams,
    options: RequestOptions = {},
  ): ArianeeReserveStream<ArianeeReservation> {
    const input = parseInput(reserveStreamInputSchema(), params, 'arianee', RESERVE_STREAM);
    const { plan, reserveOne } = this.#batch(input, options, RESERVE_STREAM);
    return new ReservationStream<ArianeeReservation>((deliver) =>
      runReservations({ ...plan, onProgress: undefined }, reserveOne, deliver),
    );
  }

  /** What `reserveMany` and `reserveStream` share: the plan, and one call of the batch. */
  #batch(
    input: { tags: string[]; format: ArianeeFormat; count: number; concurrency: number; maxFailures: number },
    options: RequestOptions,
    operationName: string,
  ) {
    const operation = reserveOneOperation(input.tags, input.format);
    // The signal stops the batch, never a call: a call cancelled after it was sent may have taken
    // a passport whose link would be lost. Calls keep their timeouts.
    // Checked before the first call: a bad option must not become `count` failed calls.
    const { signal, ...callOptions } = checkCallOptions(options, 'arianee', operationName);
    markChecked(callOptions);
    return {
      plan: {
        count: input.count,
        concurrency: input.concurrency,
        maxFailures: input.maxFailures,
        signal,
      },
      reserveOne: async (): Promise<ArianeeReservation> =>
        (await this.transport.run(operation, callOptions)).data,
    };
  }
}
