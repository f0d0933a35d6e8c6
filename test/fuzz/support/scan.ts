import diagnosticsChannel from 'node:diagnostics_channel';
import fc from 'fast-check';
import { CHANNELS, type TransportHooks } from 'reservekit';
import type { SimOperation, Simulator } from 'reservekit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HANG_MS } from './judge.js';
import {
  everyFault,
  type FaultSecrets,
  type ScanFault,
  type ScanSchedule,
  scanSchedules,
  toFaultSpec,
} from './scan-faults.js';
import { describeLeaks, errorSites, type Leak, type Secret, scan, valueSites } from './secrets.js';
import { fuzzSettings, PROPERTY_TIMEOUT_MS, RUNS } from './settings.js';
import type { Provider, Seen, Wire } from './wire.js';

/** What a driven call left to print: its errors (and a batch's), its results' metadata. */
export interface Driven {
  errors: [label: string, error: unknown][];
  values: [label: string, value: unknown][];
}

/** One public method, driven through a fault schedule with planted secrets. */
export interface ScanTarget<C extends AsyncDisposable, P, X> {
  /** e.g. `dots.ecoClubOfferings.create` */
  name: string;
  provider: Provider;
  /** The simulator operation its own requests reach (faults go there). */
  operation: SimOperation;
  /** The operation its lookups reach, when it has lookups. */
  lookup?: SimOperation;
  /** Per-case choices (a format, a short or long redeem code). */
  choices: fc.Arbitrary<P>;
  /** Secrets the client is given for this case (echoed by faults), and those its answers carry. */
  secrets(choice: P): FaultSecrets;
  /** Secrets only the simulator knows after the case (passphrases it handed out, codes it made). */
  simulatorSecrets?(sim: Simulator): Secret[];
  client(hooks: TransportHooks): C;
  /** Seeds the simulator (before the faults are queued and before anything is recorded). */
  prepare(sim: Simulator, choice: P): Promise<X> | X;
  drive(client: C, context: X, choice: P): Promise<Driven>;
}

// Every diagnostics event, into the list of the case running (one case at a time per file).
let recording: [string, unknown][] | undefined;
const listeners = Object.values(CHANNELS).map((name) => {
  const listener = (message: unknown) => recording?.push([`diagnostics ${name}`, message]);
  return [name, listener] as const;
});

/** Subscribes to every reservekit diagnostics channel for the test file. */
export function useDiagnostics(): void {
  beforeAll(() => {
    for (const [name, listener] of listeners) diagnosticsChannel.subscribe(name, listener);
  });
  afterAll(() => {
    for (const [name, listener] of listeners) diagnosticsChannel.unsubscribe(name, listener);
  });
}

function hooksInto(events: [string, unknown][]): TransportHooks {
  const record = (hook: string) => (event: unknown) => events.push([`hook ${hook}`, event]);
  return {
    onRequest: record('onRequest'),
    onResponse: record('onResponse'),
    onError: record('onError'),
    onRetry: record('onRetry'),
    onReconcile: record('onReconcile'),
  };
}

/** A scanned case: what leaked where, and what reached the simulator. */
export interface ScanResult {
  leaks: Leak[];
  seen: Seen;
  secrets: Secret[];
  /** The call did not settle within HANG_MS (nothing it printed could be scanned). */
  hung: boolean;
}

