import { delay, HttpResponse, http } from 'msw';
import { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { ArianeeClient } from '../../src/arianee/client.js';
import {
  ConnectionError,
  ReconcileError,
  ResponseValidationError,
  TimeoutError,
} from '../../src/core/errors.js';
import type { OnceOperation } from '../../src/core/operation.js';
import { failure } from '../support/failure.js';
import { genericTransport, getItem } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';

const server = useHandlerServer();

/**
 * A network that reports the request written, then fails with a connect-phase code: what a route
 * dropping mid-exchange looks like to undici. It stands in for the network, not for our code.
 */
class WrittenThenUnreachable extends Dispatcher {
  dispatched = 0;
  override dispatch(_options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched += 1;
    const controller = { abort() {}, pause() {}, resume() {}, aborted: false, paused: false, reason: null };
    const sink = handler as Dispatcher.DispatchHandler & { onRequestSent?(): void };
    queueMicrotask(() => {
      sink.onRequestStart?.(controller as unknown as Dispatcher.DispatchController, {});
      sink.onRequestSent?.();
      const error = Object.assign(new Error('connect EHOSTUNREACH'), { code: 'EHOSTUNREACH' });
      sink.onResponseError?.(controller as unknown as Dispatcher.DispatchController, error);
    });
    return true;
  }
  override async close(): Promise<void> {}
  override async destroy(): Promise<void> {}
}

describe('8. a request undici reported written is never "not sent"', () => {
  it('a connect-phase code after the write is an unknown outcome, sent once', async () => {
    const network = new WrittenThenUnreachable();
    const transport = genericTransport('http://127.0.0.1:9', { dispatcher: network });
    const error = await failure(transport.run(getItem(false)));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'unknown', retryable: false, systemCode: 'EHOSTUNREACH' });
    expect(network.dispatched).toBe(1);
    await transport.close();
  });
});

describe('7. a lookup shares the deadline of the call that runs it', () => {
  it('every page of a slow lookup counts against the create’s totalTimeoutMs', async () => {
    server.use(
      http.post('*/things', () => HttpResponse.error()),
      http.get('*/things', async () => {
        await delay(120);
        return HttpResponse.json({ items: [], more: true });
      }),
    );
    const transport = genericTransport(server.url, { totalTimeoutMs: 400 });
    let pages = 0;
    const op: OnceOperation<number> = {
      name: 'test.createThing',
      method: 'POST',
      path: '/things',
      body: {},
      effect: 'once',
      unknownOutcomeNote: 'a thing may have been created',
      decode: () => 1,
      lookup: {
        key: { externalUniqueId: 'k' },
        // A lookup that keeps paging: it must stop at the create's deadline, not get a fresh one per page.
        find: async (options) => {
          for (;;) {
            await transport.run(
              { name: 'test.listThings', method: 'GET', path: '/things', effect: 'read', decode: () => 0 },
              options,
            );
            pages += 1;
          }
        },
      },
    };
    const started = performance.now();
    const error = await failure(transport.run(op));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'total', outcome: 'unknown', operation: 'test.createThing' });
    expect(pages).toBeLessThanOrEqual(4);
    await transport.close();
  });
});

describe('11. a link is a link whatever the content type says', () => {
  it('returns the link of a text body sent as application/json', async () => {
    const link = 'https://test.arianee.net/440105186,v6lsj4vhg5dx';
    server.use(
      http.get('*/dispenser/distribution/reserveOne', () =>
        HttpResponse.text(link, { headers: { 'content-type': 'application/json' } }),
      ),
    );
    await using client = new ArianeeClient({ baseUrl: server.url, apiKey: 'k_0123456789abcdef' });
    await expect(client.reserveOne({ tags: 'vip', format: 'link' })).resolves.toBe(link);
  });
});

describe('17. whatever goes wrong after a request was sent keeps the true outcome', () => {
  it('a decoder that throws on a 2xx: ResponseValidationError, applied', async () => {
    server.use(http.get('*/item', () => HttpResponse.json({ id: 'a', n: 1 })));
    const transport = genericTransport(server.url);
    const error = await failure(
      transport.run(
        getItem(false, {
          decode: () => {
            throw new RangeError('Maximum call stack size exceeded');
          },
        }),
      ),
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ outcome: 'applied', retryable: false });
    expect(error.cause).toBeInstanceOf(RangeError);
    await transport.close();
  });

  it('a lookup that throws something else: ReconcileError, unknown, the throw as cause', async () => {
    server.use(http.get('*/item', () => HttpResponse.error()));
    const transport = genericTransport(server.url);
    const error = await failure(
      transport.run(
        getItem(false, {
          lookup: {
            key: { externalUniqueId: 'x' },
            find: async () => {
              throw new URIError('URI malformed');
            },
          },
        }),
      ),
    );
    expect(error).toBeInstanceOf(ReconcileError);
    expect(error).toMatchObject({ outcome: 'unknown', lookupKey: { externalUniqueId: 'x' } });
    expect(error.cause).toBeInstanceOf(URIError);
    await transport.close();
  });
});

describe('a 408 may come from a proxy after the provider acted', () => {
  it('is not resent for a once call without a lookup', async () => {
    server.use(
      http.get('*/item', () => HttpResponse.json({ code: 'T', message: 'timeout' }, { status: 408 })),
    );
    const transport = genericTransport(server.url);
    const error = await failure(transport.run(getItem(false)));
    expect(error).toMatchObject({ status: 408, outcome: 'unknown', retryable: false });
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });
});

describe('attempts count requests sent', () => {
  it('a call refused after close sent nothing: 0 attempts', async () => {
    const transport = genericTransport(server.url);
    await transport.close();
    const error = await failure(transport.run(getItem(true)));
    expect(error).toMatchObject({ code: 'client_closed', outcome: 'not_sent', attempts: 0 });
  });
});

describe('an abort after the request was written', () => {
  it('is an AbortedError with an unknown outcome, every time', async () => {
    server.use(
      http.get('*/item', async () => {
        await delay(5_000);
        return HttpResponse.json({ id: 'a', n: 1 });
      }),
    );
    const transport = genericTransport(server.url);
    for (let i = 0; i < 20; i += 1) {
      const controller = new AbortController();
      const pending = failure(transport.run(getItem(false), { signal: controller.signal }));
      await delay(5 + (i % 5));
      controller.abort();
      const error = await pending;
      expect(error.code).toBe('aborted');
      expect(['unknown', 'not_sent']).toContain(error.outcome);
    }
    await transport.close();
  });
});
