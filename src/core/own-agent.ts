import { Agent, Client, type Dispatcher, Pool } from 'undici';
import { wasRefused } from './send-once.js';

/** How the client's own agent is set up (validated client options, defaults applied). */
export interface OwnAgentSettings {
  keepAliveTimeoutMs: number;
  connections: number;
  connectTimeoutMs: number;
}

/**
 * A connection that a refused request does not put out of service.
 *
 * undici (8.x) refuses some requests inside `dispatch()` — a header value with CR/LF/NUL, a timeout
 * that is not a number — by calling the handler's `onResponseError` before `dispatch()` returns
 * `false`. Its `Pool` reads that `false` as "this connection is busy, wait for its drain event", but
 * the request was never queued, so no drain ever comes: each refusal took one of the pool's
 * `connections` for good, and after 64 every call waited in the pool's queue until it timed out.
 * Here a request `sendOnce` saw refused answers `true` (nothing queued, nothing to wait for), so the
 * pool keeps using the connection. Only `sendOnce` dispatches through the client's own agent; the
 * refusal still reaches it and is reported as a request that was not sent.
 */
class RefusalSafeClient extends Client {
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    // No wrapper per request: the hot path pays one WeakSet lookup, and only when undici says false.
    return super.dispatch(options, handler) || wasRefused(handler);
  }
}

function refusalSafeClient(origin: URL, options: object): Dispatcher {
  return new RefusalSafeClient(origin, options);
}

/** The agent a client owns when you pass no `dispatcher`: keep-alive, bounded sockets, refusal-safe. */
export function createOwnAgent(settings: OwnAgentSettings): Agent {
  return new Agent({
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    keepAliveMaxTimeout: settings.keepAliveTimeoutMs,
    connections: settings.connections,
    connect: { timeout: settings.connectTimeoutMs },
    // Always a Pool (undici's default makes a bare Client for `connections: 1`), of refusal-safe clients.
    factory: (origin, options) => new Pool(origin, { ...options, factory: refusalSafeClient }),
  });
}
