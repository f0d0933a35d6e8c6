// The checks every option goes through: the transport options of each client's constructor, and the
// options of each call. Built on first use (lazy): importing an entry point pays for none of them.
// The ranges, and why each refusal says what it says, are in docs/transport.md ("Options").

import type { Dispatcher } from 'undici';
import * as z from 'zod/mini';
import type { $ZodLooseShape } from 'zod/v4/core';
import type { TransportHooks } from './diagnostics.js';
import type { ProviderName } from './errors.js';
import { parseInput } from './input.js';
import { lazy } from './lazy.js';
import type { CallOptions } from './operation.js';
import { safeParseValue } from './zod.js';

/** Node fires a timer set for longer than this after 1 ms (with only a warning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The smallest `maxResponseBytes`. A cap below a success body makes every reservation take its item
 * and then fail to read the answer (`outcome: 'applied'`); DIDWW's create answer with its includes
 * is about 2.4 KB, a lookup's page more. 64 KiB leaves room for every single-item answer.
 */
export const MIN_RESPONSE_BYTES = 64 * 1024;

const NO_TIMEOUT_ADVICE = "there is no 'no timeout'; pass a large value such as 600000 (10 minutes)";

interface TimerAdvice {
  /** Said when the value is 0 (timers that must run at least 1 ms). */
  zero?: string;
  /** Said when the value is `Infinity`. */
  infinite?: string;
  /** A sensible value. */
  example: number;
}

function timerProblem(name: string, value: unknown, min: number, advice: TimerAdvice): string {
  if (typeof value === 'number') {
    if (value === Number.POSITIVE_INFINITY && advice.infinite)
      return `${name} cannot be Infinity: ${advice.infinite}`;
    if (value > MAX_TIMER_MS)
      return `${name} must be at most ${MAX_TIMER_MS} ms (about 24.8 days): Node fires a longer timer after 1 ms`;
    if (value === 0 && advice.zero) return `${name} must be at least 1 ms: ${advice.zero}`;
  }
  return `${name} must be a whole number of ms from ${min} to ${MAX_TIMER_MS}, e.g. ${advice.example}`;
}

/** Milliseconds a timer is armed with: a whole number from `min` to {@link MAX_TIMER_MS}. */
function timerMs(name: string, min: 0 | 1, advice: TimerAdvice) {
  return z.custom<number>(
    (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= MAX_TIMER_MS,
    { error: (issue) => timerProblem(name, issue.input, min, advice) },
  );
}

/** A count: a whole number from `min`. */
function count(name: string, min: 0 | 1, example: number, note = '') {
  return z.custom<number>((value) => Number.isSafeInteger(value) && (value as number) >= min, {
    error: `${name} must be a whole number from ${min}, e.g. ${example}${note}`,
  });
}

function callback<F>(name: string) {
  return z.optional(z.custom<F>((value) => typeof value === 'function', `${name} must be a function`));
}

/** Levenshtein distance: how many letters to add, drop or change to turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length += 1;
  return length;
}

/** The known option an unknown key most likely meant, when one is close enough to say so. */
function closestOption(key: string, known: readonly string[]): string | undefined {
  const typed = key.toLowerCase();
  let best: string | undefined;
  let bestScore = Math.max(1, Math.floor(typed.length / 3));
  for (const option of known) {
    const candidate = option.toLowerCase();
    if (candidate === typed) return option;
    // `timeout` for `timeoutMs`, `userAgent` for `userAgentSuffix`, `maxRetry` for `maxRetries`:
    // the typed key is the option's start, give or take its last two letters.
    const prefix = commonPrefixLength(typed, candidate) >= Math.max(4, typed.length - 2);
    const score = prefix ? 1 : editDistance(typed, candidate);
    if (score < bestScore || (score === bestScore && best === undefined)) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

function unknownOptions(keys: readonly string[], known: readonly string[]): string {
  return keys
    .map((key) => {
      const meant = closestOption(key, known);
      return meant ? `unknown option "${key}" (did you mean "${meant}"?)` : `unknown option "${key}"`;
    })
    .join('; ');
}

/**
 * An options object that refuses keys it does not know, with a "did you mean" hint: a plain-JS
 * typo (`timeOutMs`) would otherwise be ignored without a word.
 */
export function strictOptions<Shape extends $ZodLooseShape>(shape: Shape, typeMessage: string) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownOptions(issue.keys, known) : typeMessage),
  });
}

/**
 * `false`, or an object `schema` accepts. Not a zod union: a union reports "invalid input" for the
 * whole value, where this keeps the object's own issues and paths (`retryBudget.capacity`).
 */
function falseOr<T>(schema: z.ZodMiniType<T>, typeMessage: string) {
  return z
    .custom<T | false>(
      (value) => value === false || (typeof value === 'object' && value !== null && !Array.isArray(value)),
      typeMessage,
    )
    .check(
      z.check((payload) => {
        if (payload.value === false) return;
        const result = safeParseValue(schema, payload.value);
        if (result.success) return;
        for (const issue of result.error.issues)
          payload.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: undefined });
      }),
    );
}

const timeoutAdvice: TimerAdvice = { zero: NO_TIMEOUT_ADVICE, infinite: NO_TIMEOUT_ADVICE, example: 30_000 };

const requestOptionsShape = lazy(() => ({
  signal: z.optional(
    z.custom<AbortSignal>(
      (value) => value instanceof AbortSignal,
      "signal must be an AbortSignal, e.g. AbortSignal.timeout(5000) or an AbortController's signal",
    ),
  ),
  timeoutMs: z.optional(timerMs('timeoutMs', 1, timeoutAdvice)),
  totalTimeoutMs: z.optional(timerMs('totalTimeoutMs', 1, { ...timeoutAdvice, example: 120_000 })),
  maxRetries: z.optional(count('maxRetries', 0, 2, '; maxRetries: 0 turns retries off')),
}));

