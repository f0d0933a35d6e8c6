import type { TransportHooks } from 'reservekit';
import { ArianeeClient } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';
import { describe } from 'vitest';
import { scanProperty, useDiagnostics } from './support/scan.js';
import { SCAN_CLIENT } from './support/scan-faults.js';
import { type AnyScanTarget, arianeeTargets, didwwTargets, dotsTargets } from './support/scan-targets.js';
import { PLANTED, plantedSimulator } from './support/secrets.js';
import { useWire, type Wire } from './support/wire.js';

// Keys given as functions: the client never holds them as options, only as what a function
// returned before each request. Every planted key must stay out of what a failing call prints,
// through the same fault schedules as keys given as strings (see support/scan.ts).
const sim = plantedSimulator();
const wire = useWire(sim);
useDiagnostics();

/** A key function as a secret store's client is: async, a fresh promise per read. */
const fromStore = (key: string) => async () => key;

function withKeyFunctions(targets: AnyScanTarget[], client: (hooks: TransportHooks) => AsyncDisposable) {
  return targets.map((target) => ({ ...target, name: `${target.name} (key function)`, client }));
}

function targets(wire: Wire): AnyScanTarget[] {
  return [
    ...withKeyFunctions(
      arianeeTargets(wire),
      (hooks) =>
        new ArianeeClient({
          baseUrl: wire.urls.arianee,
          apiKey: fromStore(PLANTED.arianeeApiKey),
          hooks,
          ...SCAN_CLIENT,
        }),
    ),
    ...withKeyFunctions(
      didwwTargets(wire),
      (hooks) =>
        new DidwwClient({
          apiKey: () => PLANTED.didwwApiKey,
          baseUrl: wire.urls.didww,
          rateLimit: false,
          hooks,
          ...SCAN_CLIENT,
        }),
    ),
    ...withKeyFunctions(
      dotsTargets(wire),
      (hooks) =>
        new DotsClient({
          authToken: fromStore(PLANTED.dotsAuthToken),
          readAuthToken: () => PLANTED.dotsReadToken,
          appToken: PLANTED.dotsAppToken,
          baseUrl: wire.urls.dots,
          hooks,
          ...SCAN_CLIENT,
        }),
    ),
  ];
}

describe('secret scan: keys given as functions', () => {
  for (const target of targets(wire)) scanProperty(target, wire);
});
