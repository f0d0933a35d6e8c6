import { Dispatcher, errors } from 'undici';
import { type Respond, wireAnswer } from './wire-answer.js';

/** Why a request never left the process: its origin is not one the dispatcher answers for. */
const UNKNOWN_ORIGIN = 'ERR_SIMULATOR_UNKNOWN_ORIGIN';

/** What a reset looks like over a socket (`read ECONNRESET`), so that both routes fail alike. */
function connectionReset(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' });
}

/**
 * The controller undici hands a handler: `abort()` ends the exchange at once (the handler hears of
 * it through `onResponseError`, on the next microtask); `pause()` holds the end of the answer back
 * until `resume()`, as a paused socket would.
 */
class ExchangeController implements Dispatcher.DispatchController {
  #aborted = false;
  #paused = false;
  #reason: Error | null = null;
  #wake: (() => void) | undefined;
  readonly #onAbort: (reason: Error) => void;

  constructor(onAbort: (reason: Error) => void) {
    this.#onAbort = onAbort;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get reason(): Error | null {
    return this.#reason;
  }

  abort(reason: Error): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.resume();
    this.#onAbort(reason);
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#wake?.();
    this.#wake = undefined;
  }

  /** Resolves once the handler is not paused (at once when it is not). */
  whenFlowing(): Promise<void> {
    if (!this.#paused) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }
}

/** undici accepts headers as an object, a flat `[name, value, …]` array, or name/value pairs. */
function requestHeaders(headers: Dispatcher.DispatchOptions['headers']): Headers {
  const out = new Headers();
  const add = (name: string, value: string | string[] | number | undefined) => {
    if (value === undefined) return;
    for (const one of Array.isArray(value) ? value : [value]) out.append(name, String(one));
  };
  if (headers == null) return out;
  if (Array.isArray(headers) && (headers.length === 0 || typeof headers[0] === 'string')) {
    const flat = headers as string[];
    for (let i = 0; i + 1 < flat.length; i += 2) add(flat[i] as string, flat[i + 1]);
  } else if (Symbol.iterator in headers) {
    for (const [name, value] of headers as Iterable<[string, string | string[] | undefined]>)
      add(name, value);
  } else {
    for (const [name, value] of Object.entries(headers)) add(name, value);
  }
  return out;
}

/** The request body as bytes (a string, a buffer, an iterable of chunks, a form). */
async function requestBody(
  body: Dispatcher.DispatchOptions['body'],
  headers: Headers,
): Promise<Uint8Array | undefined> {
  if (body == null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof FormData) {
    const encoded = new Response(body);
    if (!headers.has('content-type')) headers.set('content-type', encoded.headers.get('content-type') ?? '');
    return new Uint8Array(await encoded.arrayBuffer());
  }
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<string | Uint8Array>)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The request URL: origin, path (with its query), and undici's `query` option if given. */
function requestUrl(origin: string, options: Dispatcher.DispatchOptions): URL {
  const url = new URL(options.path, origin);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(one));
  }
  return url;
}

function originOf(origin: Dispatcher.DispatchOptions['origin']): string | undefined {
  if (origin === undefined) return undefined;
  try {
    return new URL(String(origin)).origin;
  } catch {
    return undefined;
  }
}

/**
 * An undici dispatcher that answers in process: requests to a known origin go to its responder
 * (the same code the loopback servers and msw handlers run), with no socket and no DNS lookup;
 * any other origin is refused before anything leaves the process. Built by `sim.dispatcher()`.
 *
 * It reports a request sent (`onRequestSent`) when the responder received it, as a socket reports
 * it written: a reset after that is an unknown outcome, a refusal before it provably sent nothing.
 * Faults play out as on a socket: a reset fails with `ECONNRESET`, a cut body sends the status,
 * headers and the first bytes, then fails with undici's `SocketError` ("other side closed").
 * Only promises and microtasks run between the responder's timers (a fault's `delayMs`), so fake
 * timers move a call forward deterministically (docs/testing.md, "Fake timers"). Timeouts are the
 * caller's (reservekit's clients have their own); `headersTimeout`/`bodyTimeout` are not applied.
 */
export class InProcessDispatcher extends Dispatcher {
  readonly #routes: ReadonlyMap<string, Respond>;
  readonly #served: readonly string[];
  readonly #inFlight = new Map<ExchangeController, Promise<void>>();
  #closed = false;

