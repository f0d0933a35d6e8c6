import type { RequestHandler } from 'msw';
import { type LoopbackServer, type ReceivedRequest, serveLoopback } from './loopback-server.js';
import { requireMsw } from './optional-msw.js';

export type { ReceivedRequest };

/** An HTTP server on 127.0.0.1 answering with msw handlers. */
export interface HandlerServer extends LoopbackServer {
  /** Replaces the handlers (e.g. per test). */
  use(...handlers: RequestHandler[]): void;
}

/** Options of {@link serveHandlers}. */
export interface ServeHandlersOptions {
  /** The port on 127.0.0.1. Default 0: a free port the system chooses. */
  port?: number;
  /**
   * Log credential headers as received. Default `false`: in `requests` they read `[REDACTED]`, so
   * that a failing test's output never prints a key. The handlers always see the real values.
   */
  raw?: boolean;
}

/**
 * Serves msw request handlers from a real loopback HTTP server. msw intercepts global `fetch` and
 * `node:http` only, not `undici.request`; serving the handlers for real means undici-based clients
 * (reservekit's included) go through their whole transport. `HttpResponse.error()` resets the socket.
 * A response whose body stream fails part-way is sent as its status, headers and the bytes that
 * came, then the connection is closed mid-body (a client reading the body gets an error).
 *
 * Every request is logged in `requests`, credential headers redacted unless `options.raw` is set.
 * `options` may also be a number: the port. Needs msw (an optional peer dependency).
 *
 * @throws {Error} "install msw (npm i -D msw)" when msw is not installed (the promise rejects).
 * @example
 * ```ts
 * const server = await serveHandlers([http.get('*\/ping', () => HttpResponse.json({ ok: true }))]);
 * // point a client's baseUrl at server.url …
 * await server.close();
 * // To assert on the credentials a client sent: serveHandlers(handlers, { raw: true }).
 * ```
 */
export async function serveHandlers(
  handlers: RequestHandler[] = [],
  options: ServeHandlersOptions | number = {},
): Promise<HandlerServer> {
  const { getResponse } = requireMsw('serveHandlers()');
  let current = handlers;
  const server = await serveLoopback(
    (request) => getResponse(current, request),
    typeof options === 'number' ? { port: options } : options,
  );
  return {
    ...server,
    use(...next: RequestHandler[]) {
      current = next;
    },
  };
}
