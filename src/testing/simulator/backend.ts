import type { SimClock } from './clock.js';
import type { FaultQueue, FaultSpec } from './faults.js';
import { READ_OPERATIONS, type SimOperation, type SimProvider, UNKNOWN_OPERATION } from './operations.js';
import { loggedBody, loggedHeaders, loggedPath, queryObject, type SimRequest } from './request-log.js';
import { jsonResponse } from './responses.js';

/** One request as a provider backend sees it. */
export interface SimCall {
  readonly method: string;
  readonly url: URL;
  /** Origin plus base path as the client called it, e.g. `http://127.0.0.1:4100/v3`: links are built on it. */
  readonly baseHref: string;
  /** Path below the base path, e.g. `/did_reservations/abc`. */
  readonly subpath: string;
  /** Values taken from the path by the route, e.g. `{ id }`. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  /** Parsed JSON body, the raw text when it is not JSON, `undefined` when empty. */
  readonly body: unknown;
  /** Whether the body was sent but is not valid JSON. */
  readonly bodyIsMalformedJson: boolean;
  /**
   * Simulated time a stale read (the `staleMs` fault) has caught up to: items created after it are
   * not seen yet. `undefined` when the call sees the current state, as every write does.
   */
  readonly seenUpTo: number | undefined;
}

/** A path the backend knows, and what it took from it. */
export interface RouteMatch {
  operation: SimOperation;
  params: Record<string, string>;
}

/** One simulated provider: its routes, its rules, its error shapes. */
export interface ProviderBackend {
  readonly provider: SimProvider;
  /** Finds the endpoint of a method and path below the base path. */
  route(method: string, subpath: string): RouteMatch | undefined;
  /** Answers a call: checks credentials, applies the provider's rules, acts, builds the answer. */
  handle(call: SimCall, operation: SimOperation): Response | Promise<Response>;
  /** The provider's own error answer for a status (used by injected faults without a body). */
  errorResponse(status: number): Response;
  /** The provider's answer to a path it does not have. */
  unknownPath(call: SimCall): Response;
}

/** Where a backend is mounted: an origin (any when unset) and a base path (`''`, `/v3`, `/api/v1`). */
export interface Mount {
  origin?: string;
  pathPrefix: string;
}

/** What every backend handler shares: the clock, the fault queue and the request log. */
export interface SimRuntime {
  readonly clock: SimClock;
  readonly faults: FaultQueue;
  readonly requests: SimRequest[];
  /** Log requests as received (credentials, app tokens, redeem codes in clear). */
  readonly rawLog: boolean;
}

function isJsonContentType(value: string | null): boolean {
  return value !== null && (value.includes('/json') || value.includes('+json'));
}

function parseBody(text: string, contentType: string | null): { body: unknown; malformed: boolean } {
  if (text === '') return { body: undefined, malformed: false };
  if (isJsonContentType(contentType) || /^\s*[[{]/.test(text)) {
    try {
      return { body: JSON.parse(text), malformed: false };
    } catch {
      return { body: text, malformed: true };
    }
  }
  return { body: text, malformed: false };
}

function belongsTo(url: URL, mount: Mount): boolean {
  if (mount.origin !== undefined && url.origin !== mount.origin) return false;
  return (
    mount.pathPrefix === '' ||
    url.pathname === mount.pathPrefix ||
    url.pathname.startsWith(`${mount.pathPrefix}/`)
  );
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function malformedCopy(response: Response): Promise<Response> {
  const text = await response.text();
  // Half a JSON document never parses; an empty body becomes a lone brace.
  const cut = text.length > 1 ? text.slice(0, Math.floor(text.length / 2)) : '{';
  const headers = new Headers(response.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return new Response(cut, { status: response.status === 204 ? 200 : response.status, headers });
}

/**
 * The real answer, whose body breaks off after its first half: the `cutBody` fault. The stream
 * fails once that half was read; served on loopback, that closes the socket mid-body.
 */
async function cutCopy(response: Response): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  // An answer without a body (a 204) has nothing to cut.
  if (bytes.length === 0) return new Response(null, init);
  const part = bytes.subarray(0, Math.floor(bytes.length / 2));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (part.length > 0) controller.enqueue(part);
    },
    // Asked for more once the first half was taken: that is where the connection dies.
    pull(controller) {
      controller.error(new Error('connection lost mid-body (injected cutBody fault)'));
    },
  });
  const headers = new Headers(response.headers);
  headers.set('content-length', String(bytes.length));
  return new Response(body, { ...init, headers });
}

