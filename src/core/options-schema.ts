// The checks every option goes through: the transport options of each client's constructor, and the
// options of each call. Built on first use (lazy): importing an entry point pays for none of them.
// The ranges, and why each refusal says what it says, are in docs/transport.md ("Options").

import type { ZodMiniObject } from 'zod/mini';
import * as z from 'zod/mini';
import type { $strict, $ZodLooseShape, $ZodRawIssue } from 'zod/v4/core';
import { senderOptionProblems } from './default-sender.js';
import type { TransportHooks } from './diagnostics.js';
import type { ProviderName } from './errors.js';
import { parseInput } from './input.js';
import { lazy } from './lazy.js';
import type { CallOptions } from './operation.js';
import type { RequestOptions, TransportOptions } from './options.js';
import { isPlainObject, requestHeadersSchema } from './request-headers.js';
import { safeParseValue } from './zod.js';

/** Node fires a timer set for longer than this after 1 ms (with only a warning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The smallest `maxResponseBytes`. A cap below a success body makes every reservation take its item
 * and then fail to read the answer (`outcome: 'applied'`); DIDWW's create answer with its includes
 * is about 2.4 KB, a lookup's page more. 64 KiB leaves room for every single-item answer.
 */
export const MIN_RESPONSE_BYTES = 64 * 1024;

// What a timeout of 0 or Infinity (both read as "no timeout" elsewhere) is told.
const NO_TIMEOUT = "there is no 'no timeout'; pass a large value such as 600000";

/**
 * Why a timer value is refused. `unbounded` is said for 0 and Infinity, when they cannot mean
 * what the caller likely meant by them.
 */
function timerProblem(name: string, value: unknown, min: number, unbounded?: string): string {
  if (unbounded && (value === 0 || value === Number.POSITIVE_INFINITY))
    return `${name} must be from 1 to ${MAX_TIMER_MS} ms: ${unbounded}`;
  if (typeof value === 'number' && value > MAX_TIMER_MS)
    return `${name} must be at most ${MAX_TIMER_MS} ms: Node fires a longer timer after 1 ms`;
  return `${name} must be a whole number of ms from ${min} to ${MAX_TIMER_MS}`;
}

