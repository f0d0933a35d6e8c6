import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import { isCredentialHeader, REDACTED_HEADER } from './simulator/request-log.js';

/** A request the loopback server received, as a test wants to assert on it. */
export interface ReceivedRequest {
  /** The HTTP method, e.g. `GET`. */
  method: string;
  /** Path without the query. */
  path: string;
  /** The query parameters. */
  query: URLSearchParams;
  /**
   * Lower-cased names, values as received — except credentials (`authorization`, `api-key`,
   * `auth-token`, `x-api-key`, `cookie`, `proxy-authorization`), which read `[REDACTED]` unless the
   * server was started with `{ raw: true }`.
   */
  headers: Record<string, string>;
  /** The raw body text ('' when none). */
  body: string;
}

/** An HTTP server on 127.0.0.1 answering with msw handlers. */
export interface HandlerServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The underlying `node:http` server. */
  readonly server: Server;
  /** Every request received, in order; credential headers redacted unless `raw` (see {@link ServeHandlersOptions}). */
  readonly requests: ReceivedRequest[];
  /** Replaces the handlers (e.g. per test). */
  use(...handlers: RequestHandler[]): void;
  /** Stops accepting, closes every socket. */
  close(): Promise<void>;
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

/** The headers as the log keeps them: credentials redacted unless asked for raw. */
function loggedHeaders(headers: Record<string, string>, raw: boolean): Record<string, string> {
  if (raw) return headers;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    out[name] = isCredentialHeader(name) ? REDACTED_HEADER : value;
  return out;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A response body read to its end, or as far as it went before its stream failed (`broken`). */
async function readAll(body: ReadableStream<Uint8Array> | null): Promise<{ bytes: Buffer; broken: boolean }> {
  const chunks: Uint8Array[] = [];
  if (!body) return { bytes: Buffer.alloc(0), broken: false };
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(chunks), broken: false };
      chunks.push(value);
    }
  } catch {
    return { bytes: Buffer.concat(chunks), broken: true };
  }
}

/**
 * Serves msw request handlers from a real loopback HTTP server. msw intercepts global `fetch` and
 * `node:http` only, not `undici.request`; serving the handlers for real means undici-based clients
 * (reservekit's included) go through their whole transport. `HttpResponse.error()` resets the socket.
 * A response whose body stream fails part-way is sent as its status, headers and the bytes that
 * came, then the connection is closed mid-body (a client reading the body gets an error).
 *
 * Every request is logged in `requests`, credential headers redacted unless `options.raw` is set.
 * `options` may also be a number: the port.
 *
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
  const { port = 0, raw = false } = typeof options === 'number' ? { port: options } : options;
  let current = handlers;
  const requests: ReceivedRequest[] = [];

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const url = new URL(req.url ?? '/', origin);
    const headers = headersOf(req);
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: loggedHeaders(headers, raw),
      body: body.toString('utf8'),
    });
    const request = new Request(url, {
      method: req.method,
      headers,
      body: body.length && req.method !== 'GET' && req.method !== 'HEAD' ? new Uint8Array(body) : undefined,
    });
    let response: Response | undefined;
    try {
      response = await getResponse(current, request);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`handler threw: ${(error as Error).message}`);
      return;
    }
    if (!response) {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(`no handler for ${req.method} ${url.pathname}`);
      return;
    }
    if (response.type === 'error') {
      req.socket.resetAndDestroy();
      return;
    }
    const { bytes, broken } = await readAll(response.body);
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      outHeaders[name] = value;
    });
    if (broken) {
      // The body broke off after the answer began: send the status, the headers (a content-length
      // the handler gave is kept, else it goes chunked) and what came, then close the connection
      // mid-body — what a client sees when a provider's connection dies while answering.
      res.writeHead(response.status, response.statusText || undefined, outHeaders);
      res.flushHeaders();
      res.write(bytes, () => req.socket.destroy());
      return;
    }
    outHeaders['content-length'] = String(bytes.length);
    res.writeHead(response.status, response.statusText || undefined, outHeaders).end(bytes);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      res.destroy(error as Error);
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: bound } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${bound}`,
    server,
    requests,
    use(...next: RequestHandler[]) {
      current = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
