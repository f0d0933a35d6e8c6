import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import { genericTransport, getItem } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';
import { countingServer, refusedUrl } from '../support/servers.js';

const server = useHandlerServer();

/** Answers `status` for the first `failures` calls, then 200. */
function failThenSucceed(status: number, failures: number, headers: Record<string, string> = {}) {
  let calls = 0;
  return http.all('*/item', () => {
    calls += 1;
    if (calls <= failures)
      return HttpResponse.json({ code: 'E', message: `boom ${status}` }, { status, headers });
    return HttpResponse.json({ id: 'x', n: calls });
  });
}

describe('idempotent operations', () => {
  it.each([408, 429, 500, 502, 503, 504])('retry on %i and succeed', async (status) => {
    server.use(failThenSucceed(status, 1));
    const transport = genericTransport(server.url);
    const { data, meta } = await transport.run(getItem(true));
    expect(data.n).toBe(2);
    expect(meta.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    await transport.close();
  });

  it.each([400, 401, 403, 404, 409, 422])('do not retry %i', async (status) => {
    server.use(failThenSucceed(status, 5));
    const transport = genericTransport(server.url);
    const error = await failure(transport.run(getItem(true)));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('give up after maxRetries with the last error and attempt metadata', async () => {
    server.use(failThenSucceed(500, 10));
    const transport = genericTransport(server.url, { maxRetries: 3 });
    const error = await failure(transport.run(getItem(true)));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
    await transport.close();
  });

  it('per-call maxRetries wins over the client option', async () => {
    server.use(failThenSucceed(500, 10));
    const transport = genericTransport(server.url, { maxRetries: 5 });
    await failure(transport.run(getItem(true), { maxRetries: 0 }));
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('retry a reset connection', async () => {
    let calls = 0;
    server.use(
      http.get('*/item', () => {
        calls += 1;
        return calls === 1 ? HttpResponse.error() : HttpResponse.json({ id: 'x', n: 1 });
      }),
    );
    const transport = genericTransport(server.url);
    await expect(transport.run(getItem(true))).resolves.toMatchObject({ meta: { attempts: 2 } });
    await transport.close();
  });
});

describe('non-idempotent operations', () => {
  it.each([
    [429, {}],
    [503, { 'retry-after': '0' }],
  ])('retry %i (%o): the provider did not act', async (status, headers) => {
    server.use(failThenSucceed(status, 1, headers));
    const transport = genericTransport(server.url);
    await expect(transport.run(getItem(false))).resolves.toMatchObject({ meta: { attempts: 2 } });
    expect(server.requests).toHaveLength(2);
    await transport.close();
  });

  it.each([500, 502, 503, 504])('never retry %i, and say the outcome is unknown', async (status) => {
    server.use(failThenSucceed(status, 1));
    const transport = genericTransport(server.url);
    const error = await failure(
      transport.run(getItem(false, { unknownOutcomeNote: 'an item may have been reserved' })),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.outcome).toBe('unknown');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('an item may have been reserved');
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('never retry a reset after the request was sent', async () => {
    server.use(http.get('*/item', () => HttpResponse.error()));
    const transport = genericTransport(server.url);
    const error = await failure(transport.run(getItem(false)));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.outcome).toBe('unknown');
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('retry a refused connection: nothing was sent', async () => {
    const transport = genericTransport(await refusedUrl(), { maxRetries: 2 });
    const error = await failure(transport.run(getItem(false)));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.outcome).toBe('not_sent');
    expect((error as ConnectionError).systemCode).toBe('ECONNREFUSED');
    expect(error.attempts).toBe(3);
    await transport.close();
  });
});

describe('Retry-After', () => {
  it('honours the delay-seconds form', async () => {
    server.use(failThenSucceed(429, 1, { 'retry-after': '1' }));
    const transport = genericTransport(server.url);
    const { meta } = await transport.run(getItem(false));
    expect(meta.totalRetryDelayMs).toBe(1000);
    await transport.close();
  });

  it('honours the HTTP-date form', async () => {
    const at = new Date(Date.now() + 2000).toUTCString();
    server.use(failThenSucceed(503, 1, { 'retry-after': at }));
    const transport = genericTransport(server.url);
    const { meta } = await transport.run(getItem(false));
    expect(meta.attempts).toBe(2);
    expect(meta.totalRetryDelayMs).toBeGreaterThan(0);
    expect(meta.totalRetryDelayMs).toBeLessThanOrEqual(2000);
    await transport.close();
  });

  it('carries retryAfterMs on a RateLimitError', async () => {
    server.use(failThenSucceed(429, 5, { 'retry-after': '120' }));
    const transport = genericTransport(server.url);
    const error = await failure(transport.run(getItem(true)));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    // 120 s is over maxRetryAfterMs (60 s): the call ends at once instead of waiting.
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('reads a Retry-After sent twice (joined "1, 1"): a 503 with it is a planned refusal, resent', async () => {
    let calls = 0;
    const twice = await countingServer((_req, res) => {
      calls += 1;
      if (calls === 1) {
        // Two header lines, as a proxy that adds its own to the origin's would send.
        res.setHeader('retry-after', ['1', '1']);
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"busy"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"a","n":2}');
    });
    const transport = genericTransport(twice.url);
    // A reservation: resent only because the 503 carried a Retry-After.
    const { meta } = await transport.run(getItem(false)).then((result) => result);
    expect(meta).toMatchObject({ attempts: 2, totalRetryDelayMs: 1000 });
    expect(calls).toBe(2);
    await transport.close();
    await twice.close();
  });

  it('ends the call at once when the wait would outlive the total deadline', async () => {
    server.use(failThenSucceed(429, 5, { 'retry-after': '5' }));
    const transport = genericTransport(server.url, { totalTimeoutMs: 2000 });
    const error = await failure(transport.run(getItem(true)));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.attempts).toBe(1);
    expect(error.totalRetryDelayMs).toBe(0);
    await transport.close();
  });
});

describe('retryable flag', () => {
  it('reflects the operation rules', async () => {
    server.use(failThenSucceed(404, 5));
    const transport = genericTransport(server.url);
    const error = await failure(transport.run(getItem(true)));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.retryable).toBe(false);
    server.use(failThenSucceed(503, 5, { 'retry-after': '0' }));
    const busy = await failure(transport.run(getItem(false), { maxRetries: 0 }));
    expect(busy.retryable).toBe(true);
    // A bare 503 may come from a gateway after the provider acted: never retry it blindly.
    server.use(failThenSucceed(503, 5));
    const maybe = await failure(transport.run(getItem(false), { maxRetries: 0 }));
    expect(maybe).toMatchObject({ outcome: 'unknown', retryable: false });
    await transport.close();
  });
});
