import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanCase, useDiagnostics } from './support/scan.js';
import { scanSchedules } from './support/scan-faults.js';
import { type AnyScanTarget, arianeeTargets, didwwTargets, dotsTargets } from './support/scan-targets.js';
import { describeLeaks, plantedSimulator, scan, valueSites } from './support/secrets.js';
import { fuzzSettings, PROPERTY_TIMEOUT_MS } from './support/settings.js';
import { type Seen, useWire } from './support/wire.js';

// The request logs a failing test prints: the simulator's `sim.requests` and the loopback
// servers' `serveHandlers(...).requests`, with their default settings. A test that prints what the
// server saw must not print the credentials and redeem codes the client sent.
const sim = plantedSimulator();
const wire = useWire(sim);
useDiagnostics();
const targets: AnyScanTarget[] = [...arianeeTargets(wire), ...didwwTargets(wire), ...dotsTargets(wire)];

const cases = fc.constantFrom(...targets.map((target) => target.name)).chain((name) => {
  const target = targets.find((candidate) => candidate.name === name) as AnyScanTarget;
  return fc.tuple(fc.constant(name), scanSchedules(target.operation, target.lookup), target.choices);
});

function logProperty(log: string, entries: (seen: Seen) => unknown[]): void {
  it(
    `${log} holds no planted secret a client sent`,
    async () => {
      await fc.assert(
        fc.asyncProperty(cases, async ([name, schedule, choice]) => {
          const target = targets.find((candidate) => candidate.name === name) as AnyScanTarget;
          const { seen } = await scanCase(target, wire, schedule, choice);
          // What the client was given: an answer's secrets are the provider's, not the request's.
          const sent = target.secrets(choice).known;
          const sites = entries(seen).flatMap((entry, i) => valueSites(entry, `${log}[${i}]`));
          expect(describeLeaks(scan(sites, sent)), name).toEqual([]);
        }),
        fuzzSettings(`${log} secrets`),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
}

describe('secret scan: request logs', () => {
  // An entry's `fault` is the fault this test queued (its bodies echo secrets on purpose).
  logProperty('sim.requests', (seen) => seen.sim.map(({ fault: _fault, ...request }) => request));
  // serveHandlers serves any msw handlers: it knows credential headers, not which part of an app's
  // path or body is secret (docs/testing.md); the simulator's log above knows and is checked whole.
  logProperty('serveHandlers(...).requests headers', (seen) =>
    seen.served.map((request) => ({ headers: (request as { headers: unknown }).headers })),
  );
});
