import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type * as Otel from 'reservekit/otel';
import { DIST_DIR } from '../build-package.js';
import type { BenchConfig } from '../config.js';
import { rotate, runLoad } from '../load.js';
import { type DetailTable, fixed, grouped, type MeasurementResult, shownOnly } from '../result.js';
import { median } from '../stats.js';
import { BENCH_TAG, sdkClient } from '../variants.js';

/** Takes every span and drops it: what an exporter costs is the app's, not reservekit's. */
class DiscardingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: ExportResultCode }) => void): void {
    this.exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

type Setup = 'none' | 'reservekit' | 'reservekit+undici';
const LABELS: Record<Setup, string> = {
  none: 'nobody subscribed (the context manager on)',
  reservekit: 'instrumentReservekit (span + 3 metrics per call)',
  'reservekit+undici': '… and instrumentation-undici (a span per attempt too)',
};

/**
 * 10. What the OpenTelemetry instrumentation costs per call (issue 18): the SDK's reserveOne
 * against the loopback server, one call at a time, with nobody subscribed, with
 * `instrumentReservekit()` on the real SDK (batch span processor, a meter provider), and with
 * `@opentelemetry/instrumentation-undici` too. Client CPU µs per call, interleaved rounds.
 */
export async function measureOtelCost(baseUrl: string, config: BenchConfig): Promise<MeasurementResult> {
  const otel = (await import(pathToFileURL(join(DIST_DIR, 'otel/index.js')).href)) as typeof Otel;
  const exporter = new DiscardingExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  const reader = new PeriodicExportingMetricReader({
    exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager();
  const undici = new UndiciInstrumentation(otel.undiciInstrumentationConfig({ enabled: false }));
  undici.setTracerProvider(tracerProvider);
  // instrumentation-undici's disable() throws unless it is enabled: track it here.
  let undiciOn = false;
  const client = await sdkClient(baseUrl);
  const call = () => client.reserveOne({ tags: BENCH_TAG, format: 'linkObject' });
  // An app that runs OpenTelemetry has its context manager on whatever reservekit does: on in every
  // setup, so that the extra cost is reservekit's instrumentation, not the context manager's.
  context.setGlobalContextManager(contextManager.enable());

  let instrumentation: Otel.ReservekitInstrumentation | undefined;
  const use = (setup: Setup) => {
    instrumentation?.disable();
    instrumentation = undefined;
    if (undiciOn) undici.disable();
    undiciOn = false;
    if (setup === 'none') return;
    instrumentation = otel.instrumentReservekit({ tracerProvider, meterProvider });
    if (setup === 'reservekit+undici') {
      undici.enable();
      undiciOn = true;
    }
  };

  const { rounds, roundMs, warmupMs, maxCallsPerRound } = config.throughput;
  const setups: readonly Setup[] = ['none', 'reservekit', 'reservekit+undici'];
  const cpu: Record<Setup, number[]> = { none: [], reservekit: [], 'reservekit+undici': [] };
  const rate: Record<Setup, number[]> = { none: [], reservekit: [], 'reservekit+undici': [] };
  const plan = { concurrency: 1, maxCalls: maxCallsPerRound };
  try {
    for (const setup of setups) {
      use(setup);
      await runLoad(call, { ...plan, durationMs: warmupMs });
    }
    for (let round = 0; round < rounds; round += 1) {
      for (const setup of rotate(setups, round)) {
        use(setup);
        const result = await runLoad(call, { ...plan, durationMs: roundMs });
        cpu[setup].push(result.cpuUsPerCall);
        rate[setup].push(result.callsPerSecond);
      }
    }
  } finally {
    use('none');
    context.disable();
    await client.close();
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
  }

  const cpuMedian = (setup: Setup) => median(cpu[setup]);
  const extra = (setup: Setup) => median(cpu[setup].map((value, i) => value - (cpu.none[i] as number)));
  const table: DetailTable = {
    title: 'OpenTelemetry cost per call (reserveOne on loopback, concurrency 1)',
    columns: ['', 'client CPU µs per call', 'extra CPU µs per call', 'calls/s'],
    rows: setups.map((setup) => [
      LABELS[setup],
      fixed(cpuMedian(setup), 1),
      setup === 'none' ? '' : fixed(extra(setup), 1),
      grouped(median(rate[setup])),
    ]),
    notes: [
      `${rounds} rounds of ${roundMs} ms per setup, order rotated each round; medians of rounds, extra is the median of same-round differences.`,
      'Real SDK: BasicTracerProvider with a BatchSpanProcessor (spans handed to an exporter that drops them), a MeterProvider with a reader; the async-hooks context manager enabled in every setup, as in an app that runs OpenTelemetry.',
      `Spans exported in all: ${grouped(exporter.exported)}.`,
    ],
  };
  return {
    id: 'otel',
    title: '10. OpenTelemetry cost per call',
    checks: [
      shownOnly(
        'OTel cost per call: instrumentReservekit',
        extra('reservekit'),
        `${fixed(extra('reservekit'), 1)} µs`,
      ),
      shownOnly(
        'OTel cost per call: with instrumentation-undici too',
        extra('reservekit+undici'),
        `${fixed(extra('reservekit+undici'), 1)} µs`,
      ),
    ],
    details: [table],
    data: { cpu, rate },
  };
}
