import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../../src/core/base-url.js';
import { ClientClosedError, InputValidationError } from '../../src/core/errors.js';
import { genericTransport, getItem } from '../support/generic-transport.js';
import { countingServer } from '../support/servers.js';

const ok = (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"a","n":1}');
};

describe('sockets', () => {
  it('reuses keep-alive connections', async () => {
    const server = await countingServer(ok);
    const transport = genericTransport(server.url);
    for (let i = 0; i < 20; i++) await transport.run(getItem(true));
    // undici 8 validates an idle socket for one tick before reuse and may open a second meanwhile.
    expect(server.connections()).toBeLessThanOrEqual(2);
    await transport.close();
    await server.close();
  });

  it('survives a server that closes idle sockets: no error, no duplicate, for non-idempotent calls', async () => {
    let processed = 0;
    const server = await countingServer(
      (req, res) => {
        processed += 1;
        ok(req, res);
      },
      { keepAliveTimeout: 30 },
    );
    const transport = genericTransport(server.url, { maxRetries: 0 });
    for (let i = 0; i < 5; i++) {
      await transport.run(getItem(false));
      await new Promise((resolve) => setTimeout(resolve, 80));
    }
    expect(processed).toBe(5);
    expect(server.connections()).toBe(5);
    await transport.close();
    await server.close();
  });

  it('consumes error bodies: 1,000 failed calls use a bounded number of sockets', async () => {
    const server = await countingServer((_req, res) => {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: 'x'.repeat(2000) }));
    });
    const transport = genericTransport(server.url, { maxRetries: 0 });
    const failures = await Promise.all(
      Array.from({ length: 1000 }, () =>
        transport.run(getItem(false)).then(
          () => 0,
          () => 1,
        ),
      ),
    );
    expect(failures.reduce((a: number, b: number) => a + b, 0)).toBe(1000);
    expect(server.connections()).toBeLessThanOrEqual(64);
    await transport.close();
    await server.close();
  });

  it('closes its own agent but never a dispatcher it was given', async () => {
    const server = await countingServer(ok);
    const agent = new Agent();
    const borrowed = genericTransport(server.url, { dispatcher: agent });
    await borrowed.run(getItem(true));
    await borrowed.close();
    await borrowed.close();
    expect(agent.closed).toBe(false);
    await expect(borrowed.run(getItem(true))).rejects.toThrow(ClientClosedError);
    const other = genericTransport(server.url, { dispatcher: agent });
    await expect(other.run(getItem(true))).resolves.toBeDefined();
    await other.close();
    await agent.close();
    await server.close();
  });
});

describe('base URLs', () => {
  it('refuse plain http to a remote host unless opted in', () => {
    expect(() => parseBaseUrl('http://api.example.com', 'dots')).toThrow(InputValidationError);
    expect(parseBaseUrl('http://api.example.com/v1/', 'dots', true)).toMatchObject({
      origin: 'http://api.example.com',
      pathPrefix: '/v1',
    });
  });

  it.each(['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:9', 'https://api.example.com/v3'])(
    'accept %s',
    (url) => {
      expect(() => parseBaseUrl(url, 'didww')).not.toThrow();
    },
  );

  it.each([
    'not a url',
    'ftp://x.example.com',
    'https://user:pw@x.example.com',
    'https://x.example.com/?q=1',
  ])('reject %s', (url) => {
    expect(() => parseBaseUrl(url, 'arianee')).toThrow(InputValidationError);
  });
});

describe('a request undici refuses at dispatch', () => {
  // A header value with CR/LF: undici's Request constructor throws inside dispatch(), and its Pool
  // then marks the connection slot as waiting for a drain that never comes (undici 8). 200 of
  // them used to wedge the client's 64 slots: every later call timed out.
  const badHeader = () => getItem(false, { headers: { 'x-test': 'a\r\nb' } });

  it('costs no connection slot: after 200 refused calls a normal call succeeds at once', async () => {
    const server = await countingServer(ok);
    const transport = genericTransport(server.url, { maxRetries: 0, timeoutMs: 2_000 });
    const refused = await Promise.all(
      Array.from({ length: 200 }, () =>
        transport.run(badHeader()).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );
    expect(refused.every((error) => error instanceof Error)).toBe(true);
    const started = performance.now();
    await expect(transport.run(getItem(true))).resolves.toMatchObject({ data: { id: 'a' } });
    expect(performance.now() - started).toBeLessThan(1_000);
    await transport.close();
    await server.close();
  });

  it('is not_sent and not retried: the server saw nothing', async () => {
    let seen = 0;
    const server = await countingServer((req, res) => {
      seen += 1;
      ok(req, res);
    });
    const transport = genericTransport(server.url, { maxRetries: 3 });
    const error = await transport.run(badHeader()).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ outcome: 'not_sent', attempts: 1 });
    expect(seen).toBe(0);
    await transport.close();
    await server.close();
  });
});
