import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCredentialHeader, REDACTED_HEADER } from './simulator/request-log.js';
import { type Respond, wireAnswer } from './wire-answer.js';

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

/** A loopback HTTP server answering through a {@link Respond} function. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The underlying `node:http` server. */
  readonly server: Server;
  /** Every request received, in order; credential headers redacted unless `raw`. */
  readonly requests: ReceivedRequest[];
  /** Stops accepting, closes every socket. */
  close(): Promise<void>;
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

/**
 * Serves a {@link Respond} function on 127.0.0.1: the simulator's loopback servers, and (with
 * msw's `getResponse`) `serveHandlers`. Needs no msw. `Response.error()` resets the socket; a
 * response whose body stream fails part-way is sent as its status, headers and the bytes that came,
 * then the connection is closed mid-body.
 */
export async function serveLoopback(
  respond: Respond,
  options: { port?: number; raw?: boolean } = {},
): Promise<LoopbackServer> {
  const { port = 0, raw = false } = options;
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
    const answer = await wireAnswer(respond, request);
    if (answer.reset) {
      req.socket.resetAndDestroy();
      return;
    }
    const statusText = answer.statusText || undefined;
    if (answer.broken) {
      // The body broke off after the answer began: send the status, the headers and what came,
      // then close the connection mid-body — what a client sees when a provider's connection dies
      // while answering.
      res.writeHead(answer.status, statusText, answer.headers);
      res.flushHeaders();
      res.write(answer.body, () => req.socket.destroy());
      return;
    }
    res.writeHead(answer.status, statusText, answer.headers).end(answer.body);
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
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
