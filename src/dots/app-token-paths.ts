import { REDACTED } from '../core/redact.js';

/**
 * Dots.eco endpoints that carry the app token as a path segment, the segment after each prefix
 * (PROVIDERS.md, "Dots.eco": `eco-club-offering/list/{app_token}` and the other app reads). What
 * sees raw URLs without a client's secrets — an HTTP instrumentation — redacts them by shape.
 */
const APP_TOKEN_AFTER =
  /(\/(?:eco-club-offering\/list|application-balance|certificate\/list|flow-card\/list)\/)[^/?#]+/g;

/** The path with the app token of every Dots.eco app endpoint replaced by `[REDACTED]`. */
export function redactAppTokenInPath(path: string): string {
  return path.replace(APP_TOKEN_AFTER, `$1${REDACTED}`);
}