/** Runs one case: seeds, queues the faults, drives the call, and scans every printed form. */
export async function scanCase<C extends AsyncDisposable, P, X>(
  target: ScanTarget<C, P, X>,
  wire: Wire,
  schedule: ScanSchedule,
  choice: P,
): Promise<ScanResult> {
  const { sim } = wire;
  sim.clear();
  const context = await target.prepare(sim, choice);
  const faultSecrets = target.secrets(choice);
  for (const fault of schedule.faults)
    sim.faults.next(
      target.operation,
      toFaultSpec(fault, target.provider, target.operation, faultSecrets, wire.urls.didww),
    );
  if (target.lookup)
    for (const fault of schedule.lookups)
      sim.faults.next(
        target.lookup,
        toFaultSpec(fault, target.provider, target.lookup, faultSecrets, wire.urls.didww),
      );
  const events: [string, unknown][] = [];
  recording = events;
  const mark = wire.mark();
  let driven: Driven | undefined;
  try {
    await using client = target.client(hooksInto(events));
    driven = await withHangGuard(target.drive(client, context, choice));
  } finally {
    recording = undefined;
    sim.faults.clear();
  }
  const seen = wire.since(mark);
  const secrets = [
    ...faultSecrets.known,
    ...faultSecrets.answered,
    ...(target.simulatorSecrets?.(sim) ?? []),
  ].filter((secret, i, all) => all.findIndex((other) => other.value === secret.value) === i);
  const sites = [
    ...(driven?.errors ?? []).flatMap(([label, error]) => errorSites(error, label)),
    ...(driven?.values ?? []).flatMap(([label, value]) => valueSites(value, label)),
    ...events.flatMap(([label, event]) => valueSites(event, label)),
  ];
  return { leaks: scan(sites, secrets), seen, secrets, hung: driven === undefined };
}

/** The call's {@link Driven}, or `undefined` when it does not settle within HANG_MS. */
async function withHangGuard(driving: Promise<Driven>): Promise<Driven | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), HANG_MS);
  });
  try {
    return await Promise.race([driving, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a call into a {@link Driven}: its error, or its metadata. */
export async function settled(
  label: string,
  call: PromiseLike<{ meta: unknown }> | PromiseLike<unknown>,
): Promise<Driven> {
  try {
    const result = (await call) as { meta?: unknown };
    return { errors: [], values: result?.meta === undefined ? [] : [[`${label} meta`, result.meta]] };
  } catch (error) {
    return { errors: [[`${label} error`, error]], values: [] };
  }
}

/**
 * Each fault of {@link everyFault} once on the method's own request and, for a method with
 * lookups, once on the lookup after an attempt whose answer was lost; the choices taken in turn.
 */
function everySchedule<C extends AsyncDisposable, P, X>(target: ScanTarget<C, P, X>): [ScanSchedule, P][] {
  const faults = everyFault(target.operation);
  const choices = fc.sample(target.choices, { numRuns: faults.length, seed: 1 });
  const own = faults.map((fault, i): [ScanSchedule, P] => [
    { faults: [fault], lookups: [] },
    choices[i] as P,
  ]);
  if (!target.lookup) return own;
  const lost: ScanFault = { kind: 'reset', when: 'after' };
  const lookups = everyFault(target.lookup).map((fault, i): [ScanSchedule, P] => [
    { faults: [lost], lookups: [fault] },
    choices[i % choices.length] as P,
  ]);
  return [...own, ...lookups];
}

/**
 * The scan property of one method: through every schedule of faults, no planted secret — raw,
 * URL-encoded, JSON-escaped, or its first or last 8 characters — shows in any printed form of
 * its errors and their causes, in any diagnostics event or hook payload, or in a request id.
 */
export function scanProperty<C extends AsyncDisposable, P, X>(target: ScanTarget<C, P, X>, wire: Wire): void {
  it(
    `${target.name}: no planted secret in its errors, their causes, its events, hooks or request ids`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          scanSchedules(target.operation, target.lookup),
          target.choices,
          async (schedule, choice) => {
            const { leaks, hung } = await scanCase(target, wire, schedule, choice);
            expect([
              ...describeLeaks(leaks),
              ...(hung ? [`did not settle within ${HANG_MS} ms`] : []),
            ]).toEqual([]);
          },
        ),
        // Every fault once first, then random schedules: half the usual count, as many again.
        {
          ...fuzzSettings(`${target.name} secrets`),
          numRuns: Math.ceil(RUNS / 2),
          examples: everySchedule(target),
        },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
}
