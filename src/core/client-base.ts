import type { Transport } from './transport.js';

/** What every provider client shares: one transport, closed once. */
export abstract class ClientBase implements AsyncDisposable {
  protected readonly transport: Transport;

  protected constructor(transport: Transport) {
    this.transport = transport;
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
