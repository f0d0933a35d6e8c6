import type { OutgoingRequest, RawResponse } from './wire.js';

/**
 * How the transport sends one attempt (docs/transport.md, "Senders"): through undici's dispatch API
 * (the default on Node.js) or through `fetch` (the default where undici's dispatcher does not work:
 * Bun, Deno, Cloudflare Workers, edge runtimes). Everything else — timeouts over the call,
 * retries, lookups, parsing, redaction, errors — is the transport's, the same for both.
 */
export interface Sender {
  /** `undici` or `fetch`. */
  readonly kind: 'undici' | 'fetch';
  /**
   * Sends one request and reads the answer whole, up to `maxBytes`. Rejects with an
   * `AttemptFailure` (wire.ts) that says whether the request provably was not sent.
   */
  send(
    request: OutgoingRequest,
    timeoutMs: number,
    maxBytes: number,
    signal: AbortSignal | undefined,
  ): Promise<RawResponse>;
  /** Closes what the sender owns (the client's own connection pool); never what it was given. */
  close(): Promise<void>;
}

const utf8 = new TextDecoder();

/** A body's text (UTF-8, invalid sequences replaced), from any sender's bytes. */
export function bodyText(body: Uint8Array): string {
  return utf8.decode(body);
}

/** The chunks as one array of bytes (the one chunk itself when there is one). */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