/** Milliseconds a timer is armed with: a whole number from `min` to {@link MAX_TIMER_MS}. */
function timerMs(name: string, min: 0 | 1, unbounded?: string) {
  return z.custom<number>(
    (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= MAX_TIMER_MS,
    { error: (issue) => timerProblem(name, issue.input, min, unbounded) },
  );
}

/** A count: a whole number from `min`. */
function count(name: string, min: 0 | 1, note = '') {
  return z.custom<number>((value) => Number.isSafeInteger(value) && (value as number) >= min, {
    error: `${name} must be a whole number from ${min}${note}`,
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

function unknownOptions(keys: readonly string[], known: readonly string[], noun: string): string {
  return keys
    .map((key) => {
      const meant = closestOption(key, known);
      return meant ? `unknown ${noun} "${key}" (did you mean "${meant}"?)` : `unknown ${noun} "${key}"`;
    })
    .join('; ');
}

/**
 * An options (or arguments) object that refuses keys it does not know, with a "did you mean" hint:
 * a plain-JS typo (`timeOutMs`) would otherwise be ignored without a word. Only a plain object is
 * one: a Date or a class instance has no keys to refuse and would pass as `{}`.
 */
export function strictOptions<Shape extends $ZodLooseShape>(
  shape: Shape,
  typeMessage: string,
  noun = 'option',
) {
  const known = Object.keys(shape);
  const object = z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownOptions(issue.keys, known, noun) : typeMessage,
  });
  return z.pipe(z.custom<z.input<typeof object>>(isPlainObject, { error: typeMessage }), object);
}

/** The methods every undici `Dispatcher` implements (its base class leaves them abstract). */
const DISPATCHER_METHODS = ['dispatch', 'close', 'destroy'] as const;

const delay = (name: string) => z.optional(timerMs(name, 0));
const budgetCount = (name: string) => z.optional(count(name, 0));

// One schema per option, each built the first time a value for it is checked: a client built with
// two options pays for two small schemas, not for all of them (a cold start counts every ms).
const OPTION_SCHEMAS = {
  signal: lazy(() =>
    z.custom<AbortSignal>(
      (value) => value instanceof AbortSignal,
      'signal must be an AbortSignal, e.g. AbortSignal.timeout(5000)',
    ),
  ),
  timeoutMs: lazy(() => timerMs('timeoutMs', 1, NO_TIMEOUT)),
  totalTimeoutMs: lazy(() => timerMs('totalTimeoutMs', 1, NO_TIMEOUT)),
  maxRetries: lazy(() => count('maxRetries', 0, '; maxRetries: 0 turns retries off')),
  headers: requestHeadersSchema,
  retry: lazy(() =>
    strictOptions(
      {
        baseDelayMs: delay('baseDelayMs'),
        maxDelayMs: delay('maxDelayMs'),
        maxRetryAfterMs: delay('maxRetryAfterMs'),
      },
      'retry must be an object such as { baseDelayMs: 500 }',
    ),
  ),
  retryBudget: lazy(() =>
    // `false` (no budget) never reaches it: see transportCheck.
    strictOptions(
      {
        capacity: budgetCount('capacity'),
        retryCost: budgetCount('retryCost'),
        timeoutRetryCost: budgetCount('timeoutRetryCost'),
        successRefill: budgetCount('successRefill'),
      },
      'retryBudget must be false or an object such as { capacity: 500 }',
    ),
  ),
  maxResponseBytes: lazy(() =>
    z.custom<number>(
      (value) => Number.isSafeInteger(value) && (value as number) >= MIN_RESPONSE_BYTES,
      `maxResponseBytes must be a whole number of bytes, at least ${MIN_RESPONSE_BYTES}: a smaller cap can refuse a reservation's answer after the item was taken`,
    ),
  ),
  maxListResponseBytes: lazy(() =>
    z.custom<number>(
      (value) => Number.isSafeInteger(value) && (value as number) >= MIN_RESPONSE_BYTES,
      `maxListResponseBytes must be a whole number of bytes, at least ${MIN_RESPONSE_BYTES}`,
    ),
  ),
  dispatcher: lazy(() =>
    z.custom<NonNullable<TransportOptions['dispatcher']>>(
      // By shape, as TransportOptions types it: the dispatcher of another undici 8 copy is one too.
      (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        DISPATCHER_METHODS.every(
          (method) => typeof (value as Record<string, unknown>)[method] === 'function',
        ),
      'dispatcher must be an undici Dispatcher (Agent, ProxyAgent, MockAgent…): an object with dispatch, close and destroy methods',
    ),
  ),
  sender: lazy(() =>
    z.custom<'undici' | 'fetch'>(
      (value) => value === 'undici' || value === 'fetch',
      "sender must be 'undici' or 'fetch' (docs/transport.md, \"Senders\")",
    ),
  ),
  fetch: lazy(() =>
    z.custom<NonNullable<TransportOptions['fetch']>>(
      (value) => typeof value === 'function',
      'fetch must be a function with the signature of the global fetch',
    ),
  ),
  keepAliveTimeoutMs: lazy(() => timerMs('keepAliveTimeoutMs', 1, 'to drop idle sockets at once, pass 1')),
  connections: lazy(() => count('connections', 1)),
  allowInsecureHttp: lazy(() => z.boolean({ error: 'allowInsecureHttp must be true or false' })),
  hooks: lazy(() =>
    strictOptions(
      {
        onRequest: callback<NonNullable<TransportHooks['onRequest']>>('onRequest'),
        onResponse: callback<NonNullable<TransportHooks['onResponse']>>('onResponse'),
        onError: callback<NonNullable<TransportHooks['onError']>>('onError'),
        onRetry: callback<NonNullable<TransportHooks['onRetry']>>('onRetry'),
        onReconcile: callback<NonNullable<TransportHooks['onReconcile']>>('onReconcile'),
      },
      'hooks must be an object of callbacks',
    ),
  ),
  // Sent in the User-Agent header: undici refuses a request whose header holds CR, LF or NUL.
  userAgentSuffix: lazy(() =>
    z
      .string({ error: 'userAgentSuffix must be a string' })
      .check(
        z.regex(/^[\x20-\x7e]*$/, 'userAgentSuffix must be printable ASCII on one line (no CR, LF or NUL)'),
      ),
  ),
} satisfies Record<keyof TransportOptions | keyof RequestOptions, () => z.ZodMiniType>;

type TransportKey = keyof TransportOptions | 'signal' | 'headers';

// Options of each call only: a client given one is told so.
const CALL_ONLY_KEYS: ReadonlySet<TransportKey> = new Set(['signal', 'headers']);
const TRANSPORT_KEYS = Object.keys(OPTION_SCHEMAS) as TransportKey[];

// What a client's schema holds for each transport key (one shared instance): anything, checked by
// `transportCheck`.
const anyValue = lazy(() => z.optional(z.unknown()));

/**
 * Checks the transport options of a client's options, each with its own schema; issues keep their
 * paths (`retry.baseDelayMs`). It runs even when a provider option was refused, so that one error
 * names every problem.
 */
const transportCheck = lazy(() =>
  z.check<Record<string, unknown>>(
    (payload) => {
      const options = payload.value;
      if (typeof options !== 'object' || options === null) return;
      for (const key of TRANSPORT_KEYS) {
        const value = options[key];
        if (value === undefined || (key === 'retryBudget' && value === false)) continue;
        // A client takes no signal and no headers: each call does.
        if (CALL_ONLY_KEYS.has(key)) {
          payload.issues.push({
            code: 'custom',
            message: `${key} is an option of each call, not of the client`,
            path: [key],
            input: undefined,
          });
          continue;
        }
        const result = safeParseValue(OPTION_SCHEMAS[key](), value);
        if (result.success) continue;
        for (const issue of result.error.issues)
          payload.issues.push({ ...issue, path: [key, ...issue.path], input: undefined } as $ZodRawIssue);
      }
      // Options valid alone that cannot go together, or that this build cannot honour.
      for (const problem of senderOptionProblems(options as TransportOptions))
        payload.issues.push({
          code: 'custom',
          message: problem.message,
          path: [problem.path],
          input: undefined,
        });
    },
    { when: () => true },
  ),
);

/** What a client's options are once checked: its provider's options and the transport's. */
export type CheckedClientOptions<Shape extends $ZodLooseShape> = z.output<ZodMiniObject<Shape, $strict>> &
  TransportOptions;

/**
 * The schema of a client's options: its provider's options and every transport option, each
 * checked, unknown keys refused with a hint. Build it once (inside `lazy`), not per client.
 */
export function clientOptionsSchema<Shape extends $ZodLooseShape>(
  providerShape: Shape,
  typeMessage: string,
): z.ZodMiniType<CheckedClientOptions<Shape>> {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const key of TRANSPORT_KEYS) shape[key] = anyValue();
  const schema = strictOptions({ ...shape, ...providerShape }, typeMessage).check(transportCheck());
  return schema as unknown as z.ZodMiniType<CheckedClientOptions<Shape>>;
}

const requestOptionsArgument = lazy(() =>
  z.object({
    options: strictOptions(
      {
        signal: z.optional(OPTION_SCHEMAS.signal()),
        timeoutMs: z.optional(OPTION_SCHEMAS.timeoutMs()),
        totalTimeoutMs: z.optional(OPTION_SCHEMAS.totalTimeoutMs()),
        maxRetries: z.optional(OPTION_SCHEMAS.maxRetries()),
        headers: z.optional(OPTION_SCHEMAS.headers()),
      },
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
