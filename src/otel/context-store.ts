import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, context } from '@opentelemetry/api';

/**
 * A store for the tracing channel's `start.bindStore()` that runs the call in an OpenTelemetry
 * context, so that every attempt and lookup of the call — and the HTTP client spans of
 * `@opentelemetry/instrumentation-undici` — has the call's span as its parent.
 *
 * Node runs a bound store's `run(value, fn)` around the traced function (`runStores`); OTel keeps
 * its own AsyncLocalStorage private, and `context.with()` is its public way to run code in a
 * context. So `run` goes through `context.with()` — whatever context manager the app registered —
 * and this store itself never holds anything.
 */
export class OtelContextStore extends AsyncLocalStorage<Context> {
  override run<R>(store: Context, callback: () => R): R;
  override run<R, TArgs extends unknown[]>(
    store: Context,
    callback: (...args: TArgs) => R,
    ...args: TArgs
  ): R;
  override run<R, TArgs extends unknown[]>(
    store: Context,
    callback: (...args: TArgs) => R,
    ...args: TArgs
  ): R {
    return context.with(store, callback, undefined, ...args);
  }
}