/** How far a call's reads have caught up: `staleMs` before now on a read with that fault, else `undefined`. */
function staleReadCutoff(
  fault: FaultSpec | undefined,
  operation: SimOperation | undefined,
  clock: SimClock,
): number | undefined {
  if (fault?.staleMs === undefined || operation === undefined || !READ_OPERATIONS.has(operation))
    return undefined;
  return clock.now() - fault.staleMs;
}

function injectedResponse(backend: ProviderBackend, spec: FaultSpec & { status: number }): Response {
  let response: Response;
  if (spec.body === undefined) response = backend.errorResponse(spec.status);
  else if (typeof spec.body === 'string') response = new Response(spec.body, { status: spec.status });
  else response = jsonResponse(spec.body, { status: spec.status });
  for (const [name, value] of Object.entries(spec.headers ?? {})) response.headers.set(name, value);
  return response;
}

/**
 * One provider backend at one mount, as every way of reaching the simulator uses it: the loopback
 * servers, the msw handlers and the in-process dispatcher all hand it standard `Request`s.
 */
export interface SimResponder {
  /** Whether a URL is below this mount (its origin, when the mount has one, and its base path). */
  belongsTo(url: URL): boolean;
  /**
   * Logs the request, applies an injected fault, and otherwise lets the backend answer. A reset
   * is `Response.error()` (`type: 'error'`); a `cutBody` answer's body stream fails part-way.
   */
  respond(request: Request): Promise<Response>;
}

/** The responder of one provider backend at one mount. */
export function createResponder(backend: ProviderBackend, mount: Mount, runtime: SimRuntime): SimResponder {
  return {
    belongsTo: (url) => belongsTo(url, mount),
    respond: (request) => respond(backend, mount, runtime, request),
  };
}

async function respond(
  backend: ProviderBackend,
  mount: Mount,
  runtime: SimRuntime,
  request: Request,
): Promise<Response> {
  const url = new URL(request.url);
  const subpath = url.pathname.slice(mount.pathPrefix.length) || '/';
  const text = await request.text();
  const { body, malformed } = parseBody(text, request.headers.get('content-type'));
  const match = backend.route(request.method, subpath);
  const entry: SimRequest = {
    provider: backend.provider,
    operation: match?.operation ?? UNKNOWN_OPERATION,
    method: request.method,
    path: loggedPath(backend.provider, url.pathname, runtime.rawLog),
    query: queryObject(url.searchParams),
    headers: loggedHeaders(request.headers, runtime.rawLog),
    body: loggedBody(backend.provider, body, runtime.rawLog),
    status: undefined,
    fault: undefined,
    receivedAt: runtime.clock.now(),
  };
  runtime.requests.push(entry);
  const fault = match ? runtime.faults.take(match.operation) : undefined;
  entry.fault = fault;
  const call: SimCall = {
    method: request.method,
    url,
    baseHref: url.origin + mount.pathPrefix,
    subpath,
    params: match?.params ?? {},
    query: url.searchParams,
    headers: request.headers,
    body,
    bodyIsMalformedJson: malformed,
    seenUpTo: staleReadCutoff(fault, match?.operation, runtime.clock),
  };
  if (!match) {
    const response = backend.unknownPath(call);
    entry.status = response.status;
    return response;
  }

  let response: Response | undefined;
  if (fault?.reset === 'before') response = undefined;
  else if (fault?.status !== undefined) {
    if (fault.actFirst) await backend.handle(call, match.operation);
    response = injectedResponse(backend, { ...fault, status: fault.status });
  } else {
    response = await backend.handle(call, match.operation);
    if (fault?.reset === 'after') response = undefined;
    else if (fault?.malformed) response = await malformedCopy(response);
    else if (fault?.cutBody) response = await cutCopy(response);
  }
  if (fault?.delayMs) await wait(fault.delayMs);
  if (!response) return Response.error();
  entry.status = response.status;
  return response;
}
