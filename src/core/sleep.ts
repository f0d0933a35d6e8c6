/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// Branded, as the errors are (errors.ts): a limiter made by another copy of reservekit rejects with
// its own copy's class, and the transport must still know it for a deadline (rate-limiter.ts).
const DEADLINE_REACHED = Symbol.for('reservekit.deadlineReached');

/** A wait would end after the call's deadline: it was not started. */
export class DeadlineReached extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (value as { [DEADLINE_REACHED]?: unknown } | null | undefined)?.[DEADLINE_REACHED] === true;
  }

  constructor() {
    super('the wait would outlast the deadline');
  }
}

Object.defineProperty(DeadlineReached.prototype, DEADLINE_REACHED, { value: true });
