import diagnosticsChannel from 'node:diagnostics_channel';
import {
  type Context,
  context,
  type MeterProvider,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { type CallTrace, callTracingChannel } from '../core/call-tracing.js';
import { CHANNELS, type ReconcileEvent, type RetryEvent } from '../core/diagnostics.js';
import { VERSION } from '../core/version.js';
import { ATTR, SCOPE_NAME } from './attributes.js';
import { CallMetrics } from './call-metrics.js';
import { OtelContextStore } from './context-store.js';

/** What {@link instrumentReservekit} reports to; each defaults to the global one. */
export interface InstrumentReservekitOptions {
  /** Where spans go. Default: the global tracer provider (`trace.setGlobalTracerProvider`). */
  tracerProvider?: TracerProvider | undefined;
  /** Where metrics go. Default: the global meter provider, looked up at each call. */
  meterProvider?: MeterProvider | undefined;
}

/** A running instrumentation. */
export interface ReservekitInstrumentation {
  /** Stops making spans and metrics (calls in flight keep theirs). Idempotent. */
  disable(): void;
}

interface Open {
  span: Span;
  started: number;
}

/**
 * Turns every reservekit call into an OpenTelemetry span and metrics, by subscribing to the
 * `reservekit:call` tracing channel (docs/observability.md, "OpenTelemetry"):
 *
 * - one span per logical call, `reservekit {operation}` (INTERNAL), whose children are the
 *   per-attempt HTTP spans of `@opentelemetry/instrumentation-undici` and the calls of a lookup,
 *   with a `reservekit.retry` event per wait and a `reservekit.lookup` event per lookup;
 * - `reservekit.call.duration` (s), `reservekit.call.attempts` and `reservekit.reservations`
 *   (calls that act once, by outcome: a dashboard shows the unknown ones).
 *
 * Only `@opentelemetry/api` is used, as OpenTelemetry asks of libraries: the app brings the SDK.
 *
 * @example
 * ```ts
 * import { instrumentReservekit } from 'reservekit/otel';
 * const instrumentation = instrumentReservekit(); // the global tracer and meter providers
 * // … on shutdown:
 * instrumentation.disable();
 * ```
 * @throws {TypeError} when an option is not a tracer or meter provider.
 */
export function instrumentReservekit(options: InstrumentReservekitOptions = {}): ReservekitInstrumentation {
  checkOptions(options);
  const tracer: Tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE_NAME, VERSION);
  const callMetrics = new CallMetrics(options.meterProvider);
  const open = new WeakMap<CallTrace, Open>();
  // Waits and lookups are published with the call's id, not its context object.
  const byCallId = new Map<string, Span>();

  const startSpan = (call: CallTrace, parent: Context): Open => {
    const span = tracer.startSpan(
      `reservekit ${call.operation}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR.provider]: call.provider,
          [ATTR.operation]: call.operation,
          [ATTR.callId]: call.callId,
          [ATTR.httpMethod]: call.method,
          [ATTR.urlTemplate]: call.urlTemplate,
        },
      },
      parent,
    );
    const opened = { span, started: performance.now() };
    open.set(call, opened);
    byCallId.set(call.callId, span);
    return opened;
  };

  const channel = callTracingChannel();
  if (!channel) throw new Error('reservekit/otel needs node:diagnostics_channel, which this runtime lacks');
  const store = new OtelContextStore();
  // The call runs in a context holding its span (context-store.ts says how).
  channel.start.bindStore(store, (call) => {
    const { span } = startSpan(call, context.active());
    return trace.setSpan(context.active(), span);
  });
  const subscribers = {
    // Without a bound store (a runtime whose channels do not run them), the span is still made.
    start: (call: CallTrace) => {
      if (!open.has(call)) startSpan(call, context.active());
    },
    end: () => {},
    asyncStart: () => {},
    error: () => {},
    asyncEnd: (call: CallTrace) => {
      const opened = open.get(call);
      if (!opened) return;
      open.delete(call);
      byCallId.delete(call.callId);
      finishSpan(opened.span, call);
      callMetrics.record(call, (performance.now() - opened.started) / 1000);
    },
  };
  channel.subscribe(subscribers);

  const onRetry = (message: unknown) => {
    const event = message as RetryEvent;
    byCallId.get(event.callId)?.addEvent('reservekit.retry', {
      [ATTR.attempts]: event.attempt,
      'reservekit.retry.delay_ms': event.delayMs,
      'reservekit.retry.reason': event.reason,
      [ATTR.errorType]: event.error.code,
    });
  };
  const onReconcile = (message: unknown) => {
    const event = message as ReconcileEvent;
    byCallId.get(event.callId)?.addEvent('reservekit.lookup', {
      [ATTR.attempts]: event.attempt,
      'reservekit.lookup.found': event.found,
    });
  };
  diagnosticsChannel.subscribe(CHANNELS.retry, onRetry);
  diagnosticsChannel.subscribe(CHANNELS.reconcile, onReconcile);

  let enabled = true;
  return {
    disable() {
      if (!enabled) return;
      enabled = false;
      channel.unsubscribe(subscribers);
      channel.start.unbindStore(store);
      diagnosticsChannel.unsubscribe(CHANNELS.retry, onRetry);
      diagnosticsChannel.unsubscribe(CHANNELS.reconcile, onReconcile);
    },
  };
}

/** What only the end of the call knows, then the end. Messages are the call's, redacted. */
function finishSpan(span: Span, call: CallTrace): void {
  span.setAttributes({
    [ATTR.attempts]: call.attempts ?? 0,
    [ATTR.outcome]: call.outcome ?? 'unknown',
    [ATTR.reconciled]: call.reconciled ?? false,
    [ATTR.retryDelayMs]: call.totalRetryDelayMs ?? 0,
  });
  if (call.status !== undefined) span.setAttribute(ATTR.httpStatus, call.status);
  if (call.error) {
    span.setAttribute(ATTR.errorType, call.error.code);
    span.recordException(call.error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: call.error.message });
  }
  span.end();
}

function checkOptions(options: unknown): asserts options is InstrumentReservekitOptions {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(
      'instrumentReservekit: options must be an object such as { tracerProvider }, or left out',
    );
  const { tracerProvider, meterProvider } = options as Record<string, unknown>;
  if (tracerProvider !== undefined && !hasMethod(tracerProvider, 'getTracer'))
    throw new TypeError('instrumentReservekit: tracerProvider must be a TracerProvider (it has getTracer())');
  if (meterProvider !== undefined && !hasMethod(meterProvider, 'getMeter'))
    throw new TypeError('instrumentReservekit: meterProvider must be a MeterProvider (it has getMeter())');
  for (const key of Object.keys(options))
    if (key !== 'tracerProvider' && key !== 'meterProvider')
      throw new TypeError(
        `instrumentReservekit: unknown option ${JSON.stringify(key)} (known: tracerProvider, meterProvider)`,
      );
}

function hasMethod(value: unknown, name: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[name] === 'function'
  );
}
