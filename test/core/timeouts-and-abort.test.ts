import { delay, HttpResponse, http } from 'msw';
import { Agent, type Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { AbortedError, TimeoutError } from '../../src/core/errors.js';
import type { RateLimiter } from '../../src/core/rate-limiter.js';
import { failure } from '../support/failure.js';
import { genericTransport, getItem } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';

const server = useHandlerServer();

const hang = http.all('*/item', async () => {
  await delay('infinite');
  return HttpResponse.json({});
});

describe('per-attempt timeout', () => {
  it('ends a hanging attempt with a TimeoutError', async () => {
    server.use(hang);
    const transport = genericTransport(server.url, { timeoutMs: 100, maxRetries: 0 });
    const error = await failure(transport.run(getItem(false)));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).scope).toBe('attempt');
    expect(error.outcome).toBe('unknown');
    // A read changes nothing: whatever happened to it, the provider did nothing to look up.
    const read = await failure(transport.run(getItem(true)));
    expect(read).toBeInstanceOf(TimeoutError);
    expect(read.outcome).toBe('rejected');
    await transport.close();
  });

  it('retries an idempotent call after a timeout, never a non-idempotent one', async () => {
    server.use(hang);
    const transport = genericTransport(server.url, { timeoutMs: 80, maxRetries: 1 });
    await failure(transport.run(getItem(true)));
    expect(server.requests).toHaveLength(2);
    server.requests.length = 0;
    const error = await failure(transport.run(getItem(false)));
    expect(error.outcome).toBe('unknown');
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('per-call timeoutMs wins over the client option', async () => {
    server.use(hang);
    const transport = genericTransport(server.url, { timeoutMs: 60_000, maxRetries: 0 });
    const error = await failure(transport.run(getItem(true), { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
    await transport.close();
  });

  it('passes headersTimeout and bodyTimeout derived from timeoutMs to undici', async () => {
    server.use(http.get('*/item', () => HttpResponse.json({ id: 'a', n: 1 })));
    const seen: Dispatcher.DispatchOptions[] = [];
    // A real dispatcher that records what it is asked to do, then does it.
    class RecordingAgent extends Agent {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        seen.push(options);
        return super.dispatch(options, handler);
      }
    }
    const agent = new RecordingAgent();
    const transport = genericTransport(server.url, { dispatcher: agent, timeoutMs: 1234 });
    await transport.run(getItem(true));
    expect(seen[0]).toMatchObject({ headersTimeout: 1234, bodyTimeout: 1234 });
    await transport.close();
    await agent.close();
  });
});

describe('total deadline', () => {
  it('bounds attempts and waits together; each attempt gets what remains', async () => {
    server.use(hang);
    const transport = genericTransport(server.url, { timeoutMs: 150, totalTimeoutMs: 400, maxRetries: 10 });
    const error = await failure(transport.run(getItem(true)));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).scope).toBe('total');
    expect(error.attempts).toBeLessThanOrEqual(4);
    await transport.close();
  });

  it('sends nothing when a rate-limiter wait ends past the deadline: undici never gets a negative timeout', async () => {
    const seen: Dispatcher.DispatchOptions[] = [];
    class RecordingAgent extends Agent {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        seen.push(options);
        return super.dispatch(options, handler);
      }
    }
    const agent = new RecordingAgent();
    // A limiter whose token comes (as a late timer can) a little after the call's deadline.
    const lateLimiter = { acquire: () => new Promise<void>((resolve) => setTimeout(resolve, 60)) };
    const transport = genericTransport(
      server.url,
      { dispatcher: agent, totalTimeoutMs: 30, maxRetries: 3 },
      { rateLimiter: lateLimiter as unknown as RateLimiter },
    );
    const error = await failure(transport.run(getItem(false)));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'total', outcome: 'not_sent', attempts: 0 });
    expect(seen).toHaveLength(0);
    await transport.close();
    await agent.close();
  });
});

describe('abort', () => {
  it('aborts an attempt in flight and is not retried', async () => {
    server.use(hang);
    const transport = genericTransport(server.url, { maxRetries: 3 });
    const controller = new AbortController();
    const pending = transport.run(getItem(true), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    const error = await failure(pending);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('cuts a pending backoff wait', async () => {
    server.use(
      http.get('*/item', () => HttpResponse.json({}, { status: 503, headers: { 'retry-after': '30' } })),
    );
    const transport = genericTransport(server.url, { maxRetries: 3 });
    const controller = new AbortController();
    const pending = transport.run(getItem(true), { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    // Without the abort this would wait 30 s for the Retry-After (beyond the test timeout).
    const error = await failure(pending);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('sends nothing when the signal is already aborted', async () => {
    const transport = genericTransport(server.url);
    const error = await failure(transport.run(getItem(true), { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.outcome).toBe('not_sent');
    expect(server.requests).toHaveLength(0);
    await transport.close();
  });

  it('says the outcome is unknown when a non-idempotent call is aborted after sending', async () => {
    server.use(hang);
    const transport = genericTransport(server.url);
    const controller = new AbortController();
    const pending = transport.run(getItem(false, { unknownOutcomeNote: 'an item may have been reserved' }), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 80);
    const error = await failure(pending);
    expect(error.outcome).toBe('unknown');
    expect(error.message).toContain('may have been reserved');
    await transport.close();
  });
});
