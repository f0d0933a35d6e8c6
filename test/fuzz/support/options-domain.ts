import fc from 'fast-check';
import { anything, hostileNumber, isPlainObject, show, TYPO_KEYS, wrongType } from './hostile.js';

/**
 * The documented domain of every option, as an oracle: which values are clearly outside it (then
 * the call or the constructor must refuse them with an InputValidationError before any request).
 * Values the docs leave open (a fractional timeout, a huge retry count) are judged by the general
 * invariant only.
 */

/** The bound every fuzzed call gets for each option that is not the one fuzzed. */
export const CALL_BOUND = { timeoutMs: 1_000, totalTimeoutMs: 2_000, maxRetries: 1 } as const;

/** setTimeout's largest delay: a longer one fires at once (with a TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A time in ms an option can mean: a finite number above 0 that a timer can wait. */
function timeProblem(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS)
    return `${name} ${show(value)} is not a time a timer can wait (0 < ms <= 2^31-1)`;
  return undefined;
}

/** A count: an integer from `min`. */
function countProblem(name: string, value: unknown, min: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    return `${name} ${show(value)} is not an integer >= ${min}`;
  return undefined;
}

/** A delay: a finite number >= 0. */
function delayProblem(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS)
    return `${name} ${show(value)} is not a delay (0 <= ms <= 2^31-1)`;
  return undefined;
}

const REQUEST_OPTION_KEYS = ['signal', 'timeoutMs', 'totalTimeoutMs', 'maxRetries'];

/** Why these per-call options are clearly invalid, or `undefined`. */
export function requestOptionsProblem(options: unknown): string | undefined {
  if (options === undefined) return undefined;
  if (!isPlainObject(options)) return `per-call options ${typeName(options)} are not an object`;
  const unknown = Object.keys(options).filter((key) => !REQUEST_OPTION_KEYS.includes(key));
  if (unknown.length > 0) return `unknown per-call option ${unknown.join(', ')}`;
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    return 'signal is not an AbortSignal';
  return (
    timeProblem('timeoutMs', options.timeoutMs) ??
    timeProblem('totalTimeoutMs', options.totalTimeoutMs) ??
    countProblem('maxRetries', options.maxRetries, 0)
  );
}

/** A short name for a value's type in messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

const liveSignal = new AbortController().signal;

const signalValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(liveSignal),
  fc.constant(null).map(() => AbortSignal.abort(new Error('stopped by the caller'))),
  fc.constant(null).map(() => AbortSignal.timeout(2)),
  fc.constantFrom<unknown>({}, { aborted: false }, { aborted: true }, 'signal', 1, null, new EventTarget()),
);

const timeValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.constantFrom(50, 500, 2_000) },
);

const retriesValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2) },
);

/** Per-call options a careless caller passes: hostile values, typos, or no object at all. */
export const requestOptions: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 'fast', 1, [], true, () => ({})) },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        signal: signalValue,
        timeoutMs: timeValue,
        totalTimeoutMs: timeValue,
        maxRetries: retriesValue,
        [TYPO_KEYS[0] as string]: anything,
      },
      { requiredKeys: [] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...TYPO_KEYS), fc.constantFrom<unknown>(1, 100, 'x', true))
      .map(([key, value]) => ({ [key]: value })),
  },
);

/**
 * The options a fuzzed call is made with: the fuzzed ones over {@link CALL_BOUND} when they are an
 * object (so an option that is not the one fuzzed still bounds the call), else as they are.
 */
export function boundedOptions(fuzzed: unknown): unknown {
  return isPlainObject(fuzzed) ? { ...CALL_BOUND, ...fuzzed } : fuzzed;
}

/** Shared option keys of every client (TransportOptions). */
export const TRANSPORT_OPTION_KEYS = [
  'timeoutMs',
  'totalTimeoutMs',
  'maxRetries',
  'retry',
  'retryBudget',
  'maxResponseBytes',
  'dispatcher',
  'keepAliveTimeoutMs',
  'connections',
  'allowInsecureHttp',
  'hooks',
  'userAgentSuffix',
] as const;

const HOOK_NAMES = ['onRequest', 'onResponse', 'onError', 'onRetry', 'onReconcile'];

