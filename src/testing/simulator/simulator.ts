import type { RequestHandler } from 'msw';
import type { Dispatcher } from 'undici';
import { InProcessDispatcher } from '../in-process-dispatcher.js';
import { type InProcessFetch, inProcessFetch } from '../in-process-fetch.js';
import { type LoopbackServer, serveLoopback } from '../loopback-server.js';
import type { Respond } from '../wire-answer.js';
import { ARIANEE_DEFAULTS, ArianeeBackend, type ArianeeSimOptions } from './arianee/backend.js';
import { PassportPool, type SimArianee } from './arianee/pool.js';
import {
  createResponder,
  type Mount,
  type ProviderBackend,
  type SimResponder,
  type SimRuntime,
} from './backend.js';
import { createClock, type SimClock, type SimClockOptions } from './clock.js';
import { DidwwBackend } from './didww/backend.js';
import { DidwwInventory, type SimDidww } from './didww/inventory.js';
import { DIDWW_DEFAULTS, type DidwwSimOptions } from './didww/options.js';
import { DidwwTokenBackend, TokenIssuer } from './didww/tokens.js';
import { DOTS_DEFAULTS, DotsBackend, type DotsSimOptions } from './dots/backend.js';
import { OfferingStore, type SimDots } from './dots/offerings.js';
import { createFaultQueue, type SimFaults } from './faults.js';
import { mswHandler } from './msw-handlers.js';
import type { SimProvider } from './operations.js';
import type { SimLogOptions, SimRequest } from './request-log.js';

/** Options of {@link createSimulator}. Every field is optional; the defaults are in docs/testing.md. */
export interface SimulatorOptions {
  /** The simulated Arianee NMP: its key, auth header, tag matching, link host. */
  arianee?: ArianeeSimOptions;
  /** The simulated DIDWW account: its key, versions, hold lifetime, plan cap, rate limit. */
  didww?: DidwwSimOptions;
  /** The simulated Dots.eco company: its tokens, apps, and undocumented behaviours. */
  dots?: DotsSimOptions;
  /** The simulated clock: frozen at `start` when given, else following real time. */
  clock?: SimClockOptions;
  /**
   * The request log ({@link Simulator.requests}). By default credentials, Dots.eco app tokens and
   * redeem codes read `[REDACTED]` in it; `{ raw: true }` keeps them as received.
   */
  log?: SimLogOptions;
}

/** Where one simulated provider listens: the base URL to give its client. */
export interface SimulatorEndpoint {
  /** e.g. `http://127.0.0.1:41234` (Arianee), `…/v3` (DIDWW), `…/api/v1` (Dots.eco). */
  url: string;
}

/** Where the simulated DIDWW listens: its API, and its token service (API 2026-11-19). */
export interface SimulatorDidwwEndpoint extends SimulatorEndpoint {
  /** The token service, e.g. `http://127.0.0.1:41002/token`: `DidwwClient`'s `tokenUrl`. */
  tokenUrl: string;
}

/** What {@link Simulator.listen} returns: one base URL per provider. */
export interface SimulatorUrls {
  /** The Arianee NMP, e.g. `http://127.0.0.1:41001`. */
  arianee: SimulatorEndpoint;
  /** DIDWW, e.g. `http://127.0.0.1:41002/v3`, and its token service. */
  didww: SimulatorDidwwEndpoint;
  /** Dots.eco, e.g. `http://127.0.0.1:41003/api/v1`. */
  dots: SimulatorEndpoint;
}

/** Options of {@link Simulator.listen}. */
export interface ListenOptions {
  /** Fixed loopback ports per provider (default: free ports chosen by the system). */
  ports?: Partial<Record<SimProvider, number>>;
}

/** The credentials the simulator accepts, and the default Dots.eco app's token. */
export interface SimulatorCredentials {
  /** What the simulated NMP accepts. */
  arianee: {
    /** The API key (`ArianeeClient`'s `apiKey`). */
    apiKey: string;
  };
  /** What the simulated DIDWW account accepts. */
  didww: {
    /** The `Api-Key` (`DidwwClient`'s `apiKey`). */
    apiKey: string;
  };
  /** What the simulated Dots.eco company accepts. */
  dots: {
    /** The write token (`DotsClient`'s `authToken`). */
    authToken: string;
    /** The read token: the `readAuthToken` option, else the same as `authToken`. */
    readAuthToken: string;
    /** The first app's token (`DotsClient`'s `appToken`). */
    appToken: string;
  };
}

/**
 * Base URLs the msw handlers of {@link Simulator.handlers} answer for when none are given. Arianee
 * has no public host (each brand has its own NMP), so its default is a reserved example domain.
 */
