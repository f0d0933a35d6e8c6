import { isJsonObject, MESSAGE_KEYS, readBodyMessage } from '../core/error-body.js';
import type { HttpResponse, ProviderErrorInfo } from '../core/error-mapping.js';
import { jsonBodyOf } from '../core/response-body.js';
import type { ArianeeSettings } from './client-options.js';

/** The NMP's code for an empty pool ("No NFT found to distribute"). */
export const NO_NFTS_TO_SEND = 'nmp.back.dispenser.oneToOne.noNFTsToSend';

// `description` first (dispenser errors), `name` last: it is the generic "API Error" when a
// description exists.
const NMP_MESSAGE_KEYS = ['description', ...MESSAGE_KEYS, 'name'];

function codeOf(value: Record<string, unknown>): string | undefined {
  const code = value.code;
  if (typeof code === 'string' && code.trim() !== '') return code;
  if (typeof code === 'number') return String(code);
  return undefined;
}

// A JSON body in neither documented shape is kept as its text, short enough for a message.
function compactJson(value: unknown): string {
  const json = JSON.stringify(value) ?? '';
  return json.length > 300 ? `${json.slice(0, 300)}…` : json;
}

/**
 * Reads an NMP error body. Two shapes are documented:
 * - dispenser errors `{ name: "API Error", description, code: "nmp.back.…", httpCode }` (the docs'
 *   tables add `success: false` and call the text `message`);
 * - other endpoints' `{ message }` (e.g. `/users/:id/apiKey`: `{"message":"Unauthorized"}`).
 * Any other JSON keeps its raw text as the message; a text or HTML body is left to the transport,
 * which keeps the text (or says it was an HTML page).
 */
export function describeArianeeError(response: HttpResponse): ProviderErrorInfo {
  const value = jsonBodyOf(response);
  if (value === undefined) return {};
  if (typeof value === 'string') return value.trim() === '' ? {} : { message: value };
  if (isJsonObject(value)) {
    const providerCode = codeOf(value);
    const message = readBodyMessage(value, NMP_MESSAGE_KEYS);
    if (providerCode !== undefined || message !== undefined) {
      const info: ProviderErrorInfo = {};
      if (providerCode !== undefined) info.providerCode = providerCode;
      if (message !== undefined) info.message = message;
      if (providerCode === NO_NFTS_TO_SEND) info.kind = 'no_inventory';
      return info;
    }
  }
  return { message: compactJson(value) };
}

/**
 * What a 401/403 adds to the message: how the key was sent (never the key), and the options that
 * change it. The NMP docs do not say which header carries the key (PROVIDERS.md §1.2), so a refusal
 * may be the header, not the key: docs/arianee.md, "Authentication".
 */
export function authHint(
  status: number,
  { authHeader, authScheme }: Pick<ArianeeSettings, 'authHeader' | 'authScheme'>,
): string | undefined {
  if (status !== 401 && status !== 403) return undefined;
  const sent = `sent as "${authHeader}: ${authScheme === null ? '' : `${authScheme} `}<apiKey>"`;
  const right = status === 403 ? "; or the key's user lacks the certCreate right" : '';
  return `the NMP refused the API key ${sent}; the NMP docs do not confirm that header: if your NMP expects another, set authHeader (e.g. 'x-api-key', which sends the bare key) or authScheme (e.g. 'Token', or null for the bare key)${right}`;
}
