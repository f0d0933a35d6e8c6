import { ApiPromise } from './api-promise.js';
import type { RequestOptions } from './options.js';
import { type RawRequest, sendRawRequest } from './raw-request.js';
import type { Transport } from './transport.js';

/** What every provider client shares: one transport, closed once, and `request()` for the rest. */
export abstract class ClientBase implements AsyncDisposable {
  protected readonly transport: Transport;

  protected constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * Calls an endpoint of the provider that reservekit does not wrap, through the same transport as
   * every method: the client's credentials and base URL, rate limiter, timeouts and deadline,
   * retry rules, redaction and error mapping (errors name the provider and `<provider>.request`).
   *
   * `path` is below the client's base URL and cannot leave it. `idempotent` defaults to `true` for
   * GET and HEAD and `false` for the others; a call that is not idempotent is never sent again once
   * the provider may have acted (its error then has `outcome: 'unknown'`), only when it provably
   * did not (not sent, 429, a 503 with `Retry-After`). See docs/transport.md, "Calling endpoints we
   * do not wrap: client.request()".
   *
   * @returns the parsed body: JSON as its value, text as a string, no body as `undefined`. It is
   *   not validated: check it before you use it. `.withMeta()` adds status, headers and attempts.
   * @throws {InputValidationError} before any request: a method other than GET, HEAD, POST, PUT,
   *   PATCH or DELETE; a path that is absolute, scheme-relative (`//host`), holds a `.` or `..`
   *   segment (also percent-encoded), a backslash, `?`, `#`, a control character or an unencoded
   *   character; a query value that is not a string, finite number or boolean (or an array of
   *   them); a body on GET or HEAD, or one `JSON.stringify` cannot write; a header the client owns
   *   or that is malformed.
   * @throws {ApiError} the provider's error, mapped as for every call (`AuthenticationError`,
   *   `RateLimitError`, `ServerError`, …).
   * @throws {ResponseValidationError} for a 2xx whose JSON body does not parse, or over
   *   `maxResponseBytes`.
   * @throws {TimeoutError}, {ConnectionError}, {AbortedError}, {ClientClosedError}.
   *
   * @example
   * ```ts
   * const regions = await didww.request({ method: 'GET', path: '/regions', query: { 'filter[country.id]': countryId } });
   * const did = await didww.request({ method: 'PATCH', path: `/dids/${didId}`, body: { data: { id: didId, type: 'dids' } } });
   * ```
   */
  request(input: RawRequest, options?: RequestOptions): ApiPromise<unknown> {
    return new ApiPromise(sendRawRequest(this.transport, input, options));
  }

  /** Releases the client's sockets. A dispatcher you passed in stays open. Safe to call twice. */
  close(): Promise<void> {
    return this.transport.close();
  }

  /** `await using client = new XClient(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