const transportOptionsShape = lazy(() => {
  const delay = (name: string, example: number) => z.optional(timerMs(name, 0, { example }));
  const budgetCount = (name: string, example: number) => z.optional(count(name, 0, example));
  return {
    ...requestOptionsShape(),
    // `signal` is per call only.
    signal: z.optional(z.never('signal is an option of each call, not of the client')),
    retry: z.optional(
      strictOptions(
        {
          baseDelayMs: delay('baseDelayMs', 500),
          maxDelayMs: delay('maxDelayMs', 8_000),
          maxRetryAfterMs: delay('maxRetryAfterMs', 60_000),
        },
        'retry must be an object such as { baseDelayMs: 500, maxDelayMs: 8000 }',
      ),
    ),
    retryBudget: z.optional(
      falseOr(
        strictOptions(
          {
            capacity: budgetCount('capacity', 500),
            retryCost: budgetCount('retryCost', 5),
            timeoutRetryCost: budgetCount('timeoutRetryCost', 10),
            successRefill: budgetCount('successRefill', 1),
          },
          'retryBudget must be false or an object such as { capacity: 500 }',
        ),
        'retryBudget must be false or an object such as { capacity: 500 }',
      ),
    ),
    maxResponseBytes: z.optional(
      z.custom<number>((value) => Number.isSafeInteger(value) && (value as number) >= MIN_RESPONSE_BYTES, {
        error: (issue) =>
          Number.isSafeInteger(issue.input)
            ? `maxResponseBytes must be at least ${MIN_RESPONSE_BYTES} (64 KiB): a smaller cap can refuse a reservation's own answer after the item was taken; the default is 1048576 (1 MiB)`
            : `maxResponseBytes must be a whole number of bytes, at least ${MIN_RESPONSE_BYTES} (64 KiB); the default is 1048576 (1 MiB)`,
      }),
    ),
    dispatcher: z.optional(
      z.custom<Dispatcher>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as { dispatch?: unknown }).dispatch === 'function',
        'dispatcher must be an undici Dispatcher (an Agent, ProxyAgent, MockAgent, …)',
      ),
    ),
    keepAliveTimeoutMs: z.optional(
      timerMs('keepAliveTimeoutMs', 1, {
        zero: 'pass 1 to drop idle sockets almost at once',
        infinite: 'idle sockets must be dropped before the server drops them; the default is 10000',
        example: 10_000,
      }),
    ),
    connections: z.optional(count('connections', 1, 64)),
    allowInsecureHttp: z.optional(z.boolean({ error: 'allowInsecureHttp must be true or false' })),
    hooks: z.optional(
      strictOptions(
        {
          onRequest: callback<NonNullable<TransportHooks['onRequest']>>('onRequest'),
          onResponse: callback<NonNullable<TransportHooks['onResponse']>>('onResponse'),
          onError: callback<NonNullable<TransportHooks['onError']>>('onError'),
          onRetry: callback<NonNullable<TransportHooks['onRetry']>>('onRetry'),
          onReconcile: callback<NonNullable<TransportHooks['onReconcile']>>('onReconcile'),
        },
        'hooks must be an object of callbacks such as { onRetry(event) {} }',
      ),
    ),
    // Sent in the User-Agent header: undici refuses a request whose header holds CR, LF or NUL.
    userAgentSuffix: z.optional(
      z
        .string({ error: 'userAgentSuffix must be a string such as my-wrapper/1.2.0' })
        .check(
          z.regex(
            /^[\x20-\x7e]*$/,
            'userAgentSuffix must be printable ASCII on one line (no CR, LF, NUL or other control characters), e.g. my-wrapper/1.2.0',
          ),
        ),
    ),
  };
});

/**
 * The schema of a client's options: its provider's options and every transport option, each
 * checked, unknown keys refused with a hint. Build it once (inside `lazy`), not per client.
 */
export function clientOptionsSchema<Shape extends $ZodLooseShape>(providerShape: Shape, typeMessage: string) {
  return strictOptions({ ...transportOptionsShape(), ...providerShape }, typeMessage);
}

const requestOptionsArgument = lazy(() =>
  z.object({
    options: strictOptions(
      requestOptionsShape(),
      'options must be an object such as { timeoutMs: 5000 }, or left out',
    ),
  }),
);

// Options objects checked here, or made by the transport from checked values (a lookup's, which
// carries the internal `deadlineAt`): taken as they are, without checking them again.
const checkedOptions = new WeakSet<object>();

/** Marks options made from checked values, so that {@link checkCallOptions} takes them as they are. */
export function markChecked<T extends object>(options: T): T {
  checkedOptions.add(options);
  return options;
}

/**
 * A call's options, checked before anything is sent: `null`, a non-object, an unknown key (with a
 * hint), or a value out of range is an `InputValidationError` naming `options.<key>`.
 *
 * Cheap when there is nothing to check: `undefined`, `{}` (what every method passes by default) and
 * options checked before come back as they are, without running a schema.
 */
export function checkCallOptions(options: unknown, provider: ProviderName, operation: string): CallOptions {
  if (options === undefined) return {};
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) {
    if (isEmpty(options) || checkedOptions.has(options)) return options as CallOptions;
  }
  const checked = parseInput(requestOptionsArgument(), { options }, provider, operation).options;
  return markChecked(checked);
}

function isEmpty(options: object): boolean {
  for (const _key in options) return false;
  return true;
}
