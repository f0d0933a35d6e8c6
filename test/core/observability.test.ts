import diagnosticsChannel from 'node:diagnostics_channel';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { CHANNELS, type RetryEvent } from '../../src/core/diagnostics.js';
import { VERSION } from '../../src/core/version.js';
import { genericTransport, getItem } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';

const server = useHandlerServer();

describe('diagnostics', () => {
  it('publishes start, response, error and retry with the attempt number', async () => {
    let calls = 0;
    server.use(
      http.get('*/item', () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({}, { status: 503 })
          : HttpResponse.json({ id: 'a', n: 1 }, { headers: { 'x-request-id': 'req_9' } });
      }),
    );
    const seen: Array<[string, { attempt: number }]> = [];
    const listeners = Object.entries(CHANNELS).map(([kind, name]) => {
      const listener = (message: unknown) => seen.push([kind, message as { attempt: number }]);
      diagnosticsChannel.subscribe(name, listener);
      return () => diagnosticsChannel.unsubscribe(name, listener);
    });
    const transport = genericTransport(server.url);
    await transport.run(getItem(true));
    for (const off of listeners) off();
    expect(seen.map(([kind, e]) => `${kind}#${e.attempt}`)).toEqual([
      'request#1',
      'response#1',
      'error#1',
      'retry#1',
      'request#2',
      'response#2',
    ]);
    const response = seen.at(-1)?.[1];
    expect(response).toMatchObject({
      provider: 'arianee',
      operation: 'test.getItem',
      method: 'GET',
      status: 200,
      requestId: 'req_9',
    });
    await transport.close();
  });

  it('calls hooks with the same payloads, and a throwing hook breaks nothing', async () => {
    server.use(
      http.get('*/item', () => HttpResponse.json({}, { status: 429, headers: { 'retry-after': '0' } }), {
        once: true,
      }),
    );
    server.use(
      http.get('*/item', () => HttpResponse.json({}, { status: 429, headers: { 'retry-after': '0' } }), {
        once: true,
      }),
      http.get('*/item', () => HttpResponse.json({ id: 'a', n: 1 })),
    );
    const retries: RetryEvent[] = [];
    const transport = genericTransport(server.url, {
      hooks: {
        onRetry: (event) => retries.push(event),
        onRequest: () => {
          throw new Error('hook bug');
        },
      },
    });
    await expect(transport.run(getItem(true))).resolves.toMatchObject({ meta: { attempts: 2 } });
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, reason: 'retry-after', delayMs: 0 })]);
    await transport.close();
  });
});

describe('async hooks', () => {
  it('a hook whose promise rejects breaks nothing: no unhandled rejection, the call succeeds', async () => {
    let calls = 0;
    server.use(
      http.get('*/item', () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse('gateway', { status: 502 })
          : HttpResponse.json({ id: 'a', n: 1 });
      }),
    );
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const called: string[] = [];
    const failing = (name: string) => async () => {
      called.push(name);
      throw new Error(`async hook bug in ${name}`);
    };
    const transport = genericTransport(server.url, {
      hooks: {
        onRequest: failing('onRequest'),
        onResponse: failing('onResponse'),
        onError: failing('onError'),
        onRetry: failing('onRetry'),
        onReconcile: failing('onReconcile'),
      },
    });
    try {
      const lookup = { key: { externalUniqueId: 'i-1' }, find: async () => undefined };
      await expect(transport.run(getItem(false, { lookup }))).resolves.toMatchObject({
        meta: { attempts: 2 },
      });
      // Unhandled rejections are reported once the microtasks have run: give them a turn.
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onRejection);
      await transport.close();
    }
    expect(new Set(called)).toEqual(
      new Set(['onRequest', 'onResponse', 'onError', 'onRetry', 'onReconcile']),
    );
    expect(rejections).toEqual([]);
  });
});

describe('identity', () => {
  it('sends User-Agent reservekit/<version> node/<version>', async () => {
    server.use(http.get('*/item', () => HttpResponse.json({ id: 'a', n: 1 })));
    server.requests.length = 0;
    const transport = genericTransport(server.url, { userAgentSuffix: 'wrapper/2.0' });
    await transport.run(getItem(true));
    expect(server.requests[0]?.headers['user-agent']).toBe(
      `reservekit/${VERSION} node/${process.version} wrapper/2.0`,
    );
    await transport.close();
  });

  it('keeps VERSION equal to package.json', () => {
    expect(VERSION).toBe(packageJson.version);
  });

  it('runs on Node 22.19 or newer', () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(major > 22 || (major === 22 && minor >= 19)).toBe(true);
  });
});
