import type { Dispatcher } from 'undici';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  DEFAULT_HANDLER_BASE_URLS,
  type InProcessFetch,
  type Simulator,
  type SimulatorUrls,
} from '../../src/testing/index.js';

/** Each simulated provider's base URL on loopback. */
export type SimulatorBaseUrls = { readonly [provider in keyof SimulatorUrls]: string };

/**
 * Runs `sim` on loopback for the whole test file: listening before its tests, emptied before each
 * test, closed after them all. Call it at the top of the file; the base URLs it returns may be read
 * in tests and in hooks registered after it.
 */
export function useSimulator(sim: Simulator): SimulatorBaseUrls {
  beforeAll(async () => {
    await sim.listen();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.clear());
  const urls = (): SimulatorUrls => {
    if (!sim.urls)
      throw new Error('the simulator listens in beforeAll: read its URLs in a test or a later hook');
    return sim.urls;
  };
  return {
    get arianee() {
      return urls().arianee.url;
    },
    get didww() {
      return urls().didww.url;
    },
    get dots() {
      return urls().dots.url;
    },
  };
}

/**
 * How a test's clients reach the simulator: loopback HTTP servers through undici (the Node.js
 * default) or through the fetch sender, or `sim.dispatcher()` in process.
 */
export type SimRoute = 'loopback' | 'loopback-fetch' | 'in-process' | 'in-process-fetch';

/** Every route, for `describe.each`: a contract that holds over one must hold over the others. */
export const SIM_ROUTES: readonly SimRoute[] = [
  'loopback',
  'loopback-fetch',
  'in-process',
  'in-process-fetch',
];

/** Client options that point a provider's client at the simulator. */
export interface SimTarget {
  baseUrl?: string;
  dispatcher?: Dispatcher;
  sender?: 'fetch';
  fetch?: InProcessFetch;
}

/**
 * Where each provider's client goes on a route: the loopback base URL, or the in-process
 * dispatcher with the client's default base URL (Arianee has none: the simulator's default NMP host).
 */
export function simTargets(
  sim: Simulator,
  base: SimulatorBaseUrls,
  route: SimRoute,
): { arianee(): SimTarget & { baseUrl: string }; didww(): SimTarget; dots(): SimTarget } {
  let dispatcher: Dispatcher | undefined;
  const inProcess = () => {
    dispatcher ??= sim.dispatcher();
    return dispatcher;
  };
  if (route === 'loopback')
    return {
      arianee: () => ({ baseUrl: base.arianee }),
      didww: () => ({ baseUrl: base.didww }),
      dots: () => ({ baseUrl: base.dots }),
    };
  if (route === 'loopback-fetch')
    return {
      arianee: () => ({ baseUrl: base.arianee, sender: 'fetch' }),
      didww: () => ({ baseUrl: base.didww, sender: 'fetch' }),
      dots: () => ({ baseUrl: base.dots, sender: 'fetch' }),
    };
  if (route === 'in-process-fetch') {
    let fetch: InProcessFetch | undefined;
    const inProcessFetch = () => {
      fetch ??= sim.fetch();
      return fetch;
    };
    return {
      arianee: () => ({ baseUrl: DEFAULT_HANDLER_BASE_URLS.arianee, fetch: inProcessFetch() }),
      didww: () => ({ fetch: inProcessFetch() }),
      dots: () => ({ fetch: inProcessFetch() }),
    };
  }
  return {
    arianee: () => ({ baseUrl: DEFAULT_HANDLER_BASE_URLS.arianee, dispatcher: inProcess() }),
    didww: () => ({ dispatcher: inProcess() }),
    dots: () => ({ dispatcher: inProcess() }),
  };
}
