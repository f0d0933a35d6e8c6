import { InputValidationError, type ProviderName } from './errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname.endsWith('.localhost')
  );
}

/** A parsed base URL: the origin undici dials and the path prefix every request starts with. */
export interface BaseUrl {
  readonly origin: string;
  /** Path prefix without a trailing slash, e.g. `/v3`, or `''`. */
  readonly pathPrefix: string;
  readonly href: string;
}

/**
 * Parses and checks a base URL before any request: `https:` always, `http:` only to a loopback host
 * (tests, the simulator) unless `allowInsecureHttp` — API keys must not cross a network in clear.
 */
export function parseBaseUrl(
  value: string,
  provider: ProviderName,
  allowInsecureHttp = false,
  option = 'baseUrl',
): BaseUrl {
  const fail = (message: string) =>
    new InputValidationError({
      provider,
      message,
      issues: [{ path: [option], code: 'invalid_url', message }],
    });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(`${option} is not a valid absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw fail(`${option} must use https: (got ${url.protocol})`);
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw fail(
      `${option} uses plain http: to ${url.hostname}; credentials would travel in clear. Use https:, or pass allowInsecureHttp: true`,
    );
  }
  if (url.username || url.password) throw fail(`${option} must not carry credentials`);
  if (url.search || url.hash) throw fail(`${option} must not have a query or fragment`);
  const pathPrefix = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, pathPrefix, href: url.origin + pathPrefix };
}
