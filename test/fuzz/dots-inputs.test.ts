import fc from 'fast-check';
import { InputValidationError } from 'reservekit';
import { DotsClient, prefilledClaimUrl } from 'reservekit/dots';
import { createSimulator, type SimOperation } from 'reservekit/testing';
import { describe, expect, it } from 'vitest';
import { FUZZ_CLIENT } from './support/clients.js';
import {
  anything,
  fieldValue,
  hostileDate,
  hostileString,
  NASTY_DATES,
  NASTY_NUMBERS,
  present,
  show,
} from './support/hostile.js';
import {
  acceptanceProblems,
  callProblems,
  describeThrown,
  observe,
  refusalProblems,
} from './support/judge.js';
import { optionsProperties } from './support/option-properties.js';
import { CALL_BOUND } from './support/options-domain.js';
import { fuzzSettings, PROPERTY_TIMEOUT_MS } from './support/settings.js';
import { type FieldValues, variantsOf } from './support/variants.js';
import { useWire } from './support/wire.js';

// Dots.eco: every argument of ecoClubOfferings.create/createOrGet/list/findByExternalUniqueId and
// of prefilledClaimUrl, and the per-call options, against the simulated API on loopback.
const sim = createSimulator();
const wire = useWire(sim);
const MAIL_APP = 'club-with-mail';
sim.dots.addApp({ appToken: MAIL_APP, codeOnly: false });

const CREATE: readonly SimOperation[] = ['dots.createOffering', 'dots.listOfferings'];
const READ: readonly SimOperation[] = ['dots.listOfferings'];

function client(): DotsClient {
  return new DotsClient({
    authToken: sim.credentials.dots.authToken,
    appToken: sim.credentials.dots.appToken,
    baseUrl: wire.urls.dots,
    ...FUZZ_CLIENT,
  });
}

function seed(): void {
  sim.clear();
}

const APP_TOKENS = [
  '.',
  '..',
  '/',
  '%',
  '',
  ' ',
  'unknown-app',
  '\uD800',
  '%2e%2e',
  '../add',
  'a/..',
  '?',
  '#',
];
const EXTERNAL_IDS = ['', ' ', 'x'.repeat(256), '\uD800', '.', '..', '/', '%', 'order/1', 'a,b', '\0', 'é€'];
const COUNTS = [...NASTY_NUMBERS, 1e11, 1e11 + 1, '1', 1];
const DAYS = [
  '2026-01-01',
  '2026-02-30',
  '10000-01-01',
  '9999-12-31',
  '2026-1-1',
  ' 2026-01-01',
  ...NASTY_DATES,
];
const HOURS = ['00:00', '23:45', '24:00', '23:60', '12:14', '12:15:00', '12:15:01', '1:00', '12:15 '];
const MAILS = [
  'a@b.co',
  'josé@example.com',
  'user@exämple.de',
  'a@b',
  '<a@b.co>',
  'a@b.co\r\nBcc: x@y.z',
  ' a@b.co',
];

const CREATE_FIELDS: FieldValues = {
  quantity: COUNTS,
  limitAllocations: [[1, 2], [], [0], [1.5], ['1'], [Number.NaN], [2 ** 53]],
  nameOnCertificate: [''],
  activationDate: DAYS,
  activationHour: HOURS,
  expirationDate: DAYS,
  expirationHour: HOURS,
  sendEmailOnActivationDate: [true, 'yes', 1],
  code: ['7QX', '', ' ', 'x'.repeat(256), '\uD800', 'a/b'],
  mail: MAILS,
  title: ['', 'x'.repeat(256)],
  remoteUserId: ['', 'user-1'],
  maxClaimsTotal: COUNTS,
  maxClaimsPerEmail: COUNTS,
  langcode: ['en', 'x'.repeat(13), 'fr-CA', ''],
  currency: ['USD', 'usd', ''],
  externalUniqueId: EXTERNAL_IDS,
  appToken: APP_TOKENS,
  roundHours: ['nearest', 'down', 'up', 'Up', null],
};
const LIST_FIELDS: FieldValues = { appToken: APP_TOKENS, uuid: EXTERNAL_IDS, externalUniqueId: EXTERNAL_IDS };

interface ArgumentsTarget {
  name: string;
  expected: readonly SimOperation[];
  args: fc.Arbitrary<unknown[]>;
  call(dots: DotsClient, args: unknown[]): PromiseLike<unknown>;
}

