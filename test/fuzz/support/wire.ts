import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import {
  type HandlerServer,
  type ReceivedRequest,
  type SimOperation,
  type SimRequest,
  type Simulator,
  serveHandlers,
} from 'reservekit/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** One simulated provider. */
export type Provider = 'arianee' | 'didww' | 'dots';

const PROVIDERS: readonly Provider[] = ['arianee', 'didww', 'dots'];
const PREFIX: Record<Provider, string> = { arianee: '', didww: '/v3', dots: '/api/v1' };

/** A request as it arrived on the socket: the request target and header lines, byte for byte. */
export interface RawRequest {
  provider: Provider;
  method: string;
  /** The request target exactly as sent (`/v3/did_reservations?include=…`). */
  target: string;
  /** Names and values in turn, as sent. */
  rawHeaders: string[];
}

/** Bytes the server refused before reading them as a request (Node's parser), and why. */
export interface Unparseable {
  provider: Provider;
  /** Node's parser error code, e.g. `HPE_INVALID_HEADER_TOKEN`. */
  code: string;
}

/** What reached the providers since a {@link Mark}. */
export interface Seen {
  /** The simulator's own log (`sim.requests`). */
  sim: SimRequest[];
  /** The loopback servers' log (`serveHandlers(...).requests`): bodies as sent. */
  served: (ReceivedRequest & { provider: Provider })[];
  /** The request lines and headers as sent. */
  raw: RawRequest[];
  /** Requests the HTTP parser refused (a request-target or header no server accepts). */
  unparseable: Unparseable[];
  /** Requests whose head was larger than the server reads (answered 431): sent, and well formed. */
  oversized: Provider[];
}

/** Positions in every log, to tell what a call added. */
export interface Mark {
  sim: number;
  served: Record<Provider, number>;
  raw: number;
  unparseable: number;
  oversized: number;
}

/** The simulator served on loopback through `serveHandlers`, with every log a fuzz check needs. */
export interface Wire {
  readonly sim: Simulator;
  /** Each provider's base URL (DIDWW's with `/v3`, Dots.eco's with `/api/v1`). */
  readonly urls: Readonly<Record<Provider, string>>;
  /** The loopback servers, one per provider. */
  readonly servers: Readonly<Record<Provider, HandlerServer>>;
  mark(): Mark;
  since(mark: Mark): Seen;
}

/**
 * Serves `sim` on three loopback servers built with `serveHandlers` (what `sim.listen()` does), and
 * records what arrived: the request target and headers as sent, and the requests Node's HTTP parser
 * refused (a client that sends a control character or a raw space sends something no server reads).
 * Call it at the top of a test file: servers start before its tests, the simulator and the logs
 * are emptied before each test, and the servers close after them all.
 */
export function useWire(sim: Simulator): Wire {
  let servers: Record<Provider, HandlerServer> | undefined;
  let urls: Record<Provider, string> | undefined;
  const raw: RawRequest[] = [];
  const unparseable: Unparseable[] = [];
  const oversized: Provider[] = [];

  beforeAll(async () => {
    const started = await Promise.all(PROVIDERS.map(() => serveHandlers([])));
    const [arianee, didww, dots] = started as [HandlerServer, HandlerServer, HandlerServer];
    servers = { arianee, didww, dots };
    urls = {
      arianee: arianee.url + PREFIX.arianee,
      didww: didww.url + PREFIX.didww,
      dots: dots.url + PREFIX.dots,
    };
    const handlers = sim.handlers(urls);
    PROVIDERS.forEach((provider, index) => {
      const server = (servers as Record<Provider, HandlerServer>)[provider];
      server.use(handlers[index] as (typeof handlers)[number]);
      server.server.on('request', (request: IncomingMessage) => {
        raw.push({
          provider,
          method: request.method ?? '',
          target: request.url ?? '',
          rawHeaders: [...request.rawHeaders],
        });
      });
      // With a listener, Node leaves the answer to us: 431 for a head too large (a server limit,
      // not a malformed request), 400 for bytes that are not HTTP.
      server.server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
        const code = error.code ?? 'unknown';
        if (code === 'HPE_HEADER_OVERFLOW') oversized.push(provider);
        // A request cut short (the client gave up mid-write) is truncated, not malformed.
        else if (code.startsWith('HPE_') && code !== 'HPE_INVALID_EOF_STATE')
          unparseable.push({ provider, code });
        if (!socket.writable) return;
        const status =
          code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
        socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      });
    });
  });
  beforeEach(() => {
    sim.clear();
    raw.length = 0;
    unparseable.length = 0;
    oversized.length = 0;
    for (const provider of PROVIDERS) current().servers[provider].requests.length = 0;
  });
  afterAll(async () => {
    if (servers) await Promise.all(PROVIDERS.map((provider) => servers?.[provider].close()));
  });

  const current = () => {
    if (!servers || !urls) throw new Error('the wire starts in beforeAll: use it in a test or a later hook');
    return { servers, urls };
  };

  return {
    sim,
    get urls() {
      return current().urls;
    },
    get servers() {
      return current().servers;
    },
    mark() {
      const { servers: all } = current();
      return {
        sim: sim.requests.length,
        served: {
          arianee: all.arianee.requests.length,
          didww: all.didww.requests.length,
          dots: all.dots.requests.length,
        },
        raw: raw.length,
        unparseable: unparseable.length,
        oversized: oversized.length,
      };
    },
    since(mark) {
      const { servers: all } = current();
      return {
        sim: sim.requests.slice(mark.sim),
        served: PROVIDERS.flatMap((provider) =>
          all[provider].requests.slice(mark.served[provider]).map((request) => ({ ...request, provider })),
        ),
        raw: raw.slice(mark.raw),
        unparseable: unparseable.slice(mark.unparseable),
        oversized: oversized.slice(mark.oversized),
      };
    },
  };
}

/** Whether anything at all reached a server. */
export function reachedWire(seen: Seen): boolean {
  return seen.raw.length + seen.unparseable.length + seen.oversized.length + seen.sim.length > 0;
}

/** The simulator operations each public method may reach (a create's lookups included). */
export type ExpectedOperations = readonly SimOperation[];