export const DEFAULT_HANDLER_BASE_URLS: Readonly<Record<SimProvider, string>> = {
  arianee: 'https://nmp.example.com',
  didww: 'https://sandbox-api.didww.com/v3',
  dots: 'https://impact.dots.eco/api/v1',
};

/**
 * Base URLs {@link Simulator.dispatcher} answers for when none are given: the providers' real hosts
 * (DIDWW's sandbox, its default, and production), and for Arianee, which has no public host, the
 * same example domain as {@link DEFAULT_HANDLER_BASE_URLS}.
 */
export const DEFAULT_DISPATCHER_BASE_URLS: Readonly<Record<SimProvider, readonly string[]>> = {
  arianee: [DEFAULT_HANDLER_BASE_URLS.arianee],
  didww: [DEFAULT_HANDLER_BASE_URLS.didww, 'https://api.didww.com/v3'],
  dots: [DEFAULT_HANDLER_BASE_URLS.dots],
};

/**
 * The token service's URL in process ({@link Simulator.dispatcher}, {@link Simulator.handlers}). DIDWW
 * does not publish its token service's hosts, so the simulator uses a name that cannot resolve.
 */
export const SIM_TOKEN_URL_IN_PROCESS = 'https://didww-token.simulator.invalid/token';

/** Path of the token service on the DIDWW loopback server. */
const LOOPBACK_TOKEN_PATH = '/token';

/** Base paths of each provider on the loopback servers (the client's base URL includes them). */
const LOOPBACK_PREFIX: Readonly<Record<SimProvider, string>> = { arianee: '', didww: '/v3', dots: '/api/v1' };

const PROVIDERS: readonly SimProvider[] = ['arianee', 'didww', 'dots'];

/**
 * One in-memory, stateful fake of Arianee, DIDWW and Dots.eco that speaks their wire formats.
 * Reach it in process with {@link Simulator.dispatcher} (reservekit's clients, any undici call),
 * serve it on loopback with {@link Simulator.listen} (any HTTP client), or hand its msw handlers
 * to `setupServer` for code that calls through global `fetch`.
 *
 * @example
 * ```ts
 * await using sim = createSimulator();
 * sim.arianee.addPassports('vip', 37);
 * const dots = new DotsClient({ authToken, appToken, dispatcher: sim.dispatcher() }); // no network
 * const urls = await sim.listen();
 * const client = new ArianeeClient({ baseUrl: urls.arianee.url, apiKey: sim.credentials.arianee.apiKey });
 * ```
 */
export interface Simulator extends AsyncDisposable {
  /** The Arianee NMP pools: seed, reset, claim, inspect. */
  readonly arianee: SimArianee;
  /** The DIDWW stock and holds: seed, inspect, hold as another customer. */
  readonly didww: SimDidww;
  /** The Dots.eco apps and offerings: add apps, inspect, claim. */
  readonly dots: SimDots;
  /** The simulated clock (DIDWW holds lapse on it). */
  readonly clock: SimClock;
  /** Fault injection. */
  readonly faults: SimFaults;
  /**
   * Every request received, oldest first (a live array; `clear()` empties it). Credentials, Dots.eco
   * app tokens and redeem codes read `[REDACTED]` unless the simulator was created with
   * `log: { raw: true }`.
   */
  readonly requests: readonly SimRequest[];
  /** The credentials the simulator accepts. */
  readonly credentials: SimulatorCredentials;
  /** The loopback URLs once {@link listen} resolved, else `undefined`. */
  readonly urls: SimulatorUrls | undefined;
  /**
   * An undici dispatcher that answers in process, at the given base URLs (defaults:
   * {@link DEFAULT_DISPATCHER_BASE_URLS} — the providers' real hosts), sharing this simulator's
   * state. Pass it as a client's `dispatcher` (or to `undici.request`): no socket is opened and no
   * name is looked up, and a request to any other origin fails at once without leaving the process
   * (reservekit reports a `ConnectionError` with outcome `not_sent`). Needs no msw.
   *
   * @example
   * ```ts
   * const dots = new DotsClient({ authToken, appToken, dispatcher: sim.dispatcher() });
   * const arianee = new ArianeeClient({
   *   baseUrl: 'https://mybrand.nmp.arianee.com',
   *   apiKey,
   *   dispatcher: sim.dispatcher({ arianee: 'https://mybrand.nmp.arianee.com' }),
   * });
   * ```
   */
  dispatcher(baseUrls?: Partial<Record<SimProvider, string | readonly string[]>>): Dispatcher;
  /**
   * The same in-process simulator as a `fetch` function, for clients that send with fetch (the
   * `fetch` option; Bun, Deno and workers default to the fetch sender) and for your own code that
   * calls the providers through fetch. Same base URLs, same refusal of any other origin (as a
   * refused connection: nothing sent), faults as fetch sees them on the network.
   *
   * @example
   * ```ts
   * const dots = new DotsClient({ authToken, appToken, fetch: sim.fetch() });
   * ```
   */
  fetch(baseUrls?: Partial<Record<SimProvider, string | readonly string[]>>): InProcessFetch;
  /**
   * msw request handlers answering for the given base URLs (defaults:
   * {@link DEFAULT_HANDLER_BASE_URLS}), sharing this simulator's state: for `setupServer`. They
   * answer global `fetch` only, not reservekit's clients (undici): use {@link dispatcher} for those.
   * @throws {Error} "install msw (npm i -D msw)" when msw, an optional peer, is not installed.
   */
  handlers(baseUrls?: Partial<Record<SimProvider, string>>): RequestHandler[];
  /** Starts one loopback HTTP server per provider (idempotent) and returns their base URLs. */
  listen(options?: ListenOptions): Promise<SimulatorUrls>;
  /**
   * Forgets passports, numbers, holds, offerings (apps stay), faults and logged requests, refills
   * the rate limit and undoes every `clock.advance()`: a fresh start for the next test.
   */
  clear(): void;
  /** Stops the loopback servers, resetting open connections. Safe to call twice. */
  close(): Promise<void>;
}

