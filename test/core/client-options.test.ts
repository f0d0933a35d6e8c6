import { inspect } from 'node:util';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { ArianeeClient } from '../../src/arianee/index.js';
import { InputValidationError } from '../../src/core/errors.js';
import { DidwwClient } from '../../src/didww/index.js';
import { DotsClient } from '../../src/dots/index.js';

// Transport options are checked the same way by every client's constructor, before any request.
const KEY = 'sk_live_Q7m2x9Kd41';

const CLIENTS = {
  arianee: (options: object) =>
    new ArianeeClient({ baseUrl: 'https://brand.nmp.example', apiKey: KEY, ...options } as never),
  didww: (options: object) => new DidwwClient({ apiKey: KEY, ...options } as never),
  dots: (options: object) => new DotsClient({ authToken: KEY, ...options } as never),
} as const;

type ClientName = keyof typeof CLIENTS;
const NAMES = Object.keys(CLIENTS) as ClientName[];

/** The error `new XClient(options)` throws; the client is closed if it was built. */
function refusal(name: ClientName, options: object): InputValidationError {
  let thrown: unknown;
  try {
    void CLIENTS[name](options).close();
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof InputValidationError))
    throw new Error(`expected an InputValidationError, got ${String(thrown)}`);
  expect(`${thrown.message} ${JSON.stringify(thrown)} ${inspect(thrown)}`).not.toContain(KEY);
  return thrown;
}

function accepted(name: ClientName, options: object): Promise<void> {
  return CLIENTS[name](options).close();
}

const TIMER_MAX = 2 ** 31 - 1;

