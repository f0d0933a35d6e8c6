import fc from 'fast-check';
import { DidwwClient } from 'reservekit/didww';
import { createSimulator, type SimOperation } from 'reservekit/testing';
import { describe, expect, it } from 'vitest';
import { COUNTRY_ID, FUZZ_CLIENT } from './support/clients.js';
import { anything, fieldValue, NASTY_NUMBERS, present, show } from './support/hostile.js';
import { callProblems, observe, refusalProblems } from './support/judge.js';
import { optionsProperties } from './support/option-properties.js';
import { CALL_BOUND } from './support/options-domain.js';
import { fuzzSettings, PROPERTY_TIMEOUT_MS } from './support/settings.js';
import { type FieldValues, variantsOf } from './support/variants.js';
import { useWire } from './support/wire.js';

// DIDWW: every argument of availableDids.list/get and didReservations.create/get/list/delete, and
// their per-call options, against the simulated API on loopback (see support/judge.ts).
const sim = createSimulator({ didww: { rateLimitPerSecond: false } });
const wire = useWire(sim);

function client(): DidwwClient {
  return new DidwwClient({
    apiKey: sim.credentials.didww.apiKey,
    baseUrl: wire.urls.didww,
    rateLimit: false,
    ...FUZZ_CLIENT,
  });
}

/** Numbers in stock, refilled before each case; returns the first one's id. */
function seed(): string {
  sim.clear();
  const [first] = sim.didww.addAvailableDids({ countryId: COUNTRY_ID, count: 3 });
  return first?.id as string;
}

const UUID = '8bc37f63-acd7-4e43-a760-1a1caa6e4683';
const IDS: readonly unknown[] = [
  UUID,
  UUID.toUpperCase(),
  `{${UUID}}`,
  `${UUID}\n`,
  ` ${UUID}`,
  `../${UUID}`,
  `${UUID}/..`,
  `${UUID}/`,
  '00000000-0000-0000-0000-000000000000',
  UUID.replaceAll('-', ''),
  `${UUID},${UUID}`,
  `${UUID}%2F..`,
  `urn:uuid:${UUID}`,
  `${UUID}?page[size]=1`,
  `${UUID}#x`,
  `${UUID}\uD800`,
];
const ID_LISTS: readonly unknown[] = [...IDS, [UUID, COUNTRY_ID], [], [UUID, ''], 'GB'];
const INCLUDES = ['didGroup', 'didgroup', ['didGroup', 'nanpaPrefix'], [], ['x'], 'availableDid', ''];
const RESERVATION_INCLUDES = [
  'availableDid',
  'availableDid.didGroup',
  ['availableDid', 'x'],
  [],
  'AvailableDid',
];
const DESCRIPTIONS = ['', ' ', 'a,b', 'x'.repeat(70_000), '\0', '\uD800', 'order\r\n', 'é€😀', '%', '..'];
const PAGE_NUMBERS = [...NASTY_NUMBERS, '2', 1];

const AVAILABLE_LIST_FIELDS: FieldValues = {
  'filter.countryId': ID_LISTS,
  'filter.cityId': ID_LISTS,
  'filter.regionId': ID_LISTS,
  'filter.didGroupId': ID_LISTS,
  'filter.didGroupTypeId': ID_LISTS,
  // The fuzzed client is on 2026-04-16, where numberType is refused before the wire.
  'filter.numberType': ['local', ['mobile', 'toll_free'], 'toll-free', [], 'LOCAL', null],
  'filter.nanpaPrefixId': ID_LISTS,
  'filter.id': ID_LISTS,
  'filter.didGroupFeatures': ['voice', ['voice', 'sms'], 'voice,sms', ' voice', [], [''], 'voice\n'],
  'filter.didGroupNeedsRegistration': [true, 'true', 1, null],
  'filter.numberContains': ['123', '12', 'abc', '1'.repeat(100), '١٢٣', '12 3', '+44', ''],
  include: INCLUDES,
  sort: ['number', '-number', 'number,', ['number', '-number'], '+number', [], 'Number'],
};
const CREATE_FIELDS: FieldValues = {
  availableDidId: IDS,
  description: DESCRIPTIONS,
  include: RESERVATION_INCLUDES,
};
const LIST_FIELDS: FieldValues = {
  'filter.id': ID_LISTS,
  'filter.description': DESCRIPTIONS,
  sort: [
    'createdAt',
    '-expiresAt',
    'expires_at',
    'created_at',
    ['createdAt', 'createdAt'],
    '',
    'description,',
  ],
  'page.number': PAGE_NUMBERS,
  'page.size': [0, 1001, 1000, 1.5, Number.NaN, -1, 2 ** 53],
  include: RESERVATION_INCLUDES,
};

/** An id argument: the careless ids, or anything at all. */
const idArgument = fieldValue(IDS);
/** The optional params object after an id: absent, careless variants, or anything. */
function paramsAfterId(fields: FieldValues): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constant(undefined), variantsOf({}, fields), anything);
}

interface ArgumentsTarget {
  name: string;
  expected: readonly SimOperation[];
  args: fc.Arbitrary<unknown[]>;
  call(didww: DidwwClient, args: unknown[], availableDidId: string): PromiseLike<unknown>;
}

