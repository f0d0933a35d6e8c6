import type { DispatcherLike } from './options.js';
import { sendOnce } from './send-once.js';
import type { Sender } from './sender.js';
import type { OutgoingRequest, RawResponse } from './wire.js';

/**
 * Sends through undici's dispatch API (send-once.ts), on the client's own agent or the dispatcher
 * it was given. The one sender that knows when a request was written: a failure before that is
 * provably not sent, on every request (docs/transport.md, "Senders").
 */
export class UndiciSender implements Sender {
  readonly kind = 'undici';
  readonly #dispatcher: DispatcherLike;
  readonly #owned: boolean;

  /** @param owned whether closing the client closes the dispatcher (its own agent) */
  constructor(dispatcher: DispatcherLike, owned: boolean) {
    this.#dispatcher = dispatcher;
    this.#owned = owned;
  }

  send(
    request: OutgoingRequest,
    timeoutMs: number,
    maxBytes: number,
    signal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    return sendOnce(this.#dispatcher, request, timeoutMs, maxBytes, signal);
  }

  close(): Promise<void> {
    return this.#owned ? this.#dispatcher.close() : Promise.resolve();
  }
}
