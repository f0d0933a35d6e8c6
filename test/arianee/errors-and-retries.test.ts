import diagnosticsChannel from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { CHANNELS, type RetryEvent } from '../../src/core/diagnostics.js';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  NoInventoryError,
  ProviderValidationError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { printedForms } from '../support/printed-forms.js';
import { refusedUrl } from '../support/servers.js';
import {
  API_KEY,
  linkObjectBody,
  nmpClient,
  noNftsResponse,
  passphraseOf,
  RESERVE_PATH,
} from './fake-nmp.js';

const server = useHandlerServer();

/** Answers with `first` for the first `times` calls, then a passport. */
function failThenReserve(first: () => Response, times = 1) {
  let calls = 0;
  return http.get(RESERVE_PATH, () => {
    calls += 1;
    return calls <= times ? first() : HttpResponse.json(linkObjectBody(calls));
  });
}

async function reserveFailure(options: Parameters<typeof nmpClient>[1] = {}) {
  const client = nmpClient(server, options);
  const error = await failure(client.reserveOne({ tags: 'vip' }));
  await client.close();
  return error;
}

describe('error bodies', () => {
  it('the documented noNFTsToSend 400 is a NoInventoryError with its code', async () => {
    server.use(http.get(RESERVE_PATH, () => noNftsResponse()));
    const error = (await reserveFailure()) as NoInventoryError;
    expect(error).toBeInstanceOf(NoInventoryError);
    expect(error.code).toBe('no_inventory');
    expect(error.status).toBe(400);
    expect(error.providerCode).toBe('nmp.back.dispenser.oneToOne.noNFTsToSend');
    expect(error.providerMessage).toBe('No NFT found to distribute');
    expect(error.outcome).toBe('rejected');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('nmp.back.dispenser.oneToOne.noNFTsToSend');
    expect(server.requests).toHaveLength(1);
  });

  it('a 400 { message } without a code (older NMPs: unknown tag) is a NoInventoryError', async () => {
    server.use(
      http.get(RESERVE_PATH, () => HttpResponse.json({ message: 'Your tag may not exist' }, { status: 400 })),
    );
    const error = (await reserveFailure()) as NoInventoryError;
    expect(error).toBeInstanceOf(NoInventoryError);
    expect(error.providerCode).toBeUndefined();
    expect(error.providerMessage).toBe('Your tag may not exist');
  });

  it('a 400 with another NMP code is a ProviderValidationError keeping the code', async () => {
    server.use(
      http.get(RESERVE_PATH, () =>
        HttpResponse.json(
          {
            name: 'API Error',
            description: 'Bad format',
            code: 'nmp.back.dispenser.badFormat',
            httpCode: 400,
          },
          { status: 400 },
        ),
      ),
    );
    const error = (await reserveFailure()) as ProviderValidationError;
    expect(error).toBeInstanceOf(ProviderValidationError);
    expect(error).not.toBeInstanceOf(NoInventoryError);
    expect(error.providerCode).toBe('nmp.back.dispenser.badFormat');
    expect(error.providerMessage).toBe('Bad format');
  });

  it.each([401, 403])('%i { message } is an AuthenticationError, not retried', async (status) => {
    server.use(http.get(RESERVE_PATH, () => HttpResponse.json({ message: 'Unauthorized' }, { status })));
    const error = (await reserveFailure()) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(status);
    expect(error.providerMessage).toBe('Unauthorized');
    expect(error.outcome).toBe('rejected');
    expect(server.requests).toHaveLength(1);
  });

  it.each([401, 403])(
    '%i says how the key was sent and names the authHeader/authScheme options (the header is unconfirmed)',
    async (status) => {
      server.use(http.get(RESERVE_PATH, () => HttpResponse.json({ message: 'Unauthorized' }, { status })));
      const error = (await reserveFailure()) as AuthenticationError;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.message).toContain(`${status} Unauthorized`);
      expect(error.message).toContain('sent as "authorization: Bearer <apiKey>"');
      expect(error.message).toMatch(/authHeader .*authScheme/);
      expect(error.message).not.toContain(API_KEY);
      // The provider's own text stays as it was sent.
      expect(error.providerMessage).toBe('Unauthorized');
    },
  );

  it('a 403 also names the certCreate right', async () => {
    server.use(http.get(RESERVE_PATH, () => HttpResponse.json({ message: 'Forbidden' }, { status: 403 })));
    const error = await reserveFailure();
    expect(error.message).toContain('certCreate');
  });

  it('a refused key sent in a custom header says which header, with no scheme', async () => {
    server.use(http.get(RESERVE_PATH, () => HttpResponse.json({ message: 'Unauthorized' }, { status: 401 })));
    const error = await reserveFailure({ authHeader: 'x-nmp-key' });
    expect(error.message).toContain('sent as "x-nmp-key: <apiKey>"');
  });

  it('a plain-text error keeps its raw text', async () => {
    server.use(http.get(RESERVE_PATH, () => new HttpResponse('tag service exploded', { status: 418 })));
    const error = (await reserveFailure()) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain('tag service exploded');
    expect(error.body).toBe('tag service exploded');
  });

  it('a text 400 (a proxy, not the NMP) is not taken for an empty pool', async () => {
    server.use(http.get(RESERVE_PATH, () => new HttpResponse('Bad Request', { status: 400 })));
    const error = await reserveFailure();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(NoInventoryError);
  });

  it('JSON in neither documented shape keeps its raw text', async () => {
    server.use(http.get(RESERVE_PATH, () => HttpResponse.json({ detail: ['odd'] }, { status: 409 })));
    const error = (await reserveFailure()) as ApiError;
    expect(error.message).toContain('{"detail":["odd"]}');
    expect(error.body).toEqual({ detail: ['odd'] });
  });

  it('an HTML 502 from a proxy is a ServerError saying so, not retried, outcome unknown', async () => {
    server.use(
      http.get(RESERVE_PATH, () =>
        HttpResponse.html('<html><body>502 Bad Gateway</body></html>', { status: 502 }),
      ),
    );
    const error = (await reserveFailure()) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(502);
    expect(error.message).toContain('HTML page');
    expect(error.outcome).toBe('unknown');
    expect(error.message).toContain('a passport may have been reserved');
    expect(server.requests).toHaveLength(1);
  });
});

