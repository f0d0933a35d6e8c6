import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ApiError, ResponseValidationError, ServerError } from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import { genericTransport, getItem } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';
import { countingServer } from '../support/servers.js';

const server = useHandlerServer();

describe('response bodies', () => {
  it('refuses a 2xx body over the size cap without reading it all', async () => {
    let written = 0;
    const big = await countingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Stream 64 MiB: the client must stop long before the end.
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => {});
      pump();
    });
    const transport = genericTransport(big.url, { maxResponseBytes: 1024 * 1024 });
    const error = await failure(transport.run(getItem(false)));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.outcome).toBe('applied');
    expect(error.message).toContain('maxResponseBytes');
    expect(written).toBeLessThan(64 * 1024 * 1024);
    await transport.close();
    await big.close();
  });

  it('refuses a declared content-length over the cap', async () => {
    server.use(http.get('*/item', () => HttpResponse.json({ id: 'x'.repeat(5000), n: 1 })));
    const transport = genericTransport(server.url, { maxResponseBytes: 1000 });
    await expect(transport.run(getItem(true))).rejects.toBeInstanceOf(ResponseValidationError);
    await transport.close();
  });

  it('turns malformed JSON on success into a ResponseValidationError, not retried', async () => {
    server.use(
      http.get(
        '*/item',
        () => new HttpResponse('{"id": "a", ', { headers: { 'content-type': 'application/json' } }),
      ),
    );
    const transport = genericTransport(server.url);
    const error = await failure(transport.run(getItem(true)));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain('malformed JSON');
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('reports schema mismatches by path, without the values', async () => {
    server.use(http.get('*/item', () => HttpResponse.json({ id: 'secret-value-123', n: 'not a number' })));
    const transport = genericTransport(server.url);
    const error = (await failure(transport.run(getItem(true)))) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ path: ['n'], code: 'invalid_type' })]);
    expect(JSON.stringify(error)).not.toContain('secret-value-123');
    await transport.close();
  });

  it('lets unknown fields through', async () => {
    server.use(http.get('*/item', () => HttpResponse.json({ id: 'a', n: 1, addedLater: true })));
    const transport = genericTransport(server.url);
    await expect(transport.run(getItem(true))).resolves.toMatchObject({ data: { id: 'a', n: 1 } });
    await transport.close();
  });

  it('maps an HTML 502 page to a ServerError that says so', async () => {
    server.use(
      http.get(
        '*/item',
        () =>
          new HttpResponse('<html><body><h1>502 Bad Gateway</h1></body></html>', {
            status: 502,
            headers: { 'content-type': 'text/html' },
          }),
      ),
    );
    const transport = genericTransport(server.url, { maxRetries: 0 });
    const error = (await failure(transport.run(getItem(true)))) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(502);
    expect(error.message).toContain('HTML page');
    await transport.close();
  });

  it('keeps a malformed JSON error body as text on the ApiError', async () => {
    server.use(
      http.get(
        '*/item',
        () => new HttpResponse('{oops', { status: 400, headers: { 'content-type': 'application/json' } }),
      ),
    );
    const transport = genericTransport(server.url);
    const error = (await failure(transport.run(getItem(true)))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toContain('{oops');
    await transport.close();
  });

  it('carries provider code, message and request id on API errors', async () => {
    server.use(
      http.get('*/item', () =>
        HttpResponse.json(
          { code: 'pool_empty', message: 'Nothing left' },
          { status: 400, headers: { 'x-request-id': 'req_42' } },
        ),
      ),
    );
    const transport = genericTransport(server.url);
    const error = (await failure(transport.run(getItem(true)))) as ApiError;
    expect(error).toMatchObject({
      status: 400,
      providerCode: 'pool_empty',
      providerMessage: 'Nothing left',
      requestId: 'req_42',
    });
    expect(error.body).toEqual({ code: 'pool_empty', message: 'Nothing left' });
    await transport.close();
  });
});
