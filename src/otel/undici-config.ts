import type { Attributes } from '@opentelemetry/api';
import { isSecretHeader } from '../core/redact.js';
import { redactAppTokenInPath } from '../dots/app-token-paths.js';

/** What `@opentelemetry/instrumentation-undici` hands its hooks of a request (the parts read here). */
export interface UndiciRequestLike {
  /** e.g. `https://impact.dots.eco`. */
  origin: string;
  /** e.g. `GET`. */
  method: string;
  /** The path and query string, as sent. */
  path: string;
  /** `name: value\r\n` lines (undici 5), or `[name, value, …]` (undici 6 and later). */
  headers: string | (string | string[])[];
}

/** What {@link undiciInstrumentationConfig} adds to the config: the hook that redacts URLs. */
export interface RedactingUndiciHooks {
  /** Your `startSpanHook`'s attributes, then `url.full`, `url.path` and `url.query` redacted. */
  startSpanHook(request: UndiciRequestLike): Attributes;
}

/** The parts of `@opentelemetry/instrumentation-undici`'s config that redacting touches. */
export interface UndiciInstrumentationConfigLike {
  /**
   * Attributes to set when a span starts: yours are kept, the URL ones are then redacted. (A
   * method, so that a hook typed with the instrumentation's own request type fits.)
   */
  startSpanHook?(request: UndiciRequestLike): Attributes;
  /** Headers to record as attributes: credential headers are taken out of both lists. */
  headersToSpanAttributes?: HeadersToSpanAttributes | undefined;
}

/** `headersToSpanAttributes` of instrumentation-undici. */
export interface HeadersToSpanAttributes {
  /** Request header names to record. */
  requestHeaders?: string[] | undefined;
  /** Response header names to record. */
  responseHeaders?: string[] | undefined;
}

// The parameter is `Config & UndiciInstrumentationConfigLike` rather than a constraint on Config:
// every field of the latter is optional, and TypeScript refuses a config that has none of them
// (`{ enabled: false }`) for such a type.
/**
 * A config for `@opentelemetry/instrumentation-undici` (yours, extended) that keeps reservekit's
 * providers' secrets out of the HTTP client spans (docs/observability.md, "HTTP spans"):
 *
 * - the Dots.eco app token, a path segment of the list endpoints, reads `[REDACTED]` in
 *   `url.full` and `url.path` — set at the span's start, so no processor sees the token;
 * - credential headers (`authorization`, `api-key`, `x-api-key`, `auth-token`, cookies) are taken
 *   out of `headersToSpanAttributes`, should you list them.
 *
 * The instrumentation sees every request of the process, with no client's secrets at hand: it
 * redacts by the shape of the providers' URLs, which hold no other secret (keys and tokens travel
 * in headers, which it records only when asked to).
 *
 * @example
 * ```ts
 * import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
 * import { undiciInstrumentationConfig } from 'reservekit/otel';
 *
 * const undici = new UndiciInstrumentation(undiciInstrumentationConfig({ requireParentforSpans: true }));
 * ```
 */
export function undiciInstrumentationConfig<Config extends object = UndiciInstrumentationConfigLike>(
  config?: Config & UndiciInstrumentationConfigLike,
): Config & RedactingUndiciHooks {
  const headers = config?.headersToSpanAttributes;
  return {
    ...(config as Config),
    ...(headers
      ? {
          headersToSpanAttributes: {
            ...headers,
            requestHeaders: headers.requestHeaders?.filter((name) => !isSecretHeader(name)),
            responseHeaders: headers.responseHeaders?.filter((name) => !isSecretHeader(name)),
          },
        }
      : {}),
    startSpanHook(request: UndiciRequestLike): Attributes {
      const attributes = config?.startSpanHook ? { ...config.startSpanHook(request) } : {};
      return Object.assign(attributes, redactedUrl(request));
    },
  };
}

/** The URL attributes with secrets redacted, or none when the URL holds none. */
function redactedUrl(request: UndiciRequestLike): Attributes {
  const path = redactAppTokenInPath(request.path);
  if (path === request.path) return {};
  const url = new URL(path, request.origin);
  // The attributes instrumentation-undici sets from the raw URL (semantic conventions, url.*).
  return { 'url.full': url.toString(), 'url.path': url.pathname, 'url.query': url.search };
}
