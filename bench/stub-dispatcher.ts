import { Dispatcher } from 'undici';

const NO_TRAILERS = {};

/** The documented linkObject answer (PROVIDERS.md §1.3), as the loopback server sends it. */
export const LINK_OBJECT_BODY =
  '{"method":"requestOwnership","certificateId":440105186,"passphrase":"v6lsj4vhg5dx","deeplink":{"certificateId":440105186,"passphrase":"v6lsj4vhg5dx","link":"https://test.arianee.net/440105186,v6lsj4vhg5dx"}}';

/** A base URL for clients of the stub: never dialled (port 9, discard), the stub answers everything. */
export const STUB_BASE_URL = 'http://127.0.0.1:9';

/** What the stub hands to the handler: the dispatcher API's controller, with nothing to control. */
class StubController implements Dispatcher.DispatchController {
  aborted = false;
  paused = false;
  reason: Error | null = null;

  abort(reason: Error): void {
    this.aborted = true;
    this.reason = reason;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }
}

/**
 * An undici dispatcher with no network behind it: every request is answered, one microtask later,
 * with the same 200 and body. Driving the SDK and raw `undici.request` through it leaves only
 * their client-side work (input checks, request building, handler, body, parsing, validation,
 * promises) to time: the part of a call the SDK can make cheaper.
 */
export class StubDispatcher extends Dispatcher {
  readonly #body: Buffer;
  readonly #headers: Record<string, string>;

  constructor(body: string) {
    super();
    this.#body = Buffer.from(body);
    this.#headers = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(this.#body.byteLength),
    };
  }

  override dispatch(_options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    queueMicrotask(() => this.#answer(handler));
    return true;
  }

  #answer(handler: Dispatcher.DispatchHandler): void {
    const controller = new StubController();
    handler.onRequestStart?.(controller, {});
    handler.onRequestSent?.();
    if (controller.aborted) {
      handler.onResponseError?.(controller, controller.reason ?? new Error('aborted'));
      return;
    }
    // A copy per response, as a real parser hands out a fresh object each time.
    handler.onResponseStart?.(controller, 200, { ...this.#headers }, 'OK');
    handler.onResponseData?.(controller, this.#body);
    handler.onResponseEnd?.(controller, NO_TRAILERS);
  }
}
