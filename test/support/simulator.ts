import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Simulator, SimulatorUrls } from '../../src/testing/index.js';

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
