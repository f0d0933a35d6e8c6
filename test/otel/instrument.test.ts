import { inspect } from 'node:util';
import { context, type Span, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArianeeClient } from '../../src/arianee/index.js';
import { DidwwClient } from '../../src/didww/index.js';
import { DotsClient } from '../../src/dots/index.js';
import {
  instrumentReservekit,
  type ReservekitInstrumentation,
  undiciInstrumentationConfig,
} from '../../src/otel/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { failure } from '../support/failure.js';
import { useSimulator } from '../support/simulator.js';

// docs/observability.md, "OpenTelemetry": the real SDK (in-memory exporters, the async-hooks
// context manager) and the real undici instrumentation, against the simulator on loopback.

const ARIANEE_KEY = 'arianee-key-PLANTED-5e0c';
const DOTS_AUTH = 'dots-auth-PLANTED-3b7d';
const DOTS_APP = 'dots-app-PLANTED-a9f1';
const DIDWW_KEY = 'didww-key-PLANTED-6c42';
const SECRETS = [ARIANEE_KEY, DOTS_AUTH, DOTS_APP, encodeURIComponent(DOTS_APP), DIDWW_KEY];

const sim = createSimulator({
  arianee: { apiKey: ARIANEE_KEY },
  dots: { authToken: DOTS_AUTH, apps: [{ appToken: DOTS_APP }] },
  didww: { apiKey: DIDWW_KEY, rateLimitPerSecond: false },
});
const urls = useSimulator(sim);

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
// The spans' tests need a meter provider too; the metrics test has one of its own.
const meterProvider = new MeterProvider();
const contextManager = new AsyncLocalStorageContextManager();
const undici = new UndiciInstrumentation(undiciInstrumentationConfig());
let instrumentation: ReservekitInstrumentation;

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  undici.setTracerProvider(tracerProvider);
  undici.enable();
});
afterAll(async () => {
  undici.disable();
  context.disable();
  await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
});
beforeEach(() => {
  instrumentation = instrumentReservekit({ tracerProvider, meterProvider });
});
afterEach(() => {
  instrumentation.disable();
  spans.reset();
  undici.setConfig(undiciInstrumentationConfig());
});

