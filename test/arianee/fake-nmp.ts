import { delay, HttpResponse, http } from 'msw';
import { ArianeeClient, type ArianeeClientOptions } from '../../src/arianee/index.js';
import type { HandlerServer } from '../../src/testing/serve-handlers.js';

export const API_KEY = 'nmp_key_5b0e7f3c-91d2-4a6e';
export const RESERVE_PATH = '*/dispenser/distribution/reserveOne';

/** The passphrase the fake NMP gives passport `id`: distinctive, so a test can look for it anywhere. */
export function passphraseOf(id: number): string {
  return `pp${id}xq7secret`;
}

export function linkOf(id: number): string {
  return `https://test.arianee.net/${id},${passphraseOf(id)}`;
}

/** The documented `linkObject` body. */
export function linkObjectBody(id: number) {
  return {
    method: 'requestOwnership',
    certificateId: id,
    passphrase: passphraseOf(id),
    deeplink: { certificateId: id, passphrase: passphraseOf(id), link: linkOf(id) },
  };
}

/** The documented empty-pool answer. */
export function noNftsResponse(): Response {
  return HttpResponse.json(
    {
      name: 'API Error',
      description: 'No NFT found to distribute',
      code: 'nmp.back.dispenser.oneToOne.noNFTsToSend',
      httpCode: 400,
    },
    { status: 400 },
  );
}

export interface FakePool {
  handler: ReturnType<typeof http.get>;
  /** Passports handed out (200s sent). */
  issued(): number;
  /** Most requests the server was handling at once. */
  peakInFlight(): number;
}

/**
 * A dispenser holding `size` passports (ids 1001…): answers each format as documented, then the
 * documented 400 once empty. `delayMs` keeps requests in flight long enough to overlap.
 */
export function fakePool(size: number, delayMs = 0): FakePool {
  let issued = 0;
  let inFlight = 0;
  let peak = 0;
  const handler = http.get(RESERVE_PATH, async ({ request }) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    try {
      if (delayMs > 0) await delay(delayMs);
      if (issued >= size) return noNftsResponse();
      issued += 1;
      const id = 1000 + issued;
      const format = new URL(request.url).searchParams.get('format');
      if (format === 'link') return HttpResponse.text(linkOf(id));
      if (format === 'content') return HttpResponse.json({ name: `Passport ${id}` });
      return HttpResponse.json(linkObjectBody(id));
    } finally {
      inFlight -= 1;
    }
  });
  return { handler, issued: () => issued, peakInFlight: () => peak };
}

/** A client of the loopback server, with fast retries. */
export function nmpClient(server: HandlerServer, options: Partial<ArianeeClientOptions> = {}): ArianeeClient {
  return new ArianeeClient({
    baseUrl: server.url,
    apiKey: API_KEY,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}