/** Why these transport options (of a client's constructor) are clearly invalid, or `undefined`. */
export function transportOptionsProblem(options: Record<string, unknown>): string | undefined {
  const retry = options.retry;
  const budget = options.retryBudget;
  const hooks = options.hooks;
  const suffix = options.userAgentSuffix;
  const dispatcher = options.dispatcher as
    | { dispatch?: unknown; close?: unknown; destroy?: unknown }
    | null
    | undefined;
  return (
    timeProblem('timeoutMs', options.timeoutMs) ??
    timeProblem('totalTimeoutMs', options.totalTimeoutMs) ??
    countProblem('maxRetries', options.maxRetries, 0) ??
    countProblem('maxResponseBytes', options.maxResponseBytes, 1) ??
    countProblem('connections', options.connections, 1) ??
    timeProblem('keepAliveTimeoutMs', options.keepAliveTimeoutMs) ??
    (retry === undefined
      ? undefined
      : !isPlainObject(retry)
        ? 'retry is not an object'
        : (unknownKeys('retry', retry, ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs']) ??
          delayProblem('retry.baseDelayMs', retry.baseDelayMs) ??
          delayProblem('retry.maxDelayMs', retry.maxDelayMs) ??
          delayProblem('retry.maxRetryAfterMs', retry.maxRetryAfterMs))) ??
    (budget === undefined || budget === false
      ? undefined
      : !isPlainObject(budget)
        ? 'retryBudget is neither false nor an object'
        : (unknownKeys('retryBudget', budget, [
            'capacity',
            'retryCost',
            'timeoutRetryCost',
            'successRefill',
          ]) ??
          delayProblem('retryBudget.capacity', budget.capacity) ??
          delayProblem('retryBudget.retryCost', budget.retryCost) ??
          delayProblem('retryBudget.timeoutRetryCost', budget.timeoutRetryCost) ??
          delayProblem('retryBudget.successRefill', budget.successRefill))) ??
    (options.allowInsecureHttp === undefined || typeof options.allowInsecureHttp === 'boolean'
      ? undefined
      : 'allowInsecureHttp is not a boolean') ??
    (hooks === undefined
      ? undefined
      : !isPlainObject(hooks)
        ? 'hooks is not an object'
        : (unknownKeys('hooks', hooks, HOOK_NAMES) ??
          (Object.values(hooks).some((hook) => hook !== undefined && typeof hook !== 'function')
            ? 'a hook is not a function'
            : undefined))) ??
    (suffix === undefined
      ? undefined
      : typeof suffix !== 'string' || !/^[\x20-\x7e]*$/.test(suffix)
        ? 'userAgentSuffix is not printable ASCII (it goes into the User-Agent header)'
        : undefined) ??
    (dispatcher === undefined ||
    (typeof dispatcher === 'object' &&
      typeof dispatcher?.dispatch === 'function' &&
      typeof dispatcher.close === 'function' &&
      typeof dispatcher.destroy === 'function')
      ? undefined
      : 'dispatcher is not an undici Dispatcher')
  );
}

function unknownKeys(
  name: string,
  value: Record<string, unknown>,
  known: readonly string[],
): string | undefined {
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  return unknown.length > 0 ? `unknown ${name} key ${unknown.join(', ')}` : undefined;
}

/** Careless values for each transport option (the constructor fuzz adds `anything` to these). */
export const TRANSPORT_OPTION_VALUES: Record<(typeof TRANSPORT_OPTION_KEYS)[number], readonly unknown[]> = {
  timeoutMs: [...nastyTimes()],
  totalTimeoutMs: [...nastyTimes()],
  maxRetries: [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 0, 2 ** 31, '2'],
  retry: [
    { baseDelayMs: -1 },
    { maxDelayMs: Number.NaN },
    { maxRetryAfterMs: Number.POSITIVE_INFINITY },
    { baseDelay: 1 },
    null,
    { baseDelayMs: 1, maxDelayMs: 4 },
  ],
  retryBudget: [false, { capacity: -1 }, { retryCost: Number.NaN }, { capacty: 5 }, null, true],
  maxResponseBytes: [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1024'],
  dispatcher: [{}, 'agent', null, { dispatch: 1 }],
  keepAliveTimeoutMs: [-1, Number.NaN, Number.POSITIVE_INFINITY, 0, 2 ** 31],
  connections: [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY],
  allowInsecureHttp: ['yes', 1, null, true, false],
  hooks: [null, 'hooks', { onRequest: 'log' }, { onRequst: () => {} }, { onError: null }, {}],
  userAgentSuffix: ['ok/1.0', 'bad\r\nx-injected: 1', 'tab\tsuffix', '\0', 'é', '€', '\uD800', 42, null],
};

function nastyTimes(): unknown[] {
  return [
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    0,
    -1,
    1.5,
    2 ** 31,
    2 ** 53,
    null,
    '1000',
  ];
}
