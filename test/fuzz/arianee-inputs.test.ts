import fc from 'fast-check';
import { ArianeeClient, type ArianeeReserveManyResult } from 'reservekit/arianee';
import { createSimulator, type SimOperation } from 'reservekit/testing';
import { describe, expect, it } from 'vitest';
import { FUZZ_CLIENT } from './support/clients.js';
import { present, show } from './support/hostile.js';
import {
  callProblems,
  errorProblems,
  type Observed,
  observe,
  refusalProblems,
  sentNothingProblems,
} from './support/judge.js';
import { optionsProperties } from './support/option-properties.js';
import { CALL_BOUND } from './support/options-domain.js';
import { fuzzSettings, PROPERTY_TIMEOUT_MS } from './support/settings.js';
import { type FieldValues, variantsOf } from './support/variants.js';
import { useWire } from './support/wire.js';

// Arianee: every argument of reserveOne and reserveMany, and their per-call options, against the
// simulated NMP on loopback. See test/fuzz/support/judge.ts for the invariant every call keeps.
const sim = createSimulator();
const wire = useWire(sim);
const EXPECTED: readonly SimOperation[] = ['arianee.reserveOne'];

function client(): ArianeeClient {
  return new ArianeeClient({
    baseUrl: wire.urls.arianee,
    apiKey: sim.credentials.arianee.apiKey,
    ...FUZZ_CLIENT,
  });
}

/** A pool to reserve from, refilled before each case. */
function seed(): void {
  sim.clear();
  sim.arianee.addPassports('vip', 3);
}

const TAGS = [
  'vip',
  ' vip ',
  'vi p',
  'vip\n',
  'a,b',
  ['vip', ''],
  [],
  ['vip', 'vip'],
  ['\uD800'],
  ['a', 1],
  [null],
];
const FORMATS = ['link', 'LINK', 'linkobject', 'content ', '', 'json', null];

const RESERVE_ONE_FIELDS: FieldValues = { tags: TAGS, format: FORMATS };
const RESERVE_MANY_FIELDS: FieldValues = {
  tags: TAGS,
  format: FORMATS,
  count: [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, 2 ** 53, '2', 1, 5],
  concurrency: [0, -1, 65, 1.5, Number.NaN, 64, 1],
  maxFailures: [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1],
  onProgress: [
    'log',
    null,
    () => {
      throw new Error('a progress callback that fails');
    },
  ],
};

/** A batch's own errors keep the invariant too: each a ReservationError, none sent-less without cause. */
function batchProblems(observed: Observed): string[] {
  if (observed.ending.kind !== 'data') return [];
  const batch = observed.ending.data as ArianeeReserveManyResult<unknown>;
  const errors: [string, unknown][] = batch.failed.map((failure, i) => [`failed[${i}]`, failure.error]);
  if (batch.stoppedBy) errors.push(['stoppedBy', batch.stoppedBy]);
  return errors.flatMap(([where, error]) => [
    ...errorProblems(error, where),
    ...sentNothingProblems(error, observed.seen, where),
  ]);
}

describe('fuzz: Arianee arguments and per-call options', () => {
  it(
    'reserveOne: hostile arguments are refused before sending, or sent well formed and answered',
    async () => {
      await fc.assert(
        fc.asyncProperty(variantsOf({ tags: 'vip', format: 'link' }, RESERVE_ONE_FIELDS), async (params) => {
          await using arianee = client();
          seed();
          const observed = await observe(wire, () => arianee.reserveOne(params as never, { ...CALL_BOUND }));
          expect(callProblems(observed, { expected: EXPECTED }), `params ${show(params)}`).toEqual([]);
        }),
        fuzzSettings('arianee.reserveOne arguments'),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'reserveMany: hostile arguments are refused before sending, or sent well formed and answered',
    async () => {
      await fc.assert(
        fc.asyncProperty(variantsOf({ tags: 'vip', count: 2 }, RESERVE_MANY_FIELDS), async (params) => {
          await using arianee = client();
          seed();
          const observed = await observe(wire, () => arianee.reserveMany(params as never, { ...CALL_BOUND }));
          expect(
            [...callProblems(observed, { expected: EXPECTED }), ...batchProblems(observed)],
            `params ${show(params)}`,
          ).toEqual([]);
        }),
        fuzzSettings('arianee.reserveMany arguments'),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  optionsProperties({
    name: 'reserveOne',
    wire,
    client,
    seed,
    call: (arianee, options) => arianee.reserveOne({ tags: 'vip' }, options as never),
    expected: EXPECTED,
  });
  optionsProperties({
    name: 'reserveMany',
    wire,
    client,
    seed,
    call: (arianee, options) => arianee.reserveMany({ tags: 'vip', count: 2 }, options as never),
    expected: EXPECTED,
    extraProblems: batchProblems,
  });

  it(
    'a misspelled argument is refused, not ignored',
    async () => {
      const typo = fc.tuple(
        fc.constantFrom('fromat', 'tag', 'Tags', 'formats', 'cout', 'concurency', 'maxFailure', 'onprogress'),
        present,
        fc.constantFrom('reserveOne' as const, 'reserveMany' as const),
      );
      await fc.assert(
        fc.asyncProperty(typo, async ([key, value, method]) => {
          await using arianee = client();
          seed();
          const params = { tags: 'vip', ...(method === 'reserveMany' ? { count: 1 } : {}), [key]: value };
          const observed = await observe(wire, () =>
            method === 'reserveOne'
              ? arianee.reserveOne(params as never, { ...CALL_BOUND })
              : arianee.reserveMany(params as never, { ...CALL_BOUND }),
          );
          expect(
            refusalProblems(observed, `unknown argument ${key} of ${method}`),
            `params ${show(params)}`,
          ).toEqual([]);
        }),
        fuzzSettings('arianee unknown arguments'),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