const targets: ArgumentsTarget[] = [
  {
    name: 'availableDids.list',
    expected: ['didww.listAvailableDids'],
    args: variantsOf({ filter: { countryId: COUNTRY_ID } }, AVAILABLE_LIST_FIELDS).map((params) => [params]),
    call: (didww, [params]) => didww.availableDids.list(params as never, { ...CALL_BOUND }),
  },
  {
    name: 'availableDids.get',
    expected: ['didww.getAvailableDid'],
    args: fc.tuple(idArgument, paramsAfterId({ include: INCLUDES })),
    call: (didww, [id, params]) => didww.availableDids.get(id as never, params as never, { ...CALL_BOUND }),
  },
  {
    name: 'didReservations.create',
    expected: ['didww.createReservation', 'didww.listReservations'],
    args: variantsOf({ availableDidId: '<seeded>', description: 'order-1' }, CREATE_FIELDS).map((params) => [
      params,
    ]),
    call: (didww, [params], availableDidId) => {
      const given = params as { availableDidId?: unknown } | null;
      // The seeded number stands in for the valid id the variants start from.
      const filled =
        given !== null && typeof given === 'object' && given.availableDidId === '<seeded>'
          ? { ...given, availableDidId }
          : given;
      return didww.didReservations.create(filled as never, { ...CALL_BOUND });
    },
  },
  {
    name: 'didReservations.get',
    expected: ['didww.getReservation'],
    args: fc.tuple(idArgument, paramsAfterId({ include: RESERVATION_INCLUDES })),
    call: (didww, [id, params]) => didww.didReservations.get(id as never, params as never, { ...CALL_BOUND }),
  },
  {
    name: 'didReservations.list',
    expected: ['didww.listReservations'],
    args: variantsOf({ page: { size: 10 } }, LIST_FIELDS).map((params) => [params]),
    call: (didww, [params]) => didww.didReservations.list(params as never, { ...CALL_BOUND }),
  },
  {
    name: 'didReservations.delete',
    expected: ['didww.deleteReservation'],
    args: idArgument.map((id) => [id]),
    call: (didww, [id]) => didww.didReservations.delete(id as never, { ...CALL_BOUND }),
  },
];

describe('fuzz: DIDWW arguments and per-call options', () => {
  for (const target of targets) {
    it(
      `${target.name}: hostile arguments are refused before sending, or sent well formed and answered`,
      async () => {
        await fc.assert(
          fc.asyncProperty(target.args, async (args) => {
            await using didww = client();
            const availableDidId = seed();
            const observed = await observe(wire, () => target.call(didww, args, availableDidId));
            expect(callProblems(observed, { expected: target.expected }), `arguments ${show(args)}`).toEqual(
              [],
            );
          }),
          fuzzSettings(`didww.${target.name} arguments`),
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }

  const valid: Record<
    string,
    (didww: DidwwClient, options: unknown, availableDidId: string) => PromiseLike<unknown>
  > = {
    'availableDids.list': (didww, options) =>
      didww.availableDids.list({ filter: { countryId: COUNTRY_ID } }, options as never),
    'availableDids.get': (didww, options, id) => didww.availableDids.get(id, {}, options as never),
    'didReservations.create': (didww, options, id) =>
      didww.didReservations.create({ availableDidId: id, description: 'order-1' }, options as never),
    'didReservations.get': (didww, options) => didww.didReservations.get(UUID, {}, options as never),
    'didReservations.list': (didww, options) => didww.didReservations.list({}, options as never),
    'didReservations.delete': (didww, options) => didww.didReservations.delete(UUID, options as never),
  };
  for (const target of targets) {
    let availableDidId = '';
    optionsProperties({
      name: target.name,
      wire,
      client,
      seed: () => {
        availableDidId = seed();
      },
      call: (didww, options) =>
        (valid[target.name] as NonNullable<(typeof valid)[string]>)(didww, options, availableDidId),
      expected: target.expected,
    });
  }

  it(
    'a misspelled argument is refused, not ignored',
    async () => {
      const typo = fc.tuple(
        fc.constantFrom('filters', 'Filter', 'includes', 'sorts', 'pages', 'availableDID', 'descripton'),
        present,
        fc.constantFrom(...targets.map((target) => target.name).filter((name) => !name.endsWith('delete'))),
      );
      await fc.assert(
        fc.asyncProperty(typo, async ([key, value, name]) => {
          const target = targets.find((candidate) => candidate.name === name) as ArgumentsTarget;
          await using didww = client();
          const availableDidId = seed();
          const args: unknown[] = target.name.endsWith('.get')
            ? [UUID, { [key]: value }]
            : [
                target.name === 'didReservations.create'
                  ? { availableDidId, [key]: value }
                  : { [key]: value },
              ];
          const observed = await observe(wire, () => target.call(didww, args, availableDidId));
          expect(
            refusalProblems(observed, `unknown argument ${key} of ${target.name}`),
            `arguments ${show(args)}`,
          ).toEqual([]);
        }),
        fuzzSettings('didww unknown arguments'),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
