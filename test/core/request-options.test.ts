import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { InputValidationError, TimeoutError } from '../../src/core/errors.js';
import type { RequestOptions } from '../../src/core/options.js';
import { failure } from '../support/failure.js';
import { genericTransport, getItem } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';

// Per-call options go through the same checks as the client's, before anything is sent.
const server = useHandlerServer();
const item = http.get('*/item', () => HttpResponse.json({ id: 'a', n: 1 }));

/** The error a call with these (untyped) options ends with; nothing may have been sent. */
async function refusedCall(options: unknown): Promise<InputValidationError> {
  server.use(item);
  const transport = genericTransport(server.url);
  const error = await failure(transport.run(getItem(false), options as RequestOptions));
  await transport.close();
  expect(error).toBeInstanceOf(InputValidationError);
  expect(error).toMatchObject({ outcome: 'not_sent', attempts: 0, operation: 'test.getItem' });
  expect(server.requests).toHaveLength(0);
  return error as InputValidationError;
}

describe('per-call options', () => {
  it.each([
    ['null', null],
    ['a number', 5000],
    ['a string', 'fast'],
    ['an array', [1]],
  ])('refuses %s instead of options', async (_label, options) => {
    const error = await refusedCall(options);
    expect(error.issues[0]?.path).toEqual(['options']);
    expect(error.message).toContain('options must be an object such as { timeoutMs: 5000 }, or left out');
  });

  it.each([
    [{ maxRetries: -1 }, 'maxRetries', /whole number from 0/],
    [{ maxRetries: 1.5 }, 'maxRetries', /whole number from 0/],
    [{ timeoutMs: Number.NaN }, 'timeoutMs', /whole number of ms/],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, 'timeoutMs', /600000/],
    [{ timeoutMs: 0 }, 'timeoutMs', /there is no 'no timeout'; pass a large value such as 600000/],
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs', /at most 2147483647/],
    [{ totalTimeoutMs: 2 ** 31 }, 'totalTimeoutMs', /at most 2147483647/],
    [{ totalTimeoutMs: -5 }, 'totalTimeoutMs', /whole number of ms/],
    [{ signal: 'abort' }, 'signal', /AbortSignal/],
    [{ signal: { aborted: false } }, 'signal', /AbortSignal/],
  ])('refuses %o, naming %s', async (options, option, message) => {
    const error = await refusedCall(options);
    expect(error.issues[0]?.path).toEqual(['options', option]);
    expect(error.message).toMatch(message);
  });

  it('refuses an unknown option with a hint (a plain-JS typo used to be ignored)', async () => {
    const error = await refusedCall({ timeOutMs: 5 });
    expect(error.message).toContain('options: unknown option "timeOutMs" (did you mean "timeoutMs"?)');
  });

  it('refuses deadlineAt: it is the transport’s own, not an option', async () => {
    const error = await refusedCall({ deadlineAt: performance.now() + 1000 });
    expect(error.message).toContain('unknown option "deadlineAt"');
  });

  it('takes undefined, {} and the edges of every range', async () => {
    server.use(item);
    const transport = genericTransport(server.url);
    await transport.run(getItem(true));
    await transport.run(getItem(true), {});
    await transport.run(getItem(true), {
      timeoutMs: 2 ** 31 - 1,
      totalTimeoutMs: 2 ** 31 - 1,
      maxRetries: 0,
      signal: new AbortController().signal,
    });
    await transport.run(getItem(true), { timeoutMs: undefined, signal: undefined });
    expect(server.requests).toHaveLength(4);
    await transport.close();
  });

  it('a call with timeoutMs 2^31 − 1 is not cut after 1 ms (Node clamps only longer timers)', async () => {
    server.use(
      http.get('*/item', async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return HttpResponse.json({ id: 'a', n: 1 });
      }),
    );
    const transport = genericTransport(server.url, { maxRetries: 0 });
    const result = await transport.run(getItem(false), {
      timeoutMs: 2 ** 31 - 1,
      totalTimeoutMs: 2 ** 31 - 1,
    });
    expect(result.data).toEqual({ id: 'a', n: 1 });
    await transport.close();
  });

  it('a per-call timeout still ends a hanging call (the checked options are the ones used)', async () => {
    server.use(http.get('*/item', () => new Promise(() => {})));
    const transport = genericTransport(server.url, { maxRetries: 0 });
    const error = await failure(transport.run(getItem(true), { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    await transport.close();
  });
});
