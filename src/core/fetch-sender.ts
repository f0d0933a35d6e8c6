import { joinChunks, type Sender } from './sender.js';
import { AttemptFailure, type OutgoingRequest, type RawResponse } from './wire.js';

/** The `fetch` a client sends with: the runtime's, or one you pass (a test double, an instrumented one). */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string | undefined;
    signal: AbortSignal;
    redirect: 'manual';
  },
) => Promise<Response>;

/**
 * Failures that prove the request never left: the connection was never made. What each runtime
 * reports for them, as seen in test/runtimes (docs/transport.md, "Senders"): Node.js's fetch
 * (undici) and Bun a `code` (on the error or its cause); Deno a cause whose message names the
 * connect step. workerd says "Network connection lost." for a refused connection as for a dropped
 * one: nothing there proves a request unsent. Every other failure after `fetch()` was called may
 * have come after the request was written — fetch says nothing of that — so it is an unknown outcome.
 */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
// Deno: "error sending request for url (…): client error (Connect): tcp connect error: Connection
// refused", or "…: client error (Connect): dns error: …": the request was never written.
const DENO_NOT_CONNECTED = /client error \(Connect\)/;

/** The error and its causes, a few deep: where runtimes put what went wrong. */
function* causes(error: unknown): Generator<object> {
  let current = error;
  for (let depth = 0; current instanceof Object && depth < 4; depth += 1) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** The code a runtime put on a fetch failure, on it or on a cause. */
function failureCode(error: unknown): string | undefined {
  for (const current of causes(error)) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function provablyNotSent(error: unknown): boolean {
  for (const current of causes(error)) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_CONNECTED_CODES.has(code)) return true;
    if (current instanceof Error && DENO_NOT_CONNECTED.test(current.message)) return true;
  }
  return false;
}

/**
 * Sends through `fetch` (Bun, Deno, Cloudflare Workers, edge runtimes; on Node.js when asked).
 * fetch gives no "request written" signal: a failure proves nothing was sent only when the runtime
 * says the connection was never made ({@link NOT_CONNECTED_CODES}); any other failure once `fetch()`
 * was called is `sent` (an unknown outcome). Redirects are not followed (`redirect: 'manual'`), as
 * with undici: a provider's 3xx is an answer, never a second request.
 */
export class FetchSender implements Sender {
  readonly kind = 'fetch';
  readonly #fetch: FetchLike;

  constructor(fetchFunction: FetchLike) {
    this.#fetch = fetchFunction;
  }

  async send(
    request: OutgoingRequest,
    timeoutMs: number,
    maxBytes: number,
    signal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    if (signal?.aborted) throw new AttemptFailure('aborted', false, signal.reason);
    // The runtime's own timeout signal, joined to the caller's only when there is one: cheaper per
    // call than a controller and a timer of ours (bench "The fetch sender in Bun, Deno and workerd").
    // Whole ms: the attempt's time is what is left of the call's deadline, a fraction, and Node's
    // AbortSignal.timeout takes integers only.
    const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
    const stop = signal ? AbortSignal.any([signal, timeout]) : timeout;
    // Why the exchange stopped, once it did: the caller's abort, the timeout, or the network.
    const failure = (error: unknown, sent: boolean, status?: number) => {
      if (signal?.aborted) return new AttemptFailure('aborted', sent, signal.reason, undefined, status);
      if (timeout.aborted) return new AttemptFailure('timeout', sent, undefined, undefined, status);
      return new AttemptFailure('connection', sent, error, failureCode(error), status);
    };
    let response: Response;
    try {
      response = await this.#fetch(request.origin + request.path, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: stop,
        redirect: 'manual',
      });
    } catch (error) {
      const stopped = timeout.aborted || signal?.aborted === true;
      if (error instanceof TypeError && !stopped && isRefusal(error))
        throw new AttemptFailure('refused', false, error);
      throw failure(error, stopped || !provablyNotSent(error));
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    try {
      return await readBody(response, headers, maxBytes);
    } catch (error) {
      if (error instanceof AttemptFailure) throw error;
      throw failure(error, true, response.status);
    }
  }

  close(): Promise<void> {
    // fetch's connections are the runtime's: nothing of ours to close.
    return Promise.resolve();
  }
}

/**
 * A request fetch refused before sending it (a header value it cannot send): the same request
 * would be refused again. Node.js and Bun say so in the message; the runtime never connected.
 */
function isRefusal(error: TypeError): boolean {
  return /invalid header|header value|headers? .*invalid|Invalid URL/i.test(error.message);
}

/** The body, read up to `maxBytes`: a larger 2xx body is refused, a larger error body cut. */
async function readBody(
  response: Response,
  headers: Record<string, string>,
  maxBytes: number,
): Promise<RawResponse> {
  const status = response.status;
  const success = status >= 200 && status < 300;
  const declared = Number(headers['content-length']);
  if (success && declared > maxBytes) {
    await response.body?.cancel();
    throw new AttemptFailure('too_large', true, undefined, undefined, status);
  }
  if (!response.body) return { status, headers, body: new Uint8Array(0), truncated: false };
  // A declared length within the cap: read whole at once (a chunk loop is several times slower in
  // Deno: bench "The fetch sender in Bun, Deno and workerd"). The runtime fails a body that does
  // not match its content-length.
  if (Number.isSafeInteger(declared) && declared <= maxBytes && headers['content-length'] !== '')
    return { status, headers, body: new Uint8Array(await response.arrayBuffer()), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { status, headers, body: joinChunks(chunks, size), truncated: false };
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      if (success) throw new AttemptFailure('too_large', true, undefined, undefined, status);
      // An error body is only read for its message: keep the start.
      chunks.push(value.subarray(0, value.length - (size - maxBytes)));
      return { status, headers, body: joinChunks(chunks, maxBytes), truncated: true };
    }
    chunks.push(value);
  }
}
