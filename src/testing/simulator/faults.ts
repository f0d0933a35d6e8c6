import type { SimOperation, SimProvider } from './operations.js';

/**
 * One injected failure. The fields combine; what the client sees:
 * - `reset: 'before'` — the connection is reset before the simulator acts: nothing changed.
 * - `reset: 'after'` — the simulator acts (a passport is taken, a hold or offering is created), then
 *   resets the connection: the lost-answer case, where the client cannot know the outcome.
 * - `status` — the simulator answers with this status and `body` (default: the provider's own
 *   error shape for that status) without acting, unless `actFirst` is set.
 * - `malformed` — the simulator acts and answers as usual, but the body is cut in half.
 * - `delayMs` — the answer (or reset) is held back this long (a `setTimeout`), after the simulator
 *   acted; a client that times out meanwhile has lost the answer of a call that did happen.
 * - `staleMs` — a read answers as a replica lagging this far behind would: what was created less
 *   than `staleMs` ago (simulated time) is not there yet. Writes are not affected.
 * - `cutBody` — the simulator acts, sends the real status and headers and part of the body, then
 *   the connection dies: the client knows its call arrived, not what it made.
 */
export interface FaultSpec {
  /** How many calls in a row get this fault. Default 1. */
  times?: number;
  /** Answer with this HTTP status instead of the real answer. */
  status?: number;
  /** Body for `status`: an object is sent as JSON, a string as-is. Default: the provider's error body. */
  body?: unknown;
  /** Extra response headers for `status` (e.g. `{ 'retry-after': '1' }` on a 429). */
  headers?: Record<string, string>;
  /** With `status`: act first, then answer with the status (a gateway's 502 after the backend acted). */
  actFirst?: boolean;
  /** Hold the answer back this many milliseconds (a `setTimeout`: fake timers hold it until they advance). */
  delayMs?: number;
  /** Reset the connection before or after acting, with no answer. */
  reset?: 'before' | 'after';
  /** Answer with a body cut in half (invalid JSON), after acting. */
  malformed?: boolean;
  /**
   * A stale read, as from a replica lagging this many simulated milliseconds behind (finite,
   * `>= 0`). On a read — `didww.listReservations`, `didww.getReservation`, `didww.listOrders`,
   * `didww.getOrder`, `dots.listOfferings`, `dots.getOffering` — DIDWW holds and orders and
   * Dots.eco offerings created less than `staleMs` ago
   * (`sim.clock.now() - createdAt < staleMs`) are left out of lists, with DIDWW's `total_records`,
   * `available_count` and page links counting only what is shown, and a get by id of one answers
   * the provider's 404. `didww.listAvailableDids` and `didww.getAvailableDid` do not see such holds
   * either, so a number held moments ago still looks in stock. Only creation lags: releases and
   * lapses are seen at once. On any other operation (a write, `arianee.reserveOne`) it has no
   * effect. Combines with `times` and `delayMs`; a stale answer is a real answer, so not with
   * `status`, `reset` or `malformed`.
   */
  staleMs?: number;
  /**
   * Act, then send the real status and headers — `content-length` giving the whole body's length
   * — and the first half of the body (rounded down), then close the connection: the answer breaks
   * off mid-body, after the provider acted. An answer without a body (DIDWW's 204 to a delete) has
   * nothing to cut and arrives whole. Through `sim.dispatcher()` the handler gets the status, the
   * headers and the first half, then undici's `SocketError` ("other side closed"), as over a socket.
   * Through msw handlers (`sim.handlers()` with `setupServer`),
   * where there is no socket to close, the response's body stream fails after its first half
   * instead, so reading the body rejects. Combines with `times`, `delayMs` and `staleMs`; not with
   * `status`, `reset` or `malformed`.
   */
  cutBody?: boolean;
}

/** What {@link SimFaults.next} accepts: an operation, every operation of a provider, or `'*'`. */
export type FaultTarget = SimOperation | `${SimProvider}.*` | '*';

/** A fault waiting for its call, as {@link SimFaults.pending} lists it. */
export interface PendingFault {
  /** The operation(s) it is for. */
  target: FaultTarget;
  /** How many more calls will get it. */
  remaining: number;
  /** The fault as it was queued. */
  spec: FaultSpec;
}

/**
 * Fault injection: make the next calls of an operation fail the way networks and providers fail.
 * Faults are used in the order they were added; each call of a matching operation takes one.
 *
 * @example
 * ```ts
 * sim.faults.next('dots.createOffering', { reset: 'after' });   // created, answer lost
 * sim.faults.next('didww.listReservations', { status: 503, times: 2 });
 * sim.faults.next('arianee.reserveOne', { delayMs: 2_000 });
 * ```
 */
export interface SimFaults {
  /** Queues a fault for the next `spec.times` (default 1) calls of `target`. */
  next(target: FaultTarget, spec: FaultSpec): void;
  /** Faults not used yet. */
  pending(): PendingFault[];
  /** Drops every fault not used yet. */
  clear(): void;
}

/** The simulator's side of fault injection: takes the fault a call should get. */
export interface FaultQueue extends SimFaults {
  take(operation: SimOperation): FaultSpec | undefined;
}

function matches(target: FaultTarget, operation: SimOperation): boolean {
  if (target === '*' || target === operation) return true;
  return target.endsWith('.*') && operation.startsWith(target.slice(0, -1));
}

function checkSpec(spec: FaultSpec): void {
  const times = spec.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new RangeError('fault times must be an integer >= 1');
  if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599))
    throw new RangeError('fault status must be an HTTP status (100-599)');
  if (spec.delayMs !== undefined && (!Number.isFinite(spec.delayMs) || spec.delayMs < 0))
    throw new RangeError('fault delayMs must be >= 0');
  if (spec.reset !== undefined && spec.status !== undefined)
    throw new RangeError('a fault either resets the connection or answers with a status, not both');
  if (spec.malformed && (spec.reset !== undefined || spec.status !== undefined))
    throw new RangeError('malformed applies to the real answer: combine it with neither reset nor status');
  if (spec.staleMs !== undefined && (!Number.isFinite(spec.staleMs) || spec.staleMs < 0))
    throw new RangeError('fault staleMs must be a finite number >= 0');
  if (spec.staleMs !== undefined && (spec.reset !== undefined || spec.status !== undefined || spec.malformed))
    throw new RangeError(
      'staleMs makes the real answer stale: combine it with neither reset, status nor malformed',
    );
  if (spec.cutBody && (spec.reset !== undefined || spec.status !== undefined || spec.malformed))
    throw new RangeError('cutBody cuts the real answer: combine it with neither reset, status nor malformed');
}

/** Builds an empty fault queue. */
export function createFaultQueue(): FaultQueue {
  let queue: PendingFault[] = [];
  return {
    next(target, spec) {
      checkSpec(spec);
      queue.push({ target, remaining: spec.times ?? 1, spec: { ...spec } });
    },
    pending: () => queue.map((fault) => ({ ...fault, spec: { ...fault.spec } })),
    clear() {
      queue = [];
    },
    take(operation) {
      const fault = queue.find((candidate) => matches(candidate.target, operation));
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining === 0) queue = queue.filter((candidate) => candidate !== fault);
      return fault.spec;
    },
  };
}
