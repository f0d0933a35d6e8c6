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