describe.each(NAMES)('%s client: transport options', (name) => {
  it.each([
    ['timeoutMs', 0, /no 'no timeout'.*600000/],
    ['timeoutMs', -1, /whole number of ms from 1 to 2147483647/],
    ['timeoutMs', 1.5, /whole number of ms from 1 to 2147483647/],
    ['timeoutMs', Number.NaN, /whole number of ms from 1 to 2147483647/],
    ['timeoutMs', Number.POSITIVE_INFINITY, /no 'no timeout'.*600000/],
    ['timeoutMs', '5000', /whole number of ms from 1 to 2147483647/],
    ['timeoutMs', 2 ** 31, /at most 2147483647.*1 ms/],
    ['totalTimeoutMs', 0, /no 'no timeout'.*600000/],
    ['totalTimeoutMs', 2 ** 31, /at most 2147483647/],
    ['totalTimeoutMs', Number.NaN, /whole number of ms/],
    ['keepAliveTimeoutMs', 0, /to drop idle sockets at once, pass 1/],
    ['keepAliveTimeoutMs', 2 ** 31, /at most 2147483647/],
    ['maxRetries', -1, /whole number from 0.*maxRetries: 0 turns retries off/],
    ['maxRetries', 1.5, /whole number from 0/],
    ['maxRetries', Number.POSITIVE_INFINITY, /whole number from 0/],
    ['maxRetries', Number.NaN, /whole number from 0/],
    ['connections', 0, /whole number from 1/],
    ['connections', -1, /whole number from 1/],
    ['connections', 2.5, /whole number from 1/],
    ['maxResponseBytes', 0, /at least 65536/],
    ['maxResponseBytes', -1, /at least 65536/],
    ['maxResponseBytes', 1000, /at least 65536/],
    ['maxResponseBytes', 1.5, /whole number of bytes/],
    ['maxResponseBytes', Number.POSITIVE_INFINITY, /whole number of bytes/],
    ['allowInsecureHttp', 'yes', /true or false/],
    ['dispatcher', {}, /undici Dispatcher/],
    ['dispatcher', 'agent', /undici Dispatcher/],
    ['userAgentSuffix', 'my-app/1.0\r\nx-evil: 1', /printable ASCII/],
    ['userAgentSuffix', 'my-app\0', /printable ASCII/],
    ['userAgentSuffix', 'my-app/1.0 ✓', /printable ASCII/],
    ['userAgentSuffix', 7, /string/],
    ['hooks', 'log', /object/],
    ['signal', new AbortController().signal, /option of each call/],
  ])('refuses %s: %s', (option, value, message) => {
    const error = refusal(name, { [option]: value });
    expect(error.issues[0]?.path[0]).toBe(option);
    expect(error.message).toMatch(message);
  });

  it.each([
    ['retry', { baseDelayMs: -1 }, 'baseDelayMs'],
    ['retry', { maxDelayMs: Number.NaN }, 'maxDelayMs'],
    ['retry', { maxRetryAfterMs: 2 ** 31 }, 'maxRetryAfterMs'],
    ['retryBudget', { capacity: -5 }, 'capacity'],
    ['retryBudget', { retryCost: 1.5 }, 'retryCost'],
    ['retryBudget', { timeoutRetryCost: -1 }, 'timeoutRetryCost'],
    ['retryBudget', { successRefill: Number.POSITIVE_INFINITY }, 'successRefill'],
    ['hooks', { onRequest: 'console.log' }, 'onRequest'],
  ])('refuses %s %o', (option, value, field) => {
    const error = refusal(name, { [option]: value });
    expect(error.issues[0]?.path).toEqual([option, field]);
  });

  it('refuses retryBudget true (it is an object, or false)', () => {
    expect(refusal(name, { retryBudget: true }).issues[0]?.path).toEqual(['retryBudget']);
  });

  it.each([
    ['timeOutMs', 'timeoutMs'],
    ['timeout', 'timeoutMs'],
    ['maxRetry', 'maxRetries'],
    ['totaltimeoutms', 'totalTimeoutMs'],
    ['userAgent', 'userAgentSuffix'],
  ])('refuses the unknown option %s, with a hint: did you mean %s?', (typo, meant) => {
    const error = refusal(name, { [typo]: 1 });
    expect(error.message).toContain(`unknown option "${typo}" (did you mean "${meant}"?)`);
  });

  it('refuses unknown keys inside retry, retryBudget and hooks, with a hint', () => {
    expect(refusal(name, { retry: { baseDelay: 1 } }).message).toContain(
      'retry: unknown option "baseDelay" (did you mean "baseDelayMs"?)',
    );
    expect(refusal(name, { retryBudget: { cost: 1 } }).message).toContain('unknown option "cost"');
    expect(refusal(name, { hooks: { onRequets: () => {} } }).message).toContain(
      '(did you mean "onRequest"?)',
    );
  });

  it('reports every problem at once', () => {
    const error = refusal(name, { timeoutMs: 0, maxRetries: -1, timeOutMs: 5 });
    expect(error.issues.map((issue) => issue.path[0] ?? issue.message)).toEqual(
      expect.arrayContaining(['timeoutMs', 'maxRetries']),
    );
    expect(error.message).toContain('timeOutMs');
  });

  it('accepts the edges of every range', async () => {
    const agent = new Agent();
    await accepted(name, {
      timeoutMs: 1,
      totalTimeoutMs: TIMER_MAX,
      maxRetries: 0,
      retry: { baseDelayMs: 0, maxDelayMs: TIMER_MAX, maxRetryAfterMs: 0 },
      retryBudget: { capacity: 0, retryCost: 0, timeoutRetryCost: 0, successRefill: 0 },
      maxResponseBytes: 65_536,
      keepAliveTimeoutMs: 1,
      connections: 1,
      allowInsecureHttp: false,
      hooks: { onRequest: () => {}, onReconcile: undefined },
      userAgentSuffix: 'my-wrapper/1.2.0 (+https://example.com)',
    });
    await accepted(name, { timeoutMs: TIMER_MAX, retryBudget: false, dispatcher: agent });
    await accepted(name, { timeoutMs: undefined, userAgentSuffix: '' });
    await agent.close();
  });
});

describe('unknown provider options', () => {
  it('suggests the provider option a typo meant', () => {
    expect(refusal('arianee', { authheader: 'x-api-key' }).message).toContain(
      'unknown option "authheader" (did you mean "authHeader"?)',
    );
    expect(refusal('didww', { enviroment: 'production' }).message).toContain('(did you mean "environment"?)');
    expect(refusal('dots', { apptoken: 'app-1' }).message).toContain('(did you mean "appToken"?)');
  });

  it('names an option it cannot match without guessing', () => {
    const error = refusal('dots', { colour: 'green' });
    expect(error.message).toContain('unknown option "colour"');
    expect(error.message).not.toContain('did you mean');
  });
});
