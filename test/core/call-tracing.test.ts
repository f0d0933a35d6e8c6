import diagnosticsChannel from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ArianeeClient } from '../../src/arianee/index.js';
import { CALL_TRACING_CHANNEL, type CallTrace } from '../../src/core/call-tracing.js';
import { CHANNELS } from '../../src/core/diagnostics.js';
import { NoInventoryError } from '../../src/core/errors.js';
import { DotsClient } from '../../src/dots/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { failure } from '../support/failure.js';
import { useSimulator } from '../support/simulator.js';

// docs/observability.md, "The call tracing channel": one context object per logical call on
// `tracing:reservekit:call:*`, its id on the result, the error and every event of the call.

// Planted secrets: none of them may show in any context object, event or error printed.
const ARIANEE_KEY = 'arianee-key-PLANTED-7f3a';
const DOTS_AUTH = 'dots-auth-PLANTED-91bd';
const DOTS_APP = 'dots-app-PLANTED-c2e8';
const SECRETS = [ARIANEE_KEY, DOTS_AUTH, DOTS_APP];

const sim = createSimulator({
  arianee: { apiKey: ARIANEE_KEY },
  dots: { authToken: DOTS_AUTH, apps: [{ appToken: DOTS_APP }] },
});
const urls = useSimulator(sim);

type Seen = { kind: string; trace: CallTrace };

/** Subscribes to every event of the tracing channel until the test ends. */
function recordTraces(): Seen[] {
  const seen: Seen[] = [];
  const channel = diagnosticsChannel.tracingChannel<CallTrace, CallTrace>(CALL_TRACING_CHANNEL);
  const subscribers = {
    start: (trace: CallTrace) => seen.push({ kind: 'start', trace: { ...trace } }),
    end: (trace: CallTrace) => seen.push({ kind: 'end', trace: { ...trace } }),
    asyncStart: (trace: CallTrace) => seen.push({ kind: 'asyncStart', trace: { ...trace } }),
    asyncEnd: (trace: CallTrace) => seen.push({ kind: 'asyncEnd', trace: { ...trace } }),
    error: (trace: CallTrace) => seen.push({ kind: 'error', trace: { ...trace } }),
  };
  channel.subscribe(subscribers);
  cleanups.push(() => channel.unsubscribe(subscribers));
  return seen;
}