function mountOf(baseUrl: string): Mount {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RangeError(`simulator base URL is not an absolute URL: ${baseUrl}`);
  }
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}

/** Answers with the first responder whose mount the request is below; none: a 404 (`undefined`). */
export function respondBelow(responders: readonly SimResponder[]): Respond {
  return async (request) => {
    const url = new URL(request.url);
    return responders.find((responder) => responder.belongsTo(url))?.respond(request);
  };
}

/**
 * The simulator's backends, mountable at any base path: what {@link Simulator.listen},
 * {@link Simulator.dispatcher} and the one-port server (`serveSimulator`, http-server.ts) serve.
 */
export interface SimulatorMounts {
  /** One provider's responder at a mount, sharing the simulator's state. */
  responderAt(provider: SimProvider, mount: Mount): SimResponder;
  /** The DIDWW token service's responder at a mount. */
  tokenResponderAt(mount: Mount): SimResponder;
}

// Kept off the public `Simulator` face: only this package's servers mount the backends elsewhere.
const MOUNTS = new WeakMap<Simulator, SimulatorMounts>();

/** The backends of a simulator made by {@link createSimulator}, to serve them at other mounts. */
export function simulatorMounts(simulator: Simulator): SimulatorMounts {
  const mounts = MOUNTS.get(simulator);
  if (!mounts) throw new TypeError('expected a simulator made by createSimulator()');
  return mounts;
}

