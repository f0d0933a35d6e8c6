import { HttpResponse, http } from 'msw';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { serveHandlers } from '../../src/testing/serve-handlers.js';
import { useHandlerServer } from '../support/handler-server.js';

const server = useHandlerServer();

/** A body that yields `first`, then fails: what a connection dying mid-body looks like from inside. */
function breakingBody(first: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first));
    },
    pull(controller) {
      controller.error(new Error('connection lost'));
    },
  });
}

/** Reads a body as far as it goes: the text that arrived, and whether it then failed. */
async function readUntilFailure(body: AsyncIterable<Buffer>): Promise<{ text: string; failed: boolean }> {
  let text = '';
  try {
    for await (const chunk of body) text += chunk.toString('utf8');
    return { text, failed: false };
  } catch {
    return { text, failed: true };
  }
}

describe('a response whose body stream errors', () => {
  it('arrives as its status, its headers and the first part, then the socket closes mid-body', async () => {
    server.use(
      http.get(
        '*/cut',
        () => new Response(breakingBody('{"half'), { status: 201, headers: { 'content-length': '12' } }),
      ),
    );
    const response = await request(`${server.url}/cut`);
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-length']).toBe('12');
    expect(await readUntilFailure(response.body)).toEqual({ text: '{"half', failed: true });
  });

  it('without a content-length it is sent chunked, and the chunked body never ends', async () => {
    server.use(http.get('*/cut', () => new Response(breakingBody('{"half'), { status: 200 })));
    const response = await request(`${server.url}/cut`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(await readUntilFailure(response.body)).toEqual({ text: '{"half', failed: true });
  });

  it('leaves whole answers as they were: buffered, with their content-length', async () => {
    server.use(http.get('*/whole', () => HttpResponse.json({ ok: true })));
    const response = await request(`${server.url}/whole`);
    expect(response.headers['content-length']).toBe('11');
    expect(await response.body.json()).toEqual({ ok: true });
  });
});

describe('the request log', () => {
  const credentials = {
    authorization: 'Bearer sk_live_logged',
    'api-key': 'didww_logged_key',
    'auth-token': 'dots_logged_token',
    'x-api-key': 'nmp_logged_key',
    cookie: 'sid=logged',
  };

  it('redacts credential headers by default; the handlers still see them', async () => {
    const seen: Record<string, string | null> = {};
    server.use(
      http.get('*/ping', ({ request }) => {
        for (const name of Object.keys(credentials)) seen[name] = request.headers.get(name);
        return HttpResponse.json({ ok: true });
      }),
    );
    await request(`${server.url}/ping`, { headers: { ...credentials, accept: 'application/json' } });
    expect(seen).toEqual(credentials);
    const logged = server.requests[0]?.headers ?? {};
    for (const name of Object.keys(credentials)) expect(logged[name]).toBe('[REDACTED]');
    expect(logged.accept).toBe('application/json');
    expect(JSON.stringify(server.requests)).not.toMatch(/logged/);
  });

  it('keeps them as received with { raw: true }', async () => {
    const raw = await serveHandlers([http.get('*/ping', () => HttpResponse.json({ ok: true }))], {
      raw: true,
    });
    try {
      await request(`${raw.url}/ping`, { headers: credentials });
      expect(raw.requests[0]?.headers).toMatchObject(credentials);
    } finally {
      await raw.close();
    }
  });

  it('takes the port as the options object or, as before, a number', async () => {
    const first = await serveHandlers([], { port: 0 });
    const second = await serveHandlers([], 0);
    try {
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(second.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