function dots(): DotsClient {
  return new DotsClient({
    baseUrl: urls.dots,
    authToken: DOTS_AUTH,
    appToken: DOTS_APP,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
}

const id = (span: ReadableSpan) => span.spanContext().spanId;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const named = (name: string) => spans.getFinishedSpans().filter((span) => span.name === name);
const childrenOf = (parent: ReadableSpan) =>
  spans.getFinishedSpans().filter((span) => parentOf(span) === id(parent));

/** Every place a planted secret could show in a span: name, attributes, events, status. */
function expectNoSecretInSpans(): void {
  const finished = spans.getFinishedSpans();
  expect(finished.length).toBeGreaterThan(0);
  for (const span of finished) {
    const printed = inspect(
      {
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        status: span.status,
        links: span.links,
      },
      { depth: 10 },
    );
    for (const secret of SECRETS) expect(printed).not.toContain(secret);
  }
}

describe('instrumentReservekit: spans', () => {
  it('a retried read: one INTERNAL span, the two HTTP attempts nested under it, a retry event', async () => {
    sim.faults.next('dots.listOfferings', { status: 503 });
    const client = dots();
    const { meta } = await client.ecoClubOfferings.list().withMeta();
    await client.close();

    const [call] = named('reservekit dots.ecoClubOfferings.list');
    expect(call).toBeDefined();
    const span = call as ReadableSpan;
    expect(span.kind).toBe(0); // SpanKind.INTERNAL
    expect(span.attributes).toMatchObject({
      'reservekit.provider': 'dots',
      'reservekit.operation': 'dots.ecoClubOfferings.list',
      'reservekit.call_id': meta.callId,
      'reservekit.attempts': 2,
      'reservekit.outcome': 'applied',
      'reservekit.reconciled': false,
      'http.response.status_code': 200,
      'url.template': `${urls.dots}/eco-club-offering/list/{appToken}`,
    });
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.status.code).toBe(0); // UNSET
    const attempts = childrenOf(span);
    expect(attempts.map((s) => [s.name, s.kind, s.attributes['http.response.status_code']])).toEqual([
      ['GET', 2, 503], // SpanKind.CLIENT
      ['GET', 2, 200],
    ]);
    for (const attempt of attempts) {
      expect(attempt.attributes['url.full']).toBe(`${urls.dots}/eco-club-offering/list/[REDACTED]`);
      expect(attempt.attributes['url.path']).toBe('/api/v1/eco-club-offering/list/[REDACTED]');
    }
    expect(span.events.map((e) => [e.name, e.attributes?.['reservekit.retry.reason']])).toEqual([
      ['reservekit.retry', 'backoff'],
    ]);
    expectNoSecretInSpans();
  });

  it("a create whose answer was lost: the lookup's call and its HTTP span nest under the create", async () => {
    sim.faults.next('dots.createOffering', { status: 502, actFirst: true });
    const client = dots();
    const { meta } = await client.ecoClubOfferings
      .create({ quantity: 1, externalUniqueId: 'otel-1' })
      .withMeta();
    await client.close();

    const create = named('reservekit dots.ecoClubOfferings.create')[0] as ReadableSpan;
    expect(create.attributes).toMatchObject({
      'reservekit.call_id': meta.callId,
      'reservekit.attempts': 1,
      'reservekit.outcome': 'applied',
      'reservekit.reconciled': true,
    });
    const children = childrenOf(create);
    expect(children.map((s) => s.name)).toEqual([
      'POST',
      'reservekit dots.ecoClubOfferings.findByExternalUniqueId',
    ]);
    const lookup = children[1] as ReadableSpan;
    expect(childrenOf(lookup).map((s) => [s.name, s.attributes['http.response.status_code']])).toEqual([
      ['GET', 200],
    ]);
    expect(create.events.map((e) => [e.name, e.attributes?.['reservekit.lookup.found']])).toEqual([
      ['reservekit.retry', undefined],
      ['reservekit.lookup', true],
    ]);
    expectNoSecretInSpans();
  });

  it('a failure: status ERROR, error.type is our error code, the exception recorded, redacted', async () => {
    const client = new ArianeeClient({ baseUrl: urls.arianee, apiKey: ARIANEE_KEY });
    const error = await failure(client.reserveOne({ tags: 'empty' }));
    await client.close();

    const span = named('reservekit arianee.reserveOne')[0] as ReadableSpan;
    expect(span.status).toEqual({ code: 2, message: error.message }); // SpanStatusCode.ERROR
    expect(span.attributes).toMatchObject({
      'error.type': 'no_inventory',
      'reservekit.outcome': 'rejected',
      'reservekit.attempts': 1,
      'http.response.status_code': 400,
    });
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
    expectNoSecretInSpans();
  });

  it("nests under the caller's active span", async () => {
    const client = dots();
    const tracer = tracerProvider.getTracer('app');
    await tracer.startActiveSpan('handle order', async (parent: Span) => {
      await client.ecoClubOfferings.list();
      parent.end();
    });
    await client.close();
    const handler = named('handle order')[0] as ReadableSpan;
    const call = named('reservekit dots.ecoClubOfferings.list')[0] as ReadableSpan;
    expect(parentOf(call)).toBe(id(handler));
    expect(call.spanContext().traceId).toBe(handler.spanContext().traceId);
    // The caller's context is its own again after the call.
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('without the redacting config, the undici instrumentation records the app token (why it exists)', async () => {
    undici.setConfig({});
    const client = dots();
    await client.ecoClubOfferings.list();
    await client.close();
    const [attempt] = spans.getFinishedSpans().filter((span) => span.name === 'GET');
    expect(String(attempt?.attributes['url.full'])).toContain(DOTS_APP);
  });

  it('DIDWW 2026-11-19: the token mint is a call of its own under the first call; no key or token recorded', async () => {
    undici.setConfig(
      undiciInstrumentationConfig({
        headersToSpanAttributes: { requestHeaders: ['authorization', 'api-key', 'accept'] },
      }),
    );
    const didww = new DidwwClient({
      apiKey: DIDWW_KEY,
      apiVersion: '2026-11-19',
      baseUrl: urls.didww,
      tokenUrl: sim.didww.tokenUrl,
      rateLimit: false,
    });
    await didww.countries.list();
    await didww.countries.list();
    await didww.close();

    const lists = named('reservekit didww.countries.list');
    expect(lists).toHaveLength(2);
    const first = lists[0] as ReadableSpan;
    expect(childrenOf(first).map((span) => span.name)).toEqual(['reservekit didww.accessToken.mint', 'GET']);
    const mint = childrenOf(first)[0] as ReadableSpan;
    expect(childrenOf(mint).map((span) => span.name)).toEqual(['POST']);
    // The second call reuses the token: no mint under it.
    expect(childrenOf(lists[1] as ReadableSpan).map((span) => span.name)).toEqual(['GET']);
    for (const span of spans.getFinishedSpans()) {
      expect(span.attributes['http.request.header.authorization']).toBeUndefined();
      expect(span.attributes['http.request.header.api-key']).toBeUndefined();
    }
    expect(childrenOf(first)[1]?.attributes['http.request.header.accept']).toBeDefined();
    expectNoSecretInSpans();
  });

  it('disable() stops the spans', async () => {
    instrumentation.disable();
    instrumentation.disable();
    const client = dots();
    await client.ecoClubOfferings.list();
    await client.close();
    expect(named('reservekit dots.ecoClubOfferings.list')).toEqual([]);
  });
});

describe('instrumentReservekit: metrics', () => {
  it('duration, attempts and reservations by provider and outcome, unknown outcomes counted', async () => {
    // A meter provider of its own: the other tests' calls are not counted here.
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const metricReader = new PeriodicExportingMetricReader({
      exporter: metricExporter,
      exportIntervalMillis: 3_600_000,
    });
    instrumentation.disable();
    instrumentation = instrumentReservekit({
      tracerProvider,
      meterProvider: new MeterProvider({ readers: [metricReader] }),
    });
    const client = dots();
    const arianee = new ArianeeClient({ baseUrl: urls.arianee, apiKey: ARIANEE_KEY, maxRetries: 0 });
    sim.arianee.addPassports('vip', 2);
    await arianee.reserveOne({ tags: 'vip' });
    // A gateway's 502 after the NMP reserved: no lookup exists for a passport, so unknown.
    sim.faults.next('arianee.reserveOne', { status: 502, actFirst: true });
    const unknown = await failure(arianee.reserveOne({ tags: 'vip' }));
    expect(unknown.outcome).toBe('unknown');
    await failure(arianee.reserveOne({ tags: 'empty' }));
    sim.faults.next('dots.listOfferings', { status: 503 });
    await client.ecoClubOfferings.list();
    await Promise.all([client.close(), arianee.close()]);

    await metricReader.forceFlush();
    await metricReader.shutdown();
    const scope = metricExporter
      .getMetrics()
      .at(-1)
      ?.scopeMetrics.find((s) => s.scope.name === 'reservekit');
    expect(scope?.scope.version).toMatch(/^\d+\.\d+\.\d+/);
    const metric = (name: string) => scope?.metrics.find((m) => m.descriptor.name === name);

    const reservations = metric('reservekit.reservations');
    expect(reservations?.descriptor.unit).toBe('{reservation}');
    const counts = Object.fromEntries(
      (reservations?.dataPoints ?? []).map((p) => [
        `${p.attributes['reservekit.provider']}/${p.attributes['reservekit.outcome']}`,
        p.value,
      ]),
    );
    expect(counts).toEqual({ 'arianee/applied': 1, 'arianee/unknown': 1, 'arianee/rejected': 1 });

    const duration = metric('reservekit.call.duration');
    expect(duration?.descriptor.unit).toBe('s');
    expect(duration?.dataPointType).toBe(DataPointType.HISTOGRAM);
    const durationCount = (duration?.dataPoints ?? []).reduce(
      (n, p) => n + (p.value as { count: number }).count,
      0,
    );
    expect(durationCount).toBe(4);

    const attempts = metric('reservekit.call.attempts');
    const listAttempts = attempts?.dataPoints.find(
      (p) => p.attributes['reservekit.operation'] === 'dots.ecoClubOfferings.list',
    );
    expect(listAttempts?.value).toMatchObject({ count: 1, sum: 2 });
    const failed = duration?.dataPoints.find((p) => p.attributes['error.type'] === 'no_inventory');
    expect(failed?.attributes).toEqual({
      'reservekit.provider': 'arianee',
      'reservekit.operation': 'arianee.reserveOne',
      'reservekit.outcome': 'rejected',
      'error.type': 'no_inventory',
    });

    const labels = inspect(scope, { depth: 20 });
    for (const secret of SECRETS) expect(labels).not.toContain(secret);
  });
});

describe('instrumentReservekit: options', () => {
  it('refuses what is not a provider, naming the option', () => {
    expect(() => instrumentReservekit({ tracerProvider: {} as never })).toThrow(
      /tracerProvider must be a TracerProvider/,
    );
    expect(() => instrumentReservekit({ meterProvider: 5 as never })).toThrow(
      /meterProvider must be a MeterProvider/,
    );
    expect(() => instrumentReservekit({ tracer: tracerProvider } as never)).toThrow(
      /unknown option "tracer"/,
    );
  });
});

describe('undiciInstrumentationConfig', () => {
  it('keeps your config and hooks, and takes credential headers out of those you record', async () => {
    undici.setConfig(
      undiciInstrumentationConfig({
        requireParentforSpans: true,
        startSpanHook: (request) => ({ 'app.method': request.method, 'url.full': 'overridden by the app' }),
        headersToSpanAttributes: { requestHeaders: ['user-agent', 'auth-token', 'Authorization'] },
      }),
    );
    const client = dots();
    await client.ecoClubOfferings.list();
    await client.close();
    const [attempt] = spans.getFinishedSpans().filter((span) => span.name === 'GET');
    expect(attempt?.attributes).toMatchObject({
      'app.method': 'GET',
      'url.full': `${urls.dots}/eco-club-offering/list/[REDACTED]`,
    });
    expect(attempt?.attributes['http.request.header.user-agent']).toEqual([
      expect.stringMatching(/^reservekit\//),
    ]);
    expect(attempt?.attributes['http.request.header.auth-token']).toBeUndefined();
    expectNoSecretInSpans();
  });

  it('redacts the app token of every Dots.eco app endpoint, through client.request() too', async () => {
    const client = dots();
    const failed = await failure(
      client.request({ method: 'GET', path: `/application-balance/${encodeURIComponent(DOTS_APP)}` }),
    );
    await client.close();
    expect(failed).toMatchObject({ status: 404 });
    const [attempt] = spans.getFinishedSpans().filter((span) => span.name === 'GET');
    expect(attempt?.attributes['url.path']).toBe('/api/v1/application-balance/[REDACTED]');
    expectNoSecretInSpans();
  });

  it('leaves URLs without a secret as the instrumentation set them', () => {
    const config = undiciInstrumentationConfig();
    const request = { method: 'GET', headers: [] };
    expect(
      config.startSpanHook({
        ...request,
        origin: 'https://api.didww.com',
        path: '/v3/did_reservations?page[size]=5',
      }),
    ).toEqual({});
    expect(
      config.startSpanHook({
        ...request,
        origin: 'https://impact.dots.eco',
        path: '/api/v1/eco-club-offering/list/101-5653d113/abc?x=1',
      }),
    ).toEqual({
      'url.full': 'https://impact.dots.eco/api/v1/eco-club-offering/list/[REDACTED]/abc?x=1',
      'url.path': '/api/v1/eco-club-offering/list/[REDACTED]/abc',
      'url.query': '?x=1',
    });
  });
});