const targets: ArgumentsTarget[] = [
  {
    name: 'ecoClubOfferings.create',
    expected: CREATE,
    args: variantsOf({ quantity: 1, title: 'Gift' }, CREATE_FIELDS).map((params) => [params]),
    call: (dots, [params]) => dots.ecoClubOfferings.create(params as never, { ...CALL_BOUND }),
  },
  {
    name: 'ecoClubOfferings.createOrGet',
    expected: CREATE,
    args: variantsOf({ quantity: 1, externalUniqueId: 'order-1' }, CREATE_FIELDS).map((params) => [params]),
    call: (dots, [params]) => dots.ecoClubOfferings.createOrGet(params as never, { ...CALL_BOUND }),
  },
  {
    name: 'ecoClubOfferings.list',
    expected: READ,
    args: variantsOf({ externalUniqueId: 'order-1' }, LIST_FIELDS).map((params) => [params]),
    call: (dots, [params]) => dots.ecoClubOfferings.list(params as never, { ...CALL_BOUND }),
  },
  {
    name: 'ecoClubOfferings.findByExternalUniqueId',
    expected: READ,
    args: fc.tuple(
      fieldValue(EXTERNAL_IDS),
      fc.oneof(fc.constant(undefined), variantsOf({}, { appToken: APP_TOKENS }), anything),
    ),
    call: (dots, [id, params]) =>
      dots.ecoClubOfferings.findByExternalUniqueId(id as never, params as never, { ...CALL_BOUND }),
  },
];

