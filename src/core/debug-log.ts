import type * as DiagnosticsChannel from 'node:diagnostics_channel';
import type { TracingChannel } from 'node:diagnostics_channel';
import { type CallTrace, callTracingChannel } from './call-tracing.js';
import {
  CHANNELS,
  type ErrorEvent,
  type ReconcileEvent,
  type ResponseEvent,
  type RetryEvent,
} from './diagnostics.js';
import type { ReservationError } from './errors.js';
import { builtin } from './runtime.js';

/**
 * `NODE_DEBUG=reservekit`: one line on stderr per attempt, wait, lookup and result, through Node's
 * `util.debuglog` (docs/observability.md, "The debug switch"). Built on the same channels a user
 * subscribes to, whose payloads are redacted: nothing here prints a key, token, link or code.
 */

// Two copies of the package in one process (an ESM and a CJS build) would print every line twice.
const INSTALLED = Symbol.for('reservekit.debugLog');
let checked = false;

/** Subscribes the debug printer when `NODE_DEBUG` names reservekit; cheap after the first call. */
export function installDebugLog(): void {
  if (checked) return;
  checked = true;
  const log = builtin('node:util')?.debuglog('reservekit');
  const channels = builtin('node:diagnostics_channel');
  const calls = callTracingChannel();
  if (!log?.enabled || !channels || !calls) return;
  const registry = globalThis as { [INSTALLED]?: true };
  if (registry[INSTALLED]) return;
  registry[INSTALLED] = true;
  subscribe(log, channels, calls);
}

function subscribe(
  log: (message: string) => void,
  diagnosticsChannel: typeof DiagnosticsChannel,
  calls: TracingChannel<unknown, CallTrace>,
): void {
  // The attempt a response was printed for, per call: its error (a 502, a body that does not
  // validate) is told by the result or wait line rather than a second line for the attempt.
  const answered = new Map<string, number>();
  const startedAt = new WeakMap<CallTrace, number>();

  diagnosticsChannel.subscribe(CHANNELS.response, (message) => {
    const event = message as ResponseEvent;
    answered.set(event.callId, event.attempt);
    const id = event.requestId === undefined ? '' : `, request id ${event.requestId}`;
    log(
      `${prefix(event)} attempt ${event.attempt} ${event.method} ${event.url} -> ${event.status} in ${ms(event.durationMs)}${id}`,
    );
  });
  diagnosticsChannel.subscribe(CHANNELS.error, (message) => {
    const event = message as ErrorEvent;
    if (answered.get(event.callId) === event.attempt) return;
    log(
      `${prefix(event)} attempt ${event.attempt} ${event.method} ${event.url} -> failed in ${ms(event.durationMs)}: ${describe(event.error)}`,
    );
  });
  diagnosticsChannel.subscribe(CHANNELS.retry, (message) => {
    const event = message as RetryEvent;
    log(`${prefix(event)} waits ${ms(event.delayMs)} (${event.reason}) before trying again`);
  });
  diagnosticsChannel.subscribe(CHANNELS.reconcile, (message) => {
    const event = message as ReconcileEvent;
    const found = event.found ? 'found what the lost attempt did' : 'found nothing';
    log(`${prefix(event)} lookup after attempt ${event.attempt}: ${found}`);
  });
  calls.subscribe({
    start: (trace) => {
      startedAt.set(trace, performance.now());
    },
    end: () => {},
    asyncStart: () => {},
    error: () => {},
    asyncEnd: (trace) => {
      answered.delete(trace.callId);
      const started = startedAt.get(trace);
      const took = started === undefined ? '' : ` in ${ms(performance.now() - started)}`;
      const parent = trace.parentCallId === undefined ? '' : ` (for ${trace.parentCallId})`;
      const counts = `${trace.attempts} attempt${trace.attempts === 1 ? '' : 's'}, retry waits ${ms(trace.totalRetryDelayMs ?? 0)}`;
      const result = trace.error
        ? `failed${took}: ${describe(trace.error)}`
        : `succeeded${took}: status ${trace.status}${trace.reconciled ? ', found by a lookup (reconciled)' : ''}`;
      log(`${prefix(trace)}${parent} ${result}; ${counts}`);
    },
  });
}

function prefix(event: { callId: string; operation: string }): string {
  return `${event.callId} ${event.operation}`;
}

function describe(error: ReservationError): string {
  return `${error.name} ${error.code}, outcome ${error.outcome}: ${error.message}`;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