/** Records the per-attempt events (request, response, error, retry, reconcile). */
function recordEvents(): Array<{ kind: string; event: { callId: string } }> {
  const seen: Array<{ kind: string; event: { callId: string } }> = [];
  for (const [kind, name] of Object.entries(CHANNELS)) {
    const listener = (event: unknown) => seen.push({ kind, event: event as { callId: string } });
    diagnosticsChannel.subscribe(name, listener);
    cleanups.push(() => diagnosticsChannel.unsubscribe(name, listener));
  }
  return seen;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function dotsClient(): DotsClient {
  return new DotsClient({
    baseUrl: urls.dots,
    authToken: DOTS_AUTH,
    appToken: DOTS_APP,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
}

function expectNoSecret(values: readonly unknown[]): void {
  expect(values.length).toBeGreaterThan(0);
  for (const value of values) {
    const printed = [inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value)];
    for (const text of printed) for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
}

describe('the reservekit:call tracing channel', () => {
  it('a call that succeeds: start, end, asyncStart, asyncEnd on one object, its id on the result', async () => {
    const seen = recordTraces();
    const events = recordEvents();
    sim.faults.next('dots.listOfferings', { status: 503, headers: { 'retry-after': '0' } });
    const client = dotsClient();
    const { meta } = await client.ecoClubOfferings.list().withMeta();
    await client.close();

    expect(seen.map((s) => s.kind)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    const [start, , , end] = seen as [Seen, Seen, Seen, Seen];
    expect(start.trace).toMatchObject({
      callId: meta.callId,
      parentCallId: undefined,
      provider: 'dots',
      operation: 'dots.ecoClubOfferings.list',
      effect: 'read',
      method: 'GET',
      urlTemplate: `${urls.dots}/eco-club-offering/list/{appToken}`,
      url: `${urls.dots}/eco-club-offering/list/[REDACTED]`,
      attempts: undefined,
      outcome: undefined,
    });
    expect(end.trace).toMatchObject({
      callId: meta.callId,
      attempts: 2,
      outcome: 'applied',
      reconciled: false,
      status: 200,
      error: undefined,
    });
    expect(end.trace).not.toHaveProperty('result');
    expect(meta.callId).toMatch(/^call_[0-9a-f]{12}_[0-9a-z]+$/);
    // Every per-attempt event of the call carries its id.
    expect(events.map((e) => e.kind)).toEqual([
      'request',
      'response',
      'error',
      'retry',
      'request',
      'response',
    ]);
    for (const { event } of events) expect(event.callId).toBe(meta.callId);
    expectNoSecret([...seen.map((s) => s.trace), ...events.map((e) => e.event)]);
  });

  it('a call that fails: error before asyncStart and asyncEnd, with the error, its outcome, status and id', async () => {
    const seen = recordTraces();
    const client = new ArianeeClient({ baseUrl: urls.arianee, apiKey: ARIANEE_KEY });
    const error = await failure(client.reserveOne({ tags: 'empty-pool' }));
    await client.close();

    expect(error).toBeInstanceOf(NoInventoryError);
    expect(seen.map((s) => s.kind)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    const last = (seen.at(-1) as Seen).trace;
    expect(last).toMatchObject({
      callId: error.callId,
      provider: 'arianee',
      operation: 'arianee.reserveOne',
      effect: 'once',
      attempts: 1,
      outcome: 'rejected',
      reconciled: false,
      status: (error as NoInventoryError).status,
      error,
    });
    expect(error.callId).toMatch(/^call_/);
    expectNoSecret([...seen.map((s) => s.trace), error]);
  });

  it('a create whose answer was lost: the lookup is a call of its own, its parent the create', async () => {
    const seen = recordTraces();
    const events = recordEvents();
    // A gateway's 502 after Dots.eco created the offering: the create looks it up before resending.
    sim.faults.next('dots.createOffering', { status: 502, actFirst: true });
    const client = dotsClient();
    const { meta } = await client.ecoClubOfferings
      .create({ quantity: 1, externalUniqueId: 'order-trace-1' })
      .withMeta();
    await client.close();

    expect(meta.reconciled).toBe(true);
    const ends = seen.filter((s) => s.kind === 'asyncEnd').map((s) => s.trace);
    const create = ends.find((t) => t.callId === meta.callId) as CallTrace;
    expect(create).toMatchObject({
      operation: 'dots.ecoClubOfferings.create',
      effect: 'once',
      attempts: 1,
      outcome: 'applied',
      reconciled: true,
    });
    const lookups = ends.filter((t) => t.parentCallId === meta.callId);
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups) expect(lookup).toMatchObject({ effect: 'read', outcome: 'applied' });
    // The lookup's calls start after the create's and end before it.
    const order = seen.map((s) => `${s.kind}:${s.trace.callId === meta.callId ? 'create' : 'lookup'}`);
    expect(order[0]).toBe('start:create');
    expect(order.at(-1)).toBe('asyncEnd:create');
    expect(events.find((e) => e.kind === 'reconcile')?.event).toMatchObject({
      callId: meta.callId,
      found: true,
    });
    expectNoSecret([...seen.map((s) => s.trace), ...events.map((e) => e.event)]);
  });

  it('ids are unique per call, and on every result whether anyone subscribes or not', async () => {
    const channel = diagnosticsChannel.tracingChannel(CALL_TRACING_CHANNEL);
    expect(channel.hasSubscribers).toBe(false);
    const client = dotsClient();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.ecoClubOfferings.list().withMeta()),
    );
    await client.close();
    const ids = new Set(results.map((r) => r.meta.callId));
    expect(ids.size).toBe(20);
  });

  it('an error thrown before the call started (bad arguments) has no call id and is not traced', async () => {
    const seen = recordTraces();
    const client = dotsClient();
    const error = await failure(client.ecoClubOfferings.create({ quantity: -1 }));
    await client.close();
    expect(error.code).toBe('invalid_input');
    expect(error.callId).toBeUndefined();
    expect(seen).toEqual([]);
  });
});
