import fc from 'fast-check';
import { InputValidationError } from 'reservekit';
import { ArianeeClient } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';
import { createSimulator, type SimOperation } from 'reservekit/testing';
import { describe, expect, it } from 'vitest';
import { COUNTRY_ID, FUZZ_CLIENT } from './support/clients.js';
import { isPlainObject, show } from './support/hostile.js';
import { callProblems, describeThrown, type Observed, observe } from './support/judge.js';
import {
  TRANSPORT_OPTION_KEYS,
  TRANSPORT_OPTION_VALUES,
  transportOptionsProblem,
  typeName,
} from './support/options-domain.js';
import { fuzzSettings, PROPERTY_TIMEOUT_MS } from './support/settings.js';
import { type FieldValues, variantsOf } from './support/variants.js';
import { type Provider, useWire } from './support/wire.js';

// Each client's constructor options, credentials included: EITHER an InputValidationError at
// construction, OR a client whose first call keeps the call invariant (support/judge.ts). And
// options clearly outside their documented domain are refused at construction.
const sim = createSimulator({ didww: { rateLimitPerSecond: false } });
const wire = useWire(sim);

/** Credentials carried in a header: what undici can write and a server reads back unchanged. */
function headerCredentialProblem(name: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined) return required ? `${name} is missing` : undefined;
  if (typeof value !== 'string') return `${name} is ${typeName(value)}, not a string`;
  if (value === '') return `${name} is empty`;
  if (!value.isWellFormed()) return `${name} has a lone UTF-16 surrogate`;
  const codes = [...value].map((char) => char.codePointAt(0) as number);
  if (codes.some((code) => code < 0x20 || code === 0x7f)) return `${name} has a control character`;
  if (codes.some((code) => code > 0xff)) return `${name} has a character no HTTP header can carry`;
  if (value.trim() !== value) return `${name} has surrounding whitespace, which HTTP strips`;
  return undefined;
}