describe('fuzz: Dots.eco arguments and per-call options', () => {
  for (const target of targets) {
    it(
      `${target.name}: hostile arguments are refused before sending, or sent well formed and answered`,
      async () => {
        await fc.assert(
          fc.asyncProperty(target.args, async (args) => {
            await using dots = client();
            seed();
            const observed = await observe(wire, () => target.call(dots, args));
            expect(callProblems(observed, { expected: target.expected }), `arguments ${show(args)}`).toEqual(
              [],
            );
          }),
          fuzzSettings(`dots.${target.name} arguments`),
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }

  const valid: Record<string, (dots: DotsClient, options: unknown) => PromiseLike<unknown>> = {
    'ecoClubOfferings.create': (dots, options) =>
      dots.ecoClubOfferings.create({ quantity: 1, title: 'Gift' }, options as never),
    'ecoClubOfferings.createOrGet': (dots, options) =>
      dots.ecoClubOfferings.createOrGet({ quantity: 1, externalUniqueId: 'order-1' }, options as never),
    'ecoClubOfferings.list': (dots, options) => dots.ecoClubOfferings.list({}, options as never),
    'ecoClubOfferings.findByExternalUniqueId': (dots, options) =>
      dots.ecoClubOfferings.findByExternalUniqueId('order-1', {}, options as never),
  };
  for (const target of targets) {
    optionsProperties({
      name: target.name,
      wire,
      client,
      seed,
      call: valid[target.name] as NonNullable<(typeof valid)[string]>,
      expected: target.expected,
    });
  }

  it(
    'an externalUniqueId given is the one sent, or the call is refused: never replaced or dropped',
    async () => {
      const cases = fc.tuple(
        fc.oneof(fc.constantFrom(...EXTERNAL_IDS), hostileString),
        // Not list: its docs make an empty filter "unset" (an unfiltered list, nothing created).
        fc.constantFrom('create', 'createOrGet', 'findByExternalUniqueId'),
      );
      await fc.assert(
        fc.asyncProperty(cases, async ([externalUniqueId, method]) => {
          await using dots = client();
          seed();
          const offerings = dots.ecoClubOfferings;
          const observed = await observe(wire, () => {
            if (method === 'create')
              return offerings.create({ quantity: 1, externalUniqueId }, { ...CALL_BOUND });
            if (method === 'createOrGet')
              return offerings.createOrGet({ quantity: 1, externalUniqueId }, { ...CALL_BOUND });
            return offerings.findByExternalUniqueId(externalUniqueId, {}, { ...CALL_BOUND });
          });
          const problems: string[] = [];
          if (!(observed.ending.kind === 'error' && observed.ending.error instanceof InputValidationError)) {
            for (const request of observed.seen.sim) {
              const sent =
                request.operation === 'dots.createOffering'
                  ? (request.body as { external_unique_id?: unknown } | undefined)?.external_unique_id
                  : request.query['external-unique-id'];
              if (sent !== externalUniqueId)
                problems.push(
                  `${method} sent external unique id ${show(sent)} to ${request.operation} instead of ${show(externalUniqueId)}`,
                );
            }
          }
          expect(problems, `${method}(${show(externalUniqueId)})`).toEqual([]);
        }),
        fuzzSettings('dots externalUniqueId fidelity'),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a valid email address, ASCII or internationalised, is accepted and sent as given',
    async () => {
      const local = fc.constantFrom('a', 'first.last', 'josé', 'jörg', 'müller.ö', '用户', 'δοκιμή', 'o+tag');
      const domain = fc.constantFrom(
        'example.com',
        'exämple.de',
        'bücher.example',
        '例子.广告',
        'mail.example.org',
      );
      const mail = fc.tuple(local, domain).map(([name, host]) => `${name}@${host}`);
      await fc.assert(
        fc.asyncProperty(mail, async (address) => {
          await using dots = client();
          seed();
          const observed = await observe(wire, () =>
            dots.ecoClubOfferings.create(
              { quantity: 1, mail: address, appToken: MAIL_APP },
              { ...CALL_BOUND },
            ),
          );
          const sent = observed.seen.sim.find((request) => request.operation === 'dots.createOffering');
          const problems = acceptanceProblems(observed, `mail ${show(address)}`);
          if (problems.length === 0 && (sent?.body as { mail?: unknown } | undefined)?.mail !== address)
            problems.push(
              `mail ${show(address)} was sent as ${show((sent?.body as { mail?: unknown })?.mail)}`,
            );
          expect(problems).toEqual([]);
        }),
        fuzzSettings('dots mail acceptance'),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a Date is sent as its own YYYY-MM-DD day, or refused: never a year past 9999 cut to garbage',
    async () => {
      const dates = fc.tuple(fc.constantFrom('activationDate', 'expirationDate'), hostileDate);
      await fc.assert(
        fc.asyncProperty(dates, async ([field, date]) => {
          await using dots = client();
          seed();
          const observed = await observe(wire, () =>
            dots.ecoClubOfferings.create({ quantity: 1, [field]: date }, { ...CALL_BOUND }),
          );
          expect(callProblems(observed, { expected: CREATE }), `${field} ${show(date)}`).toEqual([]);
        }),
        fuzzSettings('dots dates'),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a misspelled argument is refused, not ignored',
    async () => {
      const typo = fc.tuple(
        fc.constantFrom('quantitiy', 'titel', 'externalUniqueID', 'external_unique_id', 'apptoken', 'uuids'),
        present,
        fc.constantFrom(...targets.map((target) => target.name)),
      );
      await fc.assert(
        fc.asyncProperty(typo, async ([key, value, name]) => {
          const target = targets.find((candidate) => candidate.name === name) as ArgumentsTarget;
          await using dots = client();
          seed();
          const args: unknown[] = target.name.endsWith('findByExternalUniqueId')
            ? ['order-1', { [key]: value }]
            : [
                target.name.endsWith('list')
                  ? { [key]: value }
                  : { quantity: 1, externalUniqueId: 'order-1', [key]: value },
              ];
          const observed = await observe(wire, () => target.call(dots, args));
          expect(
            refusalProblems(observed, `unknown argument ${key} of ${target.name}`),
            `arguments ${show(args)}`,
          ).toEqual([]);
        }),
        fuzzSettings('dots unknown arguments'),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('fuzz: prefilledClaimUrl', () => {
  const CLAIM_URL = 'https://impact.dots.eco/app/101/eco-club/claim';
  const offering = variantsOf(
    { claimUrl: CLAIM_URL, code: 'e-123456' },
    {
      claimUrl: [
        'not a url',
        '',
        'javascript:alert(1)',
        `${CLAIM_URL}?ac=old`,
        `${CLAIM_URL}#frag`,
        'http://[::1',
        '\uD800',
        '/relative/claim',
        `${CLAIM_URL}/\uD800`,
      ],
      code: ['7QX', '', ' ', 'a&b=c', '#', '\uD800', 'é€', '+', '%', 'x'.repeat(70_000)],
    },
  );

  it('returns a URL that carries the code as given, or throws an InputValidationError', () => {
    fc.assert(
      fc.property(offering, (given) => {
        let result: unknown;
        let thrown: unknown;
        try {
          result = prefilledClaimUrl(given as never);
        } catch (error) {
          thrown = error;
        }
        const problems: string[] = [];
        if (thrown !== undefined) {
          if (!(thrown instanceof InputValidationError)) problems.push(`threw ${describeThrown(thrown)}`);
        } else if (typeof result !== 'string' || !URL.canParse(result)) {
          problems.push(`returned ${show(result)}, which is not a URL`);
        } else {
          const code = (given as { code?: unknown }).code;
          const ac = new URL(result).searchParams.get('ac');
          if (typeof code === 'string' && code !== '' && ac !== code)
            problems.push(`the URL carries ac=${show(ac)} instead of the code ${show(code)}`);
        }
        expect(problems, `offering ${show(given)}`).toEqual([]);
      }),
      fuzzSettings('prefilledClaimUrl'),
    );
  });
});