  /**
   * @param routes each origin (`https://impact.dots.eco`) and what answers below it.
   * @param served the base URLs simulated, named in the refusal of any other origin.
   */
  constructor(routes: ReadonlyMap<string, Respond>, served: readonly string[]) {
    super();
    this.#routes = routes;
    this.#served = served;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      handler.onResponseError?.(controller, error);
    };
    // The handler hears of an abort once its own call to abort() has returned.
    const controller = new ExchangeController((reason) => queueMicrotask(() => fail(reason)));
    const refusal = this.#refusal(options);
    if (refusal) {
      // As undici refuses a request inside dispatch(): before onRequestStart, nothing sent.
      failed = true;
      handler.onResponseError?.(controller, refusal);
      return false;
    }
    const origin = originOf(options.origin) as string;
    handler.onRequestStart?.(controller, {});
    if (controller.aborted) return true;
    const exchange = this.#exchange(origin, options, handler, controller, fail).catch((error: unknown) =>
      fail(error instanceof Error ? error : new Error(String(error))),
    );
    this.#inFlight.set(controller, exchange);
    void exchange.then(() => this.#inFlight.delete(controller));
    return true;
  }

  #refusal(options: Dispatcher.DispatchOptions): Error | undefined {
    if (this.#closed) return new errors.ClientClosedError();
    if (options.upgrade || options.method === 'CONNECT')
      return new errors.NotSupportedError('sim.dispatcher() does not support upgrades or CONNECT');
    const origin = originOf(options.origin);
    if (origin !== undefined && this.#routes.has(origin)) return undefined;
    const error = new Error(
      `sim.dispatcher() does not simulate ${origin ?? String(options.origin)}: the request was not sent ` +
        `(no DNS lookup, no socket). It answers for ${this.#served.join(', ')}; give a client's base URL ` +
        'to sim.dispatcher({ … }) to simulate it there.',
    );
    return Object.assign(error, { code: UNKNOWN_ORIGIN });
  }

  async #exchange(
    origin: string,
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
    controller: ExchangeController,
    fail: (error: Error) => void,
  ): Promise<void> {
    const url = requestUrl(origin, options);
    const headers = requestHeaders(options.headers);
    const bytes = await requestBody(options.body, headers);
    if (controller.aborted) return;
    const method = options.method;
    const hasBody = bytes !== undefined && bytes.length > 0 && method !== 'GET' && method !== 'HEAD';
    // What undici would have put on the wire, so that `sim.requests` reads the same on both routes.
    if (!headers.has('host')) headers.set('host', url.host);
    if (hasBody && !headers.has('content-length')) headers.set('content-length', String(bytes.length));
    const request = new Request(url, { method, headers, body: hasBody ? new Uint8Array(bytes) : undefined });
    // The provider has it now: whatever happens next, it may have acted.
    handler.onRequestSent?.();
    if (controller.aborted) return;
    const respond = this.#routes.get(origin) as Respond;
    const answer = await wireAnswer(respond, request);
    if (controller.aborted) return;
    if (answer.reset) return fail(connectionReset());
    handler.onResponseStart?.(controller, answer.status, answer.headers, answer.statusText);
    if (controller.aborted) return;
    if (answer.body.length > 0) handler.onResponseData?.(controller, answer.body);
    if (controller.aborted) return;
    if (answer.broken) return fail(new errors.SocketError('other side closed'));
    await controller.whenFlowing();
    if (controller.aborted) return;
    handler.onResponseEnd?.(controller, {});
  }

  override close(callback: () => void): void;
  override close(): Promise<void>;
  override close(callback?: () => void): Promise<void> | void {
    this.#closed = true;
    const settled = Promise.all(this.#inFlight.values()).then(() => undefined);
    if (!callback) return settled;
    void settled.then(callback);
  }

  override destroy(err: Error | null, callback: () => void): void;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null): Promise<void>;
  override destroy(): Promise<void>;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    const err = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const done = typeof errOrCallback === 'function' ? errOrCallback : callback;
    this.#closed = true;
    for (const controller of this.#inFlight.keys())
      controller.abort(err ?? new errors.ClientDestroyedError());
    const settled = Promise.all(this.#inFlight.values()).then(() => undefined);
    if (!done) return settled;
    void settled.then(done);
  }
}
