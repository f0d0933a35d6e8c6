import type { Dispatcher } from 'undici';
import { joinChunks } from './sender.js';
import { AttemptFailure, type OutgoingRequest, type RawResponse } from './wire.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

// Handlers whose request undici refused inside dispatch(): the client's own agent reads this to
// keep the connection in service (own-agent.ts).
const refusedHandlers = new WeakSet<object>();

/** Whether undici refused this handler's request inside `dispatch()` (it was never queued). */
export function wasRefused(handler: object): boolean {
  return refusedHandlers.has(handler);
}

const TIMED_OUT = Symbol('timed out');
const TOO_LARGE = Symbol('too large');

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Sends one request through undici's dispatch API and reads the answer with a byte cap.
 *
 * Dispatching directly (rather than `request()`) lets us see `onRequestSent`: a failure before it
 * means no byte of the request was written, which is what makes retrying a non-idempotent call safe
 * (a stale keep-alive socket reset before the write). One timer covers connect, headers and body.
 */
export function sendOnce(
  dispatcher: Pick<Dispatcher, 'dispatch'>,
  request: OutgoingRequest,
  timeoutMs: number,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let pendingAbort: unknown;
    // True while dispatch() runs: an error reported then, before onRequestStart, is a refusal.
    let dispatching = false;
    let sent = false;
    let responded = false;
    let settled = false;
    let status = 0;
    let headers: Record<string, string> = {};
    let size = 0;
    let truncated = false;
    const chunks: Uint8Array[] = [];

    const finish = (error: AttemptFailure | undefined, response?: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(response as RawResponse);
    };

    const abort = (reason: unknown) => {
      if (controller) controller.abort(reason as Error);
      else pendingAbort = reason;
    };

    const onAbort = () => {
      // Settle first: aborting the controller can report the abort back as a response error at once.
      finish(new AttemptFailure('aborted', sent, signal?.reason, undefined, responded ? status : undefined));
      abort(signal?.reason);
    };

    const statusIfAny = () => (responded ? status : undefined);

    const timer = setTimeout(() => {
      abort(TIMED_OUT);
      finish(new AttemptFailure('timeout', sent, undefined, undefined, statusIfAny()));
    }, timeoutMs);

    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });

    const handler: Dispatcher.DispatchHandler & { onRequestSent(): void } = {
      onRequestStart(ctrl) {
        controller = ctrl;
        if (pendingAbort !== undefined) ctrl.abort(pendingAbort as Error);
      },
      onRequestSent() {
        sent = true;
      },
      onResponseStart(ctrl, statusCode, responseHeaders) {
        sent = true;
        responded = true;
        status = statusCode;
        headers = {};
        for (const [name, value] of Object.entries(responseHeaders)) {
          if (value !== undefined)
            headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
        }
        const declared = Number(headers['content-length']);
        if (statusCode >= 200 && statusCode < 300 && declared > maxBytes)
          ctrl.abort(TOO_LARGE as unknown as Error);
      },
      onResponseData(ctrl, chunk) {
        if (truncated) return;
        size += chunk.length;
        if (size > maxBytes) {
          if (status >= 200 && status < 300) {
            ctrl.abort(TOO_LARGE as unknown as Error);
            return;
          }
          // An error body is only read for its message: keep the start, drop the connection.
          chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
          truncated = true;
          finish(undefined, { status, headers, body: joinChunks(chunks, maxBytes), truncated });
          ctrl.abort(TOO_LARGE as unknown as Error);
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        const body = joinChunks(chunks, size);
        finish(undefined, { status, headers, body, truncated });
      },
      onResponseError(_ctrl, error) {
        const code = errorCode(error);
        if (dispatching && controller === undefined) {
          refusedHandlers.add(handler);
          return finish(new AttemptFailure('refused', false, error, code));
        }
        if ((error as unknown) === TOO_LARGE)
          return finish(new AttemptFailure('too_large', true, undefined, undefined, status));
        if ((error as unknown) === TIMED_OUT)
          return finish(new AttemptFailure('timeout', sent, undefined, undefined, statusIfAny()));
        if (code && TIMEOUT_CODES.has(code))
          return finish(new AttemptFailure('timeout', sent, error, code, statusIfAny()));
        // Once undici reported the request written, no error code can prove it was not read: a
        // connect-phase code (EHOSTUNREACH, EPIPE…) after that is still an unknown outcome.
        finish(new AttemptFailure('connection', sent, error, code, statusIfAny()));
      },
    };

    dispatching = true;
    try {
      dispatcher.dispatch(
        {
          origin: request.origin,
          path: request.path,
          method: request.method,
          headers: request.headers,
          body: request.body,
          // undici's own 300 s defaults must never outlive ours.
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        handler,
      );
    } catch (error) {
      finish(new AttemptFailure('refused', false, error, errorCode(error)));
    }
    dispatching = false;
  });
}