function optionalString(name: string, value: unknown): string | undefined {
  return value === undefined || typeof value === 'string' ? undefined : `${name} is ${typeName(value)}`;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** One client under test: its options, their domain, and its first call. */
interface ClientTarget {
  provider: Provider;
  keys: readonly string[];
  /** Careless values of the provider's own options (built once the simulator listens). */
  fields(): FieldValues;
  base(): Record<string, unknown>;
  /** Why the provider's own options are clearly invalid, or `undefined`. */
  providerProblem(options: Record<string, unknown>): string | undefined;
  construct(options: unknown): AsyncDisposable & { close(): Promise<void> };
  firstCall(client: unknown): PromiseLike<unknown>;
  expected: readonly SimOperation[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const BASE_URL_VALUES = (url: () => string) => [
  `${url()}/`,
  `${url()}//`,
  `${url()}?x=1`,
  `${url()}#f`,
  `${url()}/..`,
  `${url()}/%2e%2e`,
  `${url()}\uD800`,
  url().replace('http:', 'HTTP:'),
  'not a url',
  '',
  ' ',
  'ftp://127.0.0.1/',
  'http://user:pw@127.0.0.1/',
  42,
  null,
];

const CREDENTIALS = [
  '',
  ' ',
  ' key',
  'key ',
  'key\n',
  'k\r\nx-injected: 1',
  'k\0',
  'k\x7f',
  '\uD800',
  'k\uDC00',
  'é',
  '€',
  'k€y',
  'Bearer key',
  'x'.repeat(70_000),
  123,
  null,
  ['key'],
];

const targets: ClientTarget[] = [
  {
    provider: 'arianee',
    keys: ['baseUrl', 'apiKey', 'authHeader', 'authScheme'],
    fields: () => ({
      baseUrl: BASE_URL_VALUES(() => wire.urls.arianee),
      apiKey: CREDENTIALS,
      authHeader: ['authorization', 'x-api-key', 'Content-Type', 'bad header', '', 'host', 'x-é', null],
      authScheme: ['Bearer', null, '', 'Two Words', 'Bé', 'Token\n'],
    }),
    base: () => ({ baseUrl: wire.urls.arianee, apiKey: sim.credentials.arianee.apiKey }),
    providerProblem: (options) => {
      const { authHeader, authScheme } = options;
      return (
        optionalString('baseUrl', options.baseUrl) ??
        (options.baseUrl === undefined ? 'baseUrl is missing' : undefined) ??
        headerCredentialProblem('apiKey', options.apiKey, true) ??
        (authHeader === undefined || (typeof authHeader === 'string' && TOKEN.test(authHeader))
          ? undefined
          : 'authHeader is not a header name') ??
        (authScheme === undefined ||
        authScheme === null ||
        (typeof authScheme === 'string' && TOKEN.test(authScheme))
          ? undefined
          : 'authScheme is not one word')
      );
    },
    construct: (options) => new ArianeeClient(options as never),
    firstCall: (client) => (client as ArianeeClient).reserveOne({ tags: 'vip' }),
    expected: ['arianee.reserveOne'],
  },
  {
    provider: 'didww',
    keys: [
      'apiKey',
      'environment',
      'baseUrl',
      'apiVersion',
      'rateLimit',
      'requestIdHeaders',
      'lookupMaxPages',
      'lookupClockSkewMs',
    ],
    fields: () => ({
      apiKey: CREDENTIALS,
      environment: ['sandbox', 'production', 'staging', null, ''],
      baseUrl: BASE_URL_VALUES(() => wire.urls.didww),
      apiVersion: ['2026-04-16', '2026-11-19', '2026-4-16', '', '9999-99-99', '2022-05-10'],
      rateLimit: [
        false,
        true,
        null,
        { requestsPerSecond: 0 },
        { requestsPerSecond: Number.NaN },
        { requestsPerSecond: Number.POSITIVE_INFINITY },
        { burst: 0 },
        { burst: 1.5 },
        { rps: 1 },
        { requestsPerSecond: 1_000, burst: 10 },
      ],
      requestIdHeaders: [['x-request-id'], [], [''], ['bad header'], 'x-request-id', ['\uD800'], [1]],
      lookupMaxPages: [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1, 2 ** 53],
      lookupClockSkewMs: [-1, Number.NaN, 1.5, 0, Number.POSITIVE_INFINITY],
    }),
    base: () => ({ apiKey: sim.credentials.didww.apiKey, baseUrl: wire.urls.didww, rateLimit: false }),
    providerProblem: (options) => {
      const { environment, apiVersion, rateLimit, requestIdHeaders } = options;
      const count = (name: string, value: unknown, min: number) =>
        value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= min)
          ? undefined
          : `${name} is not an integer >= ${min}`;
      return (
        headerCredentialProblem('apiKey', options.apiKey, true) ??
        (environment === undefined || environment === 'sandbox' || environment === 'production'
          ? undefined
          : 'environment is neither sandbox nor production') ??
        optionalString('baseUrl', options.baseUrl) ??
        (apiVersion === undefined ||
        (typeof apiVersion === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(apiVersion))
          ? undefined
          : 'apiVersion is not a date') ??
        (rateLimit === undefined ||
        rateLimit === false ||
        (isPlainObject(rateLimit) &&
          Object.keys(rateLimit).every((key) => key === 'requestsPerSecond' || key === 'burst') &&
          (rateLimit.requestsPerSecond === undefined ||
            (typeof rateLimit.requestsPerSecond === 'number' &&
              Number.isFinite(rateLimit.requestsPerSecond) &&
              rateLimit.requestsPerSecond > 0)) &&
          count('burst', rateLimit.burst, 1) === undefined)
          ? undefined
          : 'rateLimit is not false, a RateLimiter or { requestsPerSecond > 0, burst >= 1 }') ??
        (requestIdHeaders === undefined ||
        (Array.isArray(requestIdHeaders) &&
          requestIdHeaders.every((name) => typeof name === 'string' && TOKEN.test(name)))
          ? undefined
          : 'requestIdHeaders is not a list of header names') ??
        count('lookupMaxPages', options.lookupMaxPages, 1) ??
        count('lookupClockSkewMs', options.lookupClockSkewMs, 0)
      );
    },
    construct: (options) => new DidwwClient(options as never),
    firstCall: (client) => (client as DidwwClient).availableDids.list({ filter: { countryId: COUNTRY_ID } }),
    expected: ['didww.listAvailableDids'],
  },
  {
    provider: 'dots',
    keys: ['authToken', 'readAuthToken', 'appToken', 'baseUrl', 'conflictPatterns'],
    fields: () => ({
      authToken: CREDENTIALS,
      readAuthToken: CREDENTIALS,
      appToken: ['.', '..', '/', '%', '', ' ', '\uD800', 'unknown-app', 42, null],
      baseUrl: BASE_URL_VALUES(() => wire.urls.dots),
      conflictPatterns: [{ code: /taken/ }, { code: 'taken' }, { codes: /x/ }, null, 'x'],
    }),
    base: () => ({
      authToken: sim.credentials.dots.authToken,
      appToken: sim.credentials.dots.appToken,
      baseUrl: wire.urls.dots,
    }),
    providerProblem: (options) => {
      const { appToken, conflictPatterns } = options;
      return (
        headerCredentialProblem('authToken', options.authToken, true) ??
        headerCredentialProblem('readAuthToken', options.readAuthToken, false) ??
        (appToken === undefined
          ? undefined
          : typeof appToken !== 'string' || appToken === '' || !appToken.isWellFormed()
            ? 'appToken is not a usable token'
            : appToken === '.' || appToken === '..'
              ? 'appToken is a dot segment: a server resolves it away from the path'
              : undefined) ??
        optionalString('baseUrl', options.baseUrl) ??
        (conflictPatterns === undefined ||
        (isPlainObject(conflictPatterns) &&
          Object.entries(conflictPatterns).every(
            ([key, value]) => (key === 'code' || key === 'externalUniqueId') && value instanceof RegExp,
          ))
          ? undefined
          : 'conflictPatterns is not { code?: RegExp, externalUniqueId?: RegExp }')
      );
    },
    construct: (options) => new DotsClient(options as never),
    firstCall: (client) => (client as DotsClient).ecoClubOfferings.list(),
    expected: ['dots.listOfferings'],
  },
];

/** Why a client's options are clearly invalid, or `undefined`. */
function optionsProblem(target: ClientTarget, options: unknown): string | undefined {
  if (!isPlainObject(options)) return `options are ${typeName(options)}, not an object`;
  const known = [...target.keys, ...TRANSPORT_OPTION_KEYS];
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length > 0) return `unknown option ${unknown.join(', ')}`;
  return target.providerProblem(options) ?? transportOptionsProblem(options);
}

/**
 * A fuzzed client must never reach a real provider: a missing base URL (the real host by default)
 * or a bare host name (Arianee puts https:// before it) is pointed back at the simulator.
 */
function onLoopback(target: ClientTarget, options: unknown): unknown {
  if (!isPlainObject(options)) return options;
  const simulator = target.base().baseUrl;
  const given = options.baseUrl;
  if (given === undefined) return { ...options, baseUrl: simulator };
  if (typeof given !== 'string') return options;
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `https://${given}`;
  if (URL.canParse(url) && !LOOPBACK.has(new URL(url).hostname)) return { ...options, baseUrl: simulator };
  return options;
}

/** A valid client `totalTimeoutMs` longer than a hang: the first call may legitimately run that long. */
function hasLongDeadline(options: unknown): boolean {
  const total = isPlainObject(options) ? options.totalTimeoutMs : undefined;
  return typeof total === 'number' && Number.isFinite(total) && total > FUZZ_CLIENT.totalTimeoutMs;
}

interface Constructed {
  options: unknown;
  thrown: unknown;
  observed: Observed | undefined;
}

/** Builds a client with `options` and, if that works, makes its first call. */
async function construct(target: ClientTarget, fuzzed: unknown): Promise<Constructed> {
  const options = onLoopback(target, fuzzed);
  let client: ReturnType<ClientTarget['construct']>;
  try {
    client = target.construct(options);
  } catch (thrown) {
    return { options, thrown, observed: undefined };
  }
  try {
    const observed = await observe(wire, () => target.firstCall(client));
    return { options, thrown: undefined, observed };
  } finally {
    // A call that hung is ended by close(); a close that hangs too must not stall the suite.
    await Promise.race([client.close(), new Promise((resolve) => setTimeout(resolve, 3_000))]);
  }
}

function seed(): void {
  sim.clear();
  sim.arianee.addPassports('vip', 3);
  sim.didww.addAvailableDids({ countryId: COUNTRY_ID, count: 2 });
}

describe('fuzz: client constructor options', () => {
  for (const target of targets) {
    const options = () =>
      variantsOf({ ...target.base(), ...FUZZ_CLIENT }, { ...target.fields(), ...TRANSPORT_OPTION_VALUES });

    it(
      `${target.provider}: hostile options are refused at construction, or the first call keeps the call invariant`,
      async () => {
        await fc.assert(
          fc.asyncProperty(options(), async (fuzzed) => {
            seed();
            const built = await construct(target, fuzzed);
            const problems =
              built.observed !== undefined
                ? callProblems(built.observed, {
                    expected: target.expected,
                    longDeadline: hasLongDeadline(built.options),
                  })
                : built.thrown instanceof InputValidationError
                  ? []
                  : [`the constructor threw ${describeThrown(built.thrown)}`];
            expect(problems, `options ${show(built.options)}`).toEqual([]);
          }),
          fuzzSettings(`${target.provider} constructor options`),
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      `${target.provider}: options outside their documented domain are refused at construction`,
      async () => {
        await fc.assert(
          fc.asyncProperty(options(), async (fuzzed) => {
            seed();
            const built = await construct(target, fuzzed);
            const why = optionsProblem(target, built.options);
            const problems =
              why === undefined || built.thrown instanceof InputValidationError
                ? []
                : [
                    `${why}: expected an InputValidationError from the constructor, but ${
                      built.thrown === undefined
                        ? 'it built a client'
                        : `it threw ${describeThrown(built.thrown)}`
                    }`,
                  ];
            expect(problems, `options ${show(built.options)}`).toEqual([]);
          }),
          fuzzSettings(`${target.provider} constructor options domain`),
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }
});
