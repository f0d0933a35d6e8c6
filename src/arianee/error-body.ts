import type { HttpResponse, ProviderErrorInfo } from '../core/error-mapping.js';

/** The NMP's code for an empty pool ("No NFT found to distribute"). */
export const NO_NFTS_TO_SEND = 'nmp.back.dispenser.oneToOne.noNFTsToSend';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
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
  const body = response.body;
  if (body.kind !== 'json') return {};
  const value = body.value;
  if (typeof value === 'string') return value.trim() === '' ? {} : { message: value };
  if (isRecord(value)) {
    const providerCode = text(value.code);
    // `name` is last: it is the generic "API Error" when a description exists.
    const message = text(value.description) ?? text(value.message) ?? text(value.error) ?? text(value.name);
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
