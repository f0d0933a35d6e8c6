/** What happened on the wire for one call. */
export interface ResultMeta {
  /**
   * The call's id, on every event and trace of the call too (docs/observability.md): quote it
   * to tie a result to its attempts in logs and traces.
   */
  callId: string;
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

/**
 * The metadata with more fields, `headers` still read only when asked for: a spread
 * (`{ ...meta, existing }`) would call its getter, redacting every answer's headers on every call.
 */
export function extendMeta(meta: ResultMeta, fields: Pick<ResultMeta, 'existing'>): ResultMeta {
  return {
    callId: meta.callId,
    status: meta.status,
    requestId: meta.requestId,
    get headers() {
      return meta.headers;
    },
    attempts: meta.attempts,
    totalRetryDelayMs: meta.totalRetryDelayMs,
    reconciled: meta.reconciled,
    existing: fields.existing,
  };
}

/** A call's result with what happened on the wire: what `.withMeta()` resolves to. */
export interface WithMeta<T> {
  /** The result, as `await` alone gives it. */
  data: T;
  /** Status, request id, attempts, retry delay, and whether a lookup found the result. */
  meta: ResultMeta;
}

/** Marks a promise's rejection as handled by someone else (see {@link ApiPromise.withMeta}). */
function ignore(): void {}

/**
 * The promise every client method returns: a real `Promise` of the data, so `await` it, pass it to
 * `Promise.all`, or call `.withMeta()` for the data plus {@link ResultMeta} (request id, attempts,
 * whether a reconcile happened).
 *
 * `.then`, `.catch` and `.finally` are Promise's own and give plain Promises. A failed call is
 * reported as an unhandled rejection once at most: when neither the data nor `.withMeta()` was
 * awaited (or when a promise derived from either is left unhandled), never when `.withMeta()` alone
 * was.
 *
 * @example
 * ```ts
 * const { data, meta } = await client.reserveOne({ tags: 'vip' }).withMeta();
 * console.log(meta.requestId, meta.attempts);
 * ```
 */
export class ApiPromise<T> extends Promise<T> {
  /**
   * Promises derived by `.then`, `.catch` and `.finally` are plain Promises: Promise would otherwise
   * build them with `new ApiPromise(executor)`, and this constructor takes a call's result instead.
   */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #result: Promise<WithMeta<T>>;
  #dataHandledByMeta = false;

  /** @param result - The call, as the transport runs it: its data and what happened on the wire. */
  constructor(result: Promise<WithMeta<T>>) {
    let resolveData!: (data: T) => void;
    let rejectData!: (reason: unknown) => void;
    super((resolve, reject) => {
      resolveData = resolve;
      rejectData = reject;
    });
    this.#result = result;
    // This promise carries the call's outcome: a failure nobody handles is reported here, once.
    result.then((settled) => resolveData(settled.data), rejectData);
  }

  /**
   * The data and what happened on the wire.
   * @throws {ReservationError} (as a rejection) Whatever the call itself rejects with.
   */
  withMeta(): Promise<WithMeta<T>> {
    // Whoever asked for the meta handles the failure through it: the data promise must not report
    // it a second time. A promise of its own, so that leaving it unhandled is still reported.
    if (!this.#dataHandledByMeta) {
      this.#dataHandledByMeta = true;
      super.then(undefined, ignore);
    }
    return this.#result.then((settled) => settled);
  }
}
