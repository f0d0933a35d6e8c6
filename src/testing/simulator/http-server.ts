import { type LoopbackServer, serveLoopback } from '../loopback-server.js';
import { CONTROL_PREFIX, controlApi } from './control-api.js';
import type { SimProvider } from './operations.js';
import { applySeed, type SeedResult, type SimulatorSeed } from './seed.js';
import {
  respondBelow,
  type Simulator,
  type SimulatorCredentials,
  type SimulatorUrls,
  simulatorMounts,
} from './simulator.js';

/** Options of {@link serveSimulator}. */
export interface ServeSimulatorOptions {
  /** The port on 127.0.0.1 for the providers and the control API. Default 0: a free port. */
  port?: number;
  /**
   * Serve each provider on its own port as well ({@link Simulator.listen}'s servers): `true` for
   * free ports, or the ports. The URLs reported are then those; the one port keeps serving too.
   */
  providerPorts?: boolean | Partial<Record<SimProvider, number>>;
  /** Inventory put in now, and again by every `POST /_sim/reset`. */
  seed?: SimulatorSeed;
}

/** A simulator served over HTTP on loopback: the three providers and the control API. */
export interface SimulatorServer extends AsyncDisposable {
  /** The server's origin, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  /** The base URL to give each provider's client, and DIDWW's token service. */
  readonly urls: SimulatorUrls;
  /** The control API, e.g. `http://127.0.0.1:4010/_sim`. */
  readonly controlUrl: string;
  /** The credentials the simulated providers accept. */
  readonly credentials: SimulatorCredentials;
  /** What the seed added when the server started. */
  readonly seeded: SeedResult;
  /** Stops the servers (the one port and any per-provider ones), resetting open connections. */
  close(): Promise<void>;
}

// Where each provider is mounted on the one port: its name, then the base path its client expects.
const ONE_PORT_PREFIX: Readonly<Record<SimProvider, string>> = {
  arianee: '/arianee',
  didww: '/didww/v3',
  dots: '/dots/api/v1',
};
const ONE_PORT_TOKEN_PATH = '/didww/token';

/**
 * Serves a simulator on one loopback port — Arianee under `/arianee`, DIDWW under `/didww/v3` (its
 * token service at `/didww/token`), Dots.eco under `/dots/api/v1` — with a control API under
 * `/_sim` to seed it, read its state and request log, inject faults, move its clock and reset it
 * over plain HTTP, from a test in any language (docs/testing.md, "The simulator as a server").
 * `reservekit simulate` runs it. Needs no msw. The simulator stays usable in process meanwhile.
 *
 * @throws {RangeError} when the seed does not fit the simulator (an unknown country, an app that exists).
 * @example
 * ```ts
 * const sim = createSimulator();
 * await using server = await serveSimulator(sim, { port: 4010, seed: { arianee: { passports: [{ tags: 'vip', count: 5 }] } } });
 * const arianee = new ArianeeClient({ baseUrl: server.urls.arianee.url, apiKey: server.credentials.arianee.apiKey });
 * // curl -X POST http://127.0.0.1:4010/_sim/faults -d '{"target":"arianee.reserveOne","status":503}'
 * ```
 */
export async function serveSimulator(
  sim: Simulator,
  options: ServeSimulatorOptions = {},
): Promise<SimulatorServer> {
  const seed = options.seed ?? {};
  const seeded = applySeed(sim, seed);
  const mounts = simulatorMounts(sim);
  const providers = (['arianee', 'didww', 'dots'] as const).map((provider) =>
    mounts.responderAt(provider, { pathPrefix: ONE_PORT_PREFIX[provider] }),
  );
  const simulated = respondBelow([
    ...providers,
    mounts.tokenResponderAt({ pathPrefix: ONE_PORT_TOKEN_PATH }),
  ]);
  let urls: SimulatorUrls | undefined;
  let controlUrl = '';
  const control = controlApi({
    sim,
    seed,
    describe: () => ({ urls, controlUrl, credentials: sim.credentials }),
  });
  const server: LoopbackServer = await serveLoopback(
    async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) return control(request);
      return simulated(request);
    },
    options.port === undefined ? {} : { port: options.port },
  );
  controlUrl = server.url + CONTROL_PREFIX;
  urls = {
    arianee: { url: server.url + ONE_PORT_PREFIX.arianee },
    didww: { url: server.url + ONE_PORT_PREFIX.didww, tokenUrl: server.url + ONE_PORT_TOKEN_PATH },
    dots: { url: server.url + ONE_PORT_PREFIX.dots },
  };
  if (options.providerPorts) {
    try {
      urls = await sim.listen(options.providerPorts === true ? {} : { ports: options.providerPorts });
    } catch (error) {
      await server.close();
      throw error;
    }
  }
  const served = urls;
  const close = async () => {
    await Promise.all([server.close(), options.providerPorts ? sim.close() : undefined]);
  };
  return {
    url: server.url,
    urls: served,
    controlUrl,
    credentials: sim.credentials,
    seeded,
    close,
    [Symbol.asyncDispose]: close,
  };
}
