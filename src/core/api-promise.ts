/** What happened on the wire for one call. */
export interface ResultMeta {
  /** HTTP status of the answer the result came from. */
  status: number;
  /** The provider's request id, when its response carried one. */
  requestId: string | undefined;
  /**
   * The response headers of the answer the result came from (names lower-cased; a header sent
   * twice is joined with `, `), fit to print: `set-cookie`, `cookie`, `authorization`,
   * `proxy-authorization` and the providers' key headers (`api-key`, `x-api-key`, `auth-token`)
   * read `[REDACTED]`, and the client's secrets are removed from every other value. For a result a
   * lookup found (`reconciled`), those of the lookup's answer that held it.
   *
   * @example
   * ```ts
   * const { meta } = await client.ecoClubOfferings.list().withMeta();
   * console.log(meta.headers['x-ratelimit-remaining']);
   * ```
   */
  headers: Readonly<Record<string, string>>;
  /** Requests sent for this call (1 + resends); lookups are not attempts, and a call refused before sending has 0. */
  attempts: number;
  /** Time spent waiting between attempts, in ms. */
  totalRetryDelayMs: number;
  /**
   * `true` when an earlier attempt's outcome was unknown and the result was found by looking it up
   * (the provider had acted; nothing was sent twice).
   */
  reconciled: boolean;
  /**
   * `true` when `createOrGet` found the item (made by an earlier call with the same id and
   * parameters) instead of creating it; `false` when it created it. Absent on every other call.
   */
  existing?: boolean;
}

/** A call's result with what happened on the wire: what `.withMeta()` resolves to. */
export interface WithMeta<T> {
  /** The result, as `await` alone gives it. */
  data: T;
  /** Status, request id, attempts, retry delay, and whether a lookup found the result. */
  meta: ResultMeta;
}

/**
 * The promise every client method returns: `await` it for the data, or call `.withMeta()` for the
 * data plus {@link ResultMeta} (request id, attempts, whether a reconcile happened).
 *
 * @example
 * ```ts
 * const { data, meta } = await client.reserveOne({ tags: 'vip' }).withMeta();
 * console.log(meta.requestId, meta.attempts);
 * ```
 */
export class ApiPromise<T> implements Promise<T> {
  /** `'ApiPromise'`, for `Object.prototype.toString`. */
  readonly [Symbol.toStringTag] = 'ApiPromise';
  readonly #inner: Promise<WithMeta<T>>;
  #data: Promise<T> | undefined;

  constructor(inner: Promise<WithMeta<T>>) {
    this.#inner = inner;
  }

  /** The data and what happened on the wire. */
  withMeta(): Promise<WithMeta<T>> {
    return this.#inner;
  }

  #dataPromise(): Promise<T> {
    this.#data ??= this.#inner.then((result) => result.data);
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: this class is a promise by design.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#dataPromise().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#dataPromise().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#dataPromise().finally(onfinally);
  }
}
