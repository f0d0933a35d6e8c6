import type { Dispatcher } from 'undici';

// What every sender (undici's dispatch API, fetch) speaks with the transport: one request out, one
// answer read whole, or an AttemptFailure saying whether the request provably was not sent.

/** One HTTP exchange as the transport needs it. */
export interface OutgoingRequest {
  origin: string;
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A response read whole (up to the size cap). */
export interface RawResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** The body was longer than the cap and was cut there (error statuses only). */
  truncated: boolean;
}

/**
 * Why an attempt produced no response. `refused`: the request was refused before it was queued
 * (undici's `dispatch()` refusing an invalid header value, say), and sending it again cannot help.
 * `sent` is `false` only when the request provably was not sent (undici never reported it written;
 * fetch failed to connect at all: docs/transport.md, "Senders"). `status` is the response's, when
 * its headers had arrived (a 2xx whose body was then cut: the provider acted).
 */
export class AttemptFailure extends Error {
  constructor(
    readonly reason: 'timeout' | 'connection' | 'aborted' | 'too_large' | 'refused',
    readonly sent: boolean,
    override readonly cause: unknown,
    readonly systemCode?: string,
    /** The response status, when headers had arrived. */
    readonly status?: number,
  ) {
    super(reason);
  }
}
