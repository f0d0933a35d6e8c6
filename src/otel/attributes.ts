/**
 * The attribute names reservekit's spans and metrics use (docs/observability.md,
 * "OpenTelemetry"): its own under `reservekit.`, and OpenTelemetry's semantic conventions for HTTP
 * and errors where one fits.
 */
export const ATTR = {
  provider: 'reservekit.provider',
  operation: 'reservekit.operation',
  callId: 'reservekit.call_id',
  attempts: 'reservekit.attempts',
  outcome: 'reservekit.outcome',
  reconciled: 'reservekit.reconciled',
  retryDelayMs: 'reservekit.total_retry_delay_ms',
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  urlTemplate: 'url.template',
  errorType: 'error.type',
} as const;

/** The instrumentation scope of the spans and metrics. */
export const SCOPE_NAME = 'reservekit';
