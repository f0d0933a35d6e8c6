import type { DidwwSettings } from './client-options.js';

/** Where DIDWW's API lives below its hosts (DIDWW_BASE_URLS). */
const API_PATH = '/v3';

/**
 * What a 401 or a 404 adds to the message when the likely cause is the client's setup: keys
 * belong to one environment (a production key is refused by sandbox, the default), and every path
 * lives under `/v3`.
 */
export function setupHint(
  status: number,
  { baseUrl, environment }: Pick<DidwwSettings, 'baseUrl' | 'environment'>,
): string | undefined {
  if (status === 404 && !baseUrl.pathPrefix.endsWith(API_PATH))
    return `baseUrl ${baseUrl.href} has no ${API_PATH} path; DIDWW's API lives under ${API_PATH}`;
  if (status !== 401) return undefined;
  if (environment === undefined)
    return `DIDWW refused the API key at ${baseUrl.href}: sandbox and production keys differ; check that the key belongs to the account behind this baseUrl`;
  const other = environment.name === 'sandbox' ? 'production' : 'sandbox';
  const where = environment.byDefault ? `the default; ${baseUrl.href}` : baseUrl.href;
  return `DIDWW refused the API key at the ${environment.name} environment (${where}): a ${other} key does not work in ${environment.name}; pass environment: '${other}'`;
}
