import { readBodyMessage } from '../core/error-body.js';
import type { HttpResponse, ProviderErrorInfo } from '../core/error-mapping.js';
import { ApiError } from '../core/errors.js';
import { jsonBodyOf } from '../core/response-body.js';
import type { DidwwSettings } from './client-options.js';
import {
  type DidwwErrorObject,
  joinErrorMessages,
  readErrorObject,
  readErrorsDocument,
} from './json-api/errors.js';

// Where a create's 422 points when the number itself cannot be held (didww-v3-ruby
// spec/fixtures/did_reservations/post/create_success/422.json: "available_did - is invalid").
const AVAILABLE_DID_POINTER = '/data/relationships/available_did';

/**
 * Reads any DIDWW error answer. A JSON:API `errors[]` body is kept whole in `details`, its entries'
 * `detail` (or `title`) joined into the message and their `code`s into `providerCode`. Any other
 * body (an HTML page from a proxy, plain text, a gateway's JSON) leaves the core's fallback message.
 */
export function describeDidwwError(response: HttpResponse): ProviderErrorInfo {
  const body = jsonBodyOf(response);
  const errors = readErrorsDocument(body);
  if (errors) {
    const codes = [...new Set(errors.parsed.map((error) => error.code).filter((code) => code !== undefined))];
    return {
      // DIDWW's 400 is "malformed request — unknown filter, bad pagination or bad sort field".
      kind: response.status === 400 ? 'validation' : undefined,
      providerCode: codes.length ? codes.join(',') : undefined,
      message: joinErrorMessages(errors.parsed),
      details: errors.raw,
    };
  }
  const message = readBodyMessage(body);
  return message === undefined ? {} : { message };
}

/** Whether a JSON:API pointer names the reservation's `available_did` relationship. */
function pointsAtAvailableDid(pointer: string | undefined): boolean {
  return pointer === AVAILABLE_DID_POINTER || pointer?.startsWith(`${AVAILABLE_DID_POINTER}/`) === true;
}

/**
 * `didReservations.create`: a 422 that points at `available_did` means the number cannot be held
 * (taken, no longer in stock, or the plan's reservation cap reached), so it is a `NoInventoryError`.
 */
export function refineCreateError(response: HttpResponse, info: ProviderErrorInfo): ProviderErrorInfo {
  if (response.status !== 422) return info;
  const errors = readErrorsDocument(jsonBodyOf(response));
  return errors?.parsed.some((error) => pointsAtAvailableDid(error.source?.pointer))
    ? { ...info, kind: 'no_inventory' }
    : info;
}

/**
 * The `errors[]` entries of a DIDWW error, read into {@link DidwwErrorObject}s; `[]` for any other
 * error. `error.details` holds the same entries exactly as DIDWW sent them.
 *
 * @example
 * ```ts
 * try { await client.didReservations.create({ availableDidId }) }
 * catch (err) {
 *   for (const entry of getDidwwErrors(err)) console.log(entry.source?.pointer, entry.detail);
 * }
 * ```
 */
export function getDidwwErrors(error: unknown): DidwwErrorObject[] {
  if (!(error instanceof ApiError) || error.provider !== 'didww' || !Array.isArray(error.details)) return [];
  return error.details.map(readErrorObject);
}

/** Where DIDWW's API lives below its hosts (DIDWW_BASE_URLS). */
const API_PATH = '/v3';

/**
 * What a 401 or a 404 adds to the message when the likely cause is the client's setup: keys
 * belong to one environment (a production key is refused by sandbox, the default), and every path
 * lives under `/v3`.
 */
export function setupHint(
  status: number,
  { baseUrl, environment, tokens }: Pick<DidwwSettings, 'baseUrl' | 'environment' | 'tokens'>,
): string | undefined {
  // With tokens, a 401 from the API after a fresh token was minted: the token, not the key.
  if (status === 401 && tokens)
    return `DIDWW refused an access token minted at ${tokens.tokenUrl.href} just now: check that tokenUrl is the token service of the account behind ${baseUrl.href}`;
  if (status === 404 && !baseUrl.pathPrefix.endsWith(API_PATH))
    return `baseUrl ${baseUrl.href} has no ${API_PATH} path; DIDWW's API lives under ${API_PATH}`;
  if (status !== 401) return undefined;
  if (environment === undefined)
    return `DIDWW refused the API key at ${baseUrl.href}: sandbox and production keys differ; check that the key belongs to the account behind this baseUrl`;
  const other = environment.name === 'sandbox' ? 'production' : 'sandbox';
  const where = environment.byDefault ? `the default; ${baseUrl.href}` : baseUrl.href;
  return `DIDWW refused the API key at the ${environment.name} environment (${where}): a ${other} key does not work in ${environment.name}; pass environment: '${other}'`;
}

/** What a 401 or 403 of the token service adds: the key is what it judged. */
export function tokenHint(
  status: number,
  { tokens, environment }: Pick<DidwwSettings, 'tokens' | 'environment'>,
): string | undefined {
  if ((status !== 401 && status !== 403) || !tokens) return undefined;
  const account = environment ? ` (the ${environment.name} account's)` : '';
  return `the token service at ${tokens.tokenUrl.href} refused the API key: check apiKey${account}, and any IP restriction set on the key`;
}