describe('retry rules (reserveOne is not idempotent)', () => {
  it('503 with Retry-After is retried after the wait it asks for', async () => {
    server.use(
      failThenReserve(() =>
        HttpResponse.json({ message: 'busy' }, { status: 503, headers: { 'retry-after': '0' } }),
      ),
    );
    const retries: RetryEvent[] = [];
    const client = nmpClient(server, { hooks: { onRetry: (event) => retries.push(event) } });
    const { data, meta } = await client.reserveOne({ tags: 'vip' }).withMeta();
    expect(data.certificateId).toBe(2);
    expect(meta.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(retries.map((event) => event.reason)).toEqual(['retry-after']);
    await client.close();
  });

  it('429 is retried', async () => {
    server.use(failThenReserve(() => HttpResponse.json({ message: 'slow down' }, { status: 429 })));
    const client = nmpClient(server);
    const { meta } = await client.reserveOne({ tags: 'vip' }).withMeta();
    expect(meta.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    await client.close();
  });

  it('a 429 that persists ends with a RateLimitError after maxRetries', async () => {
    server.use(failThenReserve(() => HttpResponse.json({ message: 'slow down' }, { status: 429 }), 99));
    const error = await reserveFailure({ maxRetries: 2 });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.outcome).toBe('rejected');
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('500 is NOT retried: outcome unknown, and the message says a passport may be reserved', async () => {
    server.use(failThenReserve(() => HttpResponse.json({ message: 'User not found' }, { status: 500 })));
    const error = await reserveFailure();
    expect(error).toBeInstanceOf(ServerError);
    expect(error.outcome).toBe('unknown');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('User not found');
    expect(error.message).toContain('a passport may have been reserved');
    expect(server.requests).toHaveLength(1);
  });

  it('a reset after the request was sent is NOT retried', async () => {
    server.use(failThenReserve(() => HttpResponse.error()));
    const error = await reserveFailure();
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.outcome).toBe('unknown');
    expect(error.message).toContain('a passport may have been reserved');
    expect(server.requests).toHaveLength(1);
  });

  it('a timeout after the request was sent is NOT retried', async () => {
    server.use(
      http.get(RESERVE_PATH, async () => {
        await delay(1_000);
        return HttpResponse.json(linkObjectBody(1));
      }),
    );
    const error = await reserveFailure({ timeoutMs: 100 });
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.outcome).toBe('unknown');
    expect(error.message).toContain('a passport may have been reserved');
    expect(server.requests).toHaveLength(1);
  });

  it('a refused connection (nothing sent) is retried', async () => {
    const client = nmpClient(server, { baseUrl: await refusedUrl(), maxRetries: 1 });
    const error = await failure(client.reserveOne({ tags: 'vip' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.outcome).toBe('not_sent');
    expect(error.attempts).toBe(2);
    await client.close();
  });
});

describe('secrets', () => {
  it('a malformed linkObject never puts the passphrase in the error', async () => {
    const body = { ...linkObjectBody(77), certificateId: 'not-a-number', deeplink: { link: 42 } };
    server.use(http.get(RESERVE_PATH, () => HttpResponse.json(body)));
    const error = (await reserveFailure()) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.outcome).toBe('applied');
    expect(error.message).toContain('a passport may have been reserved');
    expect(error.issues.map((issue) => issue.path.join('.'))).toContain('certificateId');
    expect(printedForms(error).join('\n')).not.toContain(passphraseOf(77));
  });

  it('a malformed link never puts the passphrase in the error', async () => {
    server.use(http.get(RESERVE_PATH, () => HttpResponse.text(`link: ${passphraseOf(78)}`)));
    const client = nmpClient(server);
    const error = await failure(client.reserveOne({ tags: 'vip', format: 'link' }));
    await client.close();
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(printedForms(error).join('\n')).not.toContain(passphraseOf(78));
  });

  it('diagnostics payloads carry neither the passphrase nor the key', async () => {
    server.use(
      failThenReserve(() =>
        HttpResponse.json({ message: 'busy' }, { status: 503, headers: { 'retry-after': '0' } }),
      ),
    );
    const payloads: unknown[] = [];
    const listener = (message: unknown) => payloads.push(message);
    for (const name of Object.values(CHANNELS)) diagnosticsChannel.subscribe(name, listener);
    const client = nmpClient(server);
    const passport = await client.reserveOne({ tags: 'vip' });
    for (const name of Object.values(CHANNELS)) diagnosticsChannel.unsubscribe(name, listener);
    await client.close();
    expect(payloads.length).toBeGreaterThanOrEqual(4);
    const printed = inspect(payloads, { depth: 10 });
    expect(printed).not.toContain(passport.passphrase);
    expect(printed).not.toContain(API_KEY);
  });

  it('a key echoed back by the NMP is redacted, also with a custom auth header', async () => {
    server.use(
      http.get(RESERVE_PATH, ({ request }) =>
        HttpResponse.json(
          { message: `bad key ${request.headers.get('x-nmp-key') ?? ''}` },
          { status: 401, headers: { 'x-echo': request.headers.get('x-nmp-key') ?? '' } },
        ),
      ),
    );
    const error = await reserveFailure({ authHeader: 'x-nmp-key', authScheme: null });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(printedForms(error).join('\n')).not.toContain(API_KEY);
    expect(error.message).toContain('[REDACTED]');
  });
});
