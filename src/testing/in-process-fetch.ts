import { type Respond, wireAnswer } from './wire-answer.js';

/** A `fetch` that answers in process: what `sim.fetch()` returns. */
export type InProcessFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** What fetch rejects with when the network failed: a `TypeError` whose cause says how. */
function networkFailure(cause: Error): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** Rejects when `signal` aborts, as fetch does (with the signal's reason). */
function abortable<T>(work: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

// Statuses whose response has no body (the Response constructor refuses one).
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The fetch counterpart of {@link InProcessDispatcher} (`sim.fetch()`): requests to a known origin
 * go to its responder, the same code the loopback servers run, with no socket; any other origin
 * fails as a refused connection does (nothing sent). Faults play out as on the network, seen
 * through fetch: a reset rejects with `TypeError('fetch failed')` caused by `ECONNRESET` (after the
 * provider had the request: an unknown outcome), a cut body sends the status, headers and the
 * first bytes, then fails the body's stream.
 */
export function inProcessFetch(
  routes: ReadonlyMap<string, Respond>,
  served: readonly string[],
): InProcessFetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const origin = new URL(request.url).origin;
    const respond = routes.get(origin);
    if (!respond) {
      const refused = new Error(
        `sim.fetch() does not simulate ${origin}: the request was not sent (no DNS lookup, no socket). ` +
          `It answers for ${served.join(', ')}; give a client's base URL to sim.fetch({ … }) to simulate it there.`,
      );
      throw networkFailure(Object.assign(refused, { code: 'ECONNREFUSED' }));
    }
    const answer = await abortable(wireAnswer(respond, request), request.signal);
    if (answer.reset)
      throw networkFailure(
        Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }),
      );
    const headers = new Headers(answer.headers);
    if (NO_BODY.has(answer.status)) return new Response(null, { status: answer.status, headers });
    const bytes = new Uint8Array(answer.body);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (bytes.length > 0) controller.enqueue(bytes);
        if (answer.broken) controller.error(networkFailure(new Error('other side closed')));
        else controller.close();
      },
    });
    return new Response(body, { status: answer.status, statusText: answer.statusText, headers });
  };
}
