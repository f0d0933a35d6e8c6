import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortedError,
  ConnectionError,
  InputValidationError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from '../../src/core/errors.js';
import type { FetchLike } from '../../src/core/fetch-sender.js';
import { DotsClient } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { genericTransport, getItem, TEST_KEY } from '../support/generic-transport.js';
import { countingServer, refusedUrl } from '../support/servers.js';

// docs/transport.md, "Senders": fetch gives no "request written" signal, so only a failure to
// connect proves nothing was sent; every other failure after fetch() was called is an unknown
// outcome. Timeouts, abort, the body cap and redaction are the transport's, as with undici.

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function server(handler: Parameters<typeof countingServer>[0]) {
  const started = await countingServer(handler);
  closers.push(started.close);
  return started;
}

function fetchTransport(url: string, options: Parameters<typeof genericTransport>[1] = {}) {
  const transport = genericTransport(url, { sender: 'fetch', ...options });
  closers.push(() => transport.close());
  return transport;
}

const reserve = () => getItem(false);

describe('the fetch sender: what a failure proves', () => {
  it('a refused connection proves nothing was sent: a reservation is sent again, then not_sent', async () => {
    const transport = fetchTransport(await refusedUrl(), { maxRetries: 2 });
    const error = await failure(transport.run(reserve()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'not_sent', attempts: 3, retryable: true });
    expect((error as ConnectionError).systemCode).toBe('ECONNREFUSED');
  });

  it('a connection reset after the request arrived is an unknown outcome: never sent again', async () => {
    let requests = 0;
    const { url } = await server((request) => {
      requests += 1;
      request.socket.destroy();
    });
    const error = await failure(fetchTransport(url).run(reserve()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'unknown', attempts: 1 });
    expect(requests).toBe(1);
  });

  it('a read is retried after a reset, as with undici', async () => {
    let requests = 0;
    const { url } = await server((request, response) => {
      requests += 1;
      if (requests === 1) request.socket.destroy();
      else response.setHeader('content-type', 'application/json').end('{"id":"a","n":1}');
    });
    const { data, meta } = await fetchTransport(url).run(getItem(true));
    expect(data).toEqual({ id: 'a', n: 1 });
    expect(meta.attempts).toBe(2);
  });

  it('an attempt timeout after sending is an unknown outcome', async () => {
    const { url } = await server(() => {});
    const error = await failure(fetchTransport(url, { timeoutMs: 100 }).run(reserve()));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ outcome: 'unknown', scope: 'attempt', attempts: 1 });
  });

  it('an abort before the call sends nothing; an abort in flight is an unknown outcome', async () => {
    let requests = 0;
    const { url } = await server(() => {
      requests += 1;
    });
    const transport = fetchTransport(url);
    const early = await failure(transport.run(reserve(), { signal: AbortSignal.abort() }));
    expect(early).toMatchObject({ outcome: 'not_sent', attempts: 0 });
    const controller = new AbortController();
    const running = transport.run(reserve(), { signal: controller.signal });
    while (requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const late = await failure(running);
    expect(late).toBeInstanceOf(AbortedError);
    expect(late).toMatchObject({ outcome: 'unknown', attempts: 1 });
  });

  it('a 2xx body cut mid-way: the provider acted (applied), never sent again', async () => {
    let requests = 0;
    const { url } = await server((request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '40' });
      response.write('{"id":"a",');
      setTimeout(() => request.socket.destroy(), 10);
    });
    const error = await failure(fetchTransport(url).run(reserve()));
    expect(error).toMatchObject({ outcome: 'applied', attempts: 1 });
    expect(requests).toBe(1);
  });

  it('a 2xx body over the cap is refused unread (applied); an error body over it is cut', async () => {
    const big = JSON.stringify({ id: 'a', n: 1, pad: 'x'.repeat(70_000) });
    const { url } = await server((request, response) => {
      if (request.url === '/item') response.setHeader('content-type', 'application/json').end(big);
      else response.writeHead(500, { 'content-type': 'text/plain' }).end(`broken ${'y'.repeat(70_000)}`);
    });
    const transport = fetchTransport(url, { maxResponseBytes: 65_536, maxRetries: 0 });
    const tooLarge = await failure(transport.run(reserve()));
    expect(tooLarge).toBeInstanceOf(ResponseValidationError);
    expect(tooLarge).toMatchObject({ outcome: 'applied', status: 200 });
    expect(tooLarge.message).toMatch(/exceeds maxResponseBytes/);
    const cut = await failure(transport.run(getItem(true, { path: '/broken' })));
    expect(cut).toBeInstanceOf(ServerError);
    expect(cut.message).toMatch(/^test\.getItem failed: 500 broken y+/);
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    let requests = 0;
    const { url } = await server((_request, response) => {
      requests += 1;
      response.writeHead(302, { location: '/elsewhere' }).end();
    });
    const error = await failure(fetchTransport(url, { maxRetries: 0 }).run(reserve()));
    expect(error).toMatchObject({ status: 302, outcome: 'rejected' });
    expect(requests).toBe(1);
  });
});

describe('the fetch option', () => {
  it("sends with your fetch, the client's headers on it; its errors are redacted", async () => {
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    const fetch: FetchLike = async (url, init) => {
      seen.push({ url, headers: init.headers });
      throw new TypeError(`failed to reach ${url} with ${init.headers.authorization}`);
    };
    const transport = fetchTransport('http://127.0.0.1:9', { fetch, maxRetries: 0 });
    const error = await failure(transport.run(getItem(true)));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('http://127.0.0.1:9/item');
    expect(seen[0]?.headers['user-agent']).toMatch(/^reservekit\//);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'rejected' }); // a read: it changed nothing
    expect(JSON.stringify(error)).not.toContain(TEST_KEY);
    expect(error.message).not.toContain(TEST_KEY);
  });

  it('refuses options that cannot go together, before anything is sent', () => {
    const options = (extra: object) => () =>
      new DotsClient({ authToken: 'token-1234', appToken: '101-abc', ...extra });
    const noop: FetchLike = () => Promise.reject(new Error('unused'));
    expect(options({ sender: 'fetch', connections: 4 })).toThrow(InputValidationError);
    expect(options({ sender: 'fetch', connections: 4 })).toThrow(
      /connections configures undici, which the fetch sender does not use/,
    );
    expect(options({ fetch: noop, keepAliveTimeoutMs: 10 })).toThrow(/keepAliveTimeoutMs configures undici/);
    expect(options({ fetch: noop, sender: 'undici' })).toThrow(/fetch is the fetch sender's/);
    expect(options({ sender: 'curl' })).toThrow(/sender must be 'undici' or 'fetch'/);
    expect(options({ fetch: 'https://example.test' })).toThrow(/fetch must be a function/);
  });
});
