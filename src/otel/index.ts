/**
 * reservekit/otel: OpenTelemetry spans and metrics for every reservekit call, and a redacting
 * config for `@opentelemetry/instrumentation-undici`. Depends only on `@opentelemetry/api` (an
 * optional peer dependency): the app brings the SDK (docs/observability.md).
 * @packageDocumentation
 */

import '../core/node-version.js';

export { CALL_TRACING_CHANNEL, type CallTrace } from '../core/call-tracing.js';
export {
  type InstrumentReservekitOptions,
  instrumentReservekit,
  type ReservekitInstrumentation,
} from './instrument.js';
export {
  type HeadersToSpanAttributes,
  type RedactingUndiciHooks,
  type UndiciInstrumentationConfigLike,
  type UndiciRequestLike,
  undiciInstrumentationConfig,
} from './undici-config.js';