/**
 * Creates a simulator. Nothing listens until {@link Simulator.listen}; nothing is in stock until
 * you seed it (`sim.arianee.addPassports`, `sim.didww.addAvailableDids`). Dots.eco starts with one
 * code-only Eco Club app unless `dots.apps` says otherwise.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ didww: { apiKey: 'test-key' }, clock: { start: '2026-01-01T00:00:00Z' } });
 * ```
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock = createClock(options.clock);
  const runtime: SimRuntime & { requests: SimRequest[] } = {
    clock,
    faults: createFaultQueue(),
    requests: [],
    rawLog: options.log?.raw === true,
  };
  const pool = new PassportPool();
  const issuer = new TokenIssuer(clock, options.didww?.tokenTtlMs ?? DIDWW_DEFAULTS.tokenTtlMs);
  let urls: SimulatorUrls | undefined;
  const inventory = new DidwwInventory(
    clock,
    options.didww?.reservationTtlMs ?? DIDWW_DEFAULTS.reservationTtlMs,
    { issuer, url: () => urls?.didww.tokenUrl ?? SIM_TOKEN_URL_IN_PROCESS },
  );
  const store = new OfferingStore(
    clock,
    options.dots?.claimBase ?? DOTS_DEFAULTS.claimBase,
    options.dots?.apps ?? [{ appToken: DOTS_DEFAULTS.appToken, appId: DOTS_DEFAULTS.appId }],
  );
  const arianee = new ArianeeBackend(pool, options.arianee);
  const didww = new DidwwBackend(inventory, issuer, options.didww);
  const tokenService = new DidwwTokenBackend(
    issuer,
    didww.apiKey,
    options.didww?.tokenResponseShape ?? DIDWW_DEFAULTS.tokenResponseShape,
  );
  const tokenResponderAt = (mount: Mount) => createResponder(tokenService, mount, runtime);
  const dots = new DotsBackend(store, options.dots);
  const backends: Record<SimProvider, ProviderBackend> = { arianee, didww, dots };
  let servers: Record<SimProvider, LoopbackServer> | undefined;
  const responderAt = (provider: SimProvider, mount: Mount) =>
    createResponder(backends[provider], mount, runtime);
  let starting: Promise<SimulatorUrls> | undefined;

  const start = async (listenOptions: ListenOptions): Promise<SimulatorUrls> => {
    const started = await Promise.all(
      PROVIDERS.map((provider) => {
        const responders = [responderAt(provider, { pathPrefix: LOOPBACK_PREFIX[provider] })];
        // DIDWW's server also answers for its token service, beside /v3.
        if (provider === 'didww') responders.push(tokenResponderAt({ pathPrefix: LOOPBACK_TOKEN_PATH }));
        return serveLoopback(respondBelow(responders), { port: listenOptions.ports?.[provider] ?? 0 });
      }),
    );
    const [arianeeServer, didwwServer, dotsServer] = started as [
      LoopbackServer,
      LoopbackServer,
      LoopbackServer,
    ];
    servers = { arianee: arianeeServer, didww: didwwServer, dots: dotsServer };
    urls = {
      arianee: { url: arianeeServer.url + LOOPBACK_PREFIX.arianee },
      didww: {
        url: didwwServer.url + LOOPBACK_PREFIX.didww,
        tokenUrl: didwwServer.url + LOOPBACK_TOKEN_PATH,
      },
      dots: { url: dotsServer.url + LOOPBACK_PREFIX.dots },
    };
    return urls;
  };

  /** What answers in process for each origin (`sim.dispatcher()`, `sim.fetch()`), and the base URLs served. */
  const inProcessRoutes = (baseUrls: Partial<Record<SimProvider, string | readonly string[]>>) => {
    const served: string[] = [];
    const byOrigin = new Map<string, SimResponder[]>();
    // The token service, in process; and once listening, at the loopback URL too, so that
    // `sim.didww.tokenUrl` works with this dispatcher whenever it was read.
    for (const tokenUrl of new Set([
      SIM_TOKEN_URL_IN_PROCESS,
      urls?.didww.tokenUrl ?? SIM_TOKEN_URL_IN_PROCESS,
    ])) {
      const tokenMount = mountOf(tokenUrl);
      byOrigin.set(tokenMount.origin as string, [tokenResponderAt(tokenMount)]);
      served.push(tokenUrl);
    }
    for (const provider of PROVIDERS) {
      const given = baseUrls[provider] ?? DEFAULT_DISPATCHER_BASE_URLS[provider];
      for (const baseUrl of typeof given === 'string' ? [given] : given) {
        const mount = mountOf(baseUrl);
        const origin = mount.origin as string;
        byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), responderAt(provider, mount)]);
        served.push(origin + mount.pathPrefix);
      }
    }
    const routes = new Map([...byOrigin].map(([origin, responders]) => [origin, respondBelow(responders)]));
    return { routes, served };
  };

  const simulator: Simulator = {
    arianee: pool,
    didww: inventory,
    dots: store,
    clock,
    faults: runtime.faults,
    requests: runtime.requests,
    credentials: {
      arianee: { apiKey: options.arianee?.apiKey ?? ARIANEE_DEFAULTS.apiKey },
      didww: { apiKey: didww.apiKey },
      dots: {
        authToken: dots.authToken,
        readAuthToken: dots.readAuthToken,
        appToken: store.apps()[0]?.appToken ?? DOTS_DEFAULTS.appToken,
      },
    },
    get urls() {
      return urls;
    },
    dispatcher(baseUrls = {}) {
      const { routes, served } = inProcessRoutes(baseUrls);
      return new InProcessDispatcher(routes, served);
    },
    fetch(baseUrls = {}) {
      const { routes, served } = inProcessRoutes(baseUrls);
      return inProcessFetch(routes, served);
    },
    handlers(baseUrls = {}) {
      return [
        ...PROVIDERS.map((provider) =>
          mswHandler(
            responderAt(provider, mountOf(baseUrls[provider] ?? DEFAULT_HANDLER_BASE_URLS[provider])),
          ),
        ),
        mswHandler(tokenResponderAt(mountOf(SIM_TOKEN_URL_IN_PROCESS))),
      ];
    },
    listen(listenOptions = {}) {
      starting ??= start(listenOptions);
      return starting;
    },
    clear() {
      pool.clear();
      inventory.clear();
      store.clear();
      didww.resetRateLimit();
      issuer.clear();
      runtime.faults.clear();
      runtime.requests.length = 0;
      clock.reset();
    },
    async close() {
      const open = servers;
      servers = undefined;
      starting = undefined;
      urls = undefined;
      if (open) await Promise.all(PROVIDERS.map((provider) => open[provider].close()));
    },
    [Symbol.asyncDispose]() {
      return simulator.close();
    },
  };
  MOUNTS.set(simulator, { responderAt, tokenResponderAt });
  return simulator;
}
