import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/core/errors.js';
import { type CreateEcoClubOfferingParams, DotsClient } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { APP_TOKEN, clientFor, useFakeDots, WRITE_TOKEN } from './support/fake-dots.js';

const fake = useFakeDots();

const long = (length: number) => 'x'.repeat(length);

async function invalidCreate(params: unknown, clientOptions = {}): Promise<InputValidationError> {
  await using client = clientFor(fake, clientOptions);
  const error = await failure(client.ecoClubOfferings.create(params as CreateEcoClubOfferingParams));
  expect(error).toBeInstanceOf(InputValidationError);
  expect(fake.requests).toHaveLength(0);
  return error as InputValidationError;
}

describe('create: every documented limit is checked before any request', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['quantity missing', {}, 'quantity'],
    ['quantity zero', { quantity: 0 }, 'quantity'],
    ['quantity not an integer', { quantity: 1.5 }, 'quantity'],
    ['quantity over 10^11', { quantity: 100_000_000_001 }, 'quantity'],
    ['quantity as a string', { quantity: '10' }, 'quantity'],
    ['maxClaimsTotal over 10^11', { quantity: 1, maxClaimsTotal: 100_000_000_001 }, 'maxClaimsTotal'],
    ['maxClaimsTotal zero', { quantity: 1, maxClaimsTotal: 0 }, 'maxClaimsTotal'],
    ['maxClaimsPerEmail over 10^11', { quantity: 1, maxClaimsPerEmail: 1e12 }, 'maxClaimsPerEmail'],
    ['maxClaimsPerEmail not an integer', { quantity: 1, maxClaimsPerEmail: 2.5 }, 'maxClaimsPerEmail'],
    ['nameOnCertificate over 255', { quantity: 1, nameOnCertificate: long(256) }, 'nameOnCertificate'],
    ['code over 255', { quantity: 1, code: long(256) }, 'code'],
    ['title over 255', { quantity: 1, title: long(256) }, 'title'],
    ['currency over 255', { quantity: 1, currency: long(256) }, 'currency'],
    ['externalUniqueId over 255', { quantity: 1, externalUniqueId: long(256) }, 'externalUniqueId'],
    ['langcode over 12', { quantity: 1, langcode: long(13) }, 'langcode'],
    ['mail not an email', { quantity: 1, mail: 'not-an-email' }, 'mail'],
    [
      'an allocation id that is not a positive integer',
      { quantity: 1, limitAllocations: [3, -1] },
      'limitAllocations.1',
    ],
    ['activationDate not YYYY-MM-DD', { quantity: 1, activationDate: '24/12/2026' }, 'activationDate'],
    ['activationDate not a real day', { quantity: 1, activationDate: '2026-02-30' }, 'activationDate'],
    [
      'expirationDate on Feb 29 of a common year',
      { quantity: 1, expirationDate: '2025-02-29' },
      'expirationDate',
    ],
    ['expirationDate in month 13', { quantity: 1, expirationDate: '2026-13-01' }, 'expirationDate'],
    ['an invalid Date', { quantity: 1, activationDate: new Date('nope') }, 'activationDate'],
    ['activationHour not HH:MM', { quantity: 1, activationHour: '9am' }, 'activationHour'],
    ['activationHour 24:00', { quantity: 1, activationHour: '24:00' }, 'activationHour'],
    ['activationHour off a 15-minute step', { quantity: 1, activationHour: '10:10' }, 'activationHour'],
    [
      'expirationHour with seconds off the step',
      { quantity: 1, expirationHour: '10:15:30' },
      'expirationHour',
    ],
    [
      'expirationDate before activationDate',
      { quantity: 1, activationDate: '2026-06-02', expirationDate: '2026-06-01' },
      'expirationDate',
    ],
    [
      'expiration hour before activation hour on the same day',
      {
        quantity: 1,
        activationDate: '2026-06-01',
        activationHour: '12:00',
        expirationDate: new Date('2026-06-01T00:00:00Z'),
        expirationHour: '11:45',
      },
      'expirationHour',
    ],
    [
      'sendEmailOnActivationDate as "yes"',
      { quantity: 1, sendEmailOnActivationDate: 'yes' },
      'sendEmailOnActivationDate',
    ],
    ['an unknown roundHours mode', { quantity: 1, roundHours: 'sideways' }, 'roundHours'],
    ['an unknown parameter (a typo)', { quantity: 1, nameOnCertficate: 'Jo' }, ''],
  ])('%s', async (_label, params, path) => {
    const error = await invalidCreate(params);
    expect(error.issues.map((issue) => issue.path.join('.'))).toContain(path);
    expect(error.outcome).toBe('not_sent');
    expect(error.operation).toBe('dots.ecoClubOfferings.create');
  });

  it('says why an off-step hour is refused and how to round it', async () => {
    const error = await invalidCreate({ quantity: 1, activationHour: '10:10' });
    expect(error.message).toMatch(/15-minute step/);
    expect(error.message).toMatch(/roundHours/);
  });

  it('refuses rounding up past midnight when there is no date to move', async () => {
    const error = await invalidCreate({ quantity: 1, expirationHour: '23:55', roundHours: 'up' });
    expect(error.issues[0]?.path).toEqual(['expirationHour']);
  });

  it('compares the rounded times: rounding can put the expiration before the activation', async () => {
    const error = await invalidCreate({
      quantity: 1,
      activationDate: '2026-06-01',
      activationHour: '12:08',
      expirationDate: '2026-06-01',
      expirationHour: '12:05',
      roundHours: 'nearest',
    });
    expect(error.issues[0]?.path).toEqual(['expirationHour']);
  });

  it('needs an app token, from the call or the client', async () => {
    const error = await invalidCreate({ quantity: 1 }, { appToken: undefined });
    expect(error.issues[0]?.path).toEqual(['appToken']);
  });

  it('names every problem at once', async () => {
    const error = await invalidCreate({ quantity: 0, title: long(300), mail: 'x' });
    expect(error.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['mail', 'quantity', 'title']);
  });

  it('refuses arguments that are not an object', async () => {
    await invalidCreate(undefined);
    await invalidCreate('quantity=1');
  });

  it('accepts every boundary value', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({
      quantity: 100_000_000_000,
      maxClaimsTotal: 100_000_000_000,
      maxClaimsPerEmail: 1,
      nameOnCertificate: long(255),
      code: long(255),
      title: long(255),
      currency: long(255),
      externalUniqueId: long(255),
      langcode: long(12),
      activationDate: '2024-02-29',
      activationHour: '23:45',
      expirationDate: '2024-02-29',
      expirationHour: '23:45:00',
    });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('list and findByExternalUniqueId: arguments checked before any request', () => {
  it.each<[string, (client: DotsClient) => PromiseLike<unknown>, string]>([
    [
      'find without an id',
      (client) => client.ecoClubOfferings.findByExternalUniqueId(''),
      'externalUniqueId',
    ],
    [
      'find with an id over 255',
      (client) => client.ecoClubOfferings.findByExternalUniqueId(long(256)),
      'externalUniqueId',
    ],
    [
      'find with a non-string id',
      (client) => client.ecoClubOfferings.findByExternalUniqueId(42 as unknown as string),
      'externalUniqueId',
    ],
    ['list with an unknown filter', (client) => client.ecoClubOfferings.list({ code: 'x' } as never), ''],
  ])('%s', async (_label, call, path) => {
    await using client = clientFor(fake);
    const error = await failure(call(client));
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues.map((issue) => issue.path.join('.'))).toContain(path);
    expect(fake.requests).toHaveLength(0);
  });

  it('list needs an app token, from the call or the client', async () => {
    await using client = clientFor(fake, { appToken: undefined });
    const error = await failure(client.ecoClubOfferings.list());
    expect((error as InputValidationError).issues[0]?.path).toEqual(['appToken']);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('client options', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['no authToken', { appToken: APP_TOKEN }, 'authToken'],
    ['an empty authToken', { authToken: '' }, 'authToken'],
    ['an empty readAuthToken', { authToken: WRITE_TOKEN, readAuthToken: '' }, 'readAuthToken'],
    ['an authToken with a lone surrogate', { authToken: 'dots_\uD800_token' }, 'authToken'],
    [
      'a readAuthToken with a lone surrogate',
      { authToken: WRITE_TOKEN, readAuthToken: 'dots_\uDC00_token' },
      'readAuthToken',
    ],
    ['an appToken with a lone surrogate', { authToken: WRITE_TOKEN, appToken: '101-\uD800' }, 'appToken'],
    [
      'a conflict pattern that is not a RegExp',
      { authToken: WRITE_TOKEN, conflictPatterns: { code: 'x' } },
      'conflictPatterns.code',
    ],
    [
      'plain http to a remote host',
      { authToken: WRITE_TOKEN, baseUrl: 'http://impact.dots.eco/api/v1' },
      'baseUrl',
    ],
  ])('refuses %s', (_label, options, path) => {
    let error: unknown;
    try {
      new DotsClient(options as never);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});

describe('strings that are not well-formed UTF-16 are refused before any request', () => {
  // A lone surrogate cannot be percent-encoded (encodeURIComponent throws a URIError) nor sent as
  // UTF-8: a lookup of a create that acted would fail with a raw error instead of finding it.
  const LONE = 'order-\uD800';

  it.each<[string, Record<string, unknown>]>([
    ['externalUniqueId', { externalUniqueId: LONE }],
    ['title', { title: LONE }],
    ['code', { code: LONE }],
    ['mail', { mail: `a${'\uDC00'}@b.example` }],
    ['nameOnCertificate', { nameOnCertificate: LONE }],
    ['remoteUserId', { remoteUserId: LONE }],
    ['langcode', { langcode: 'e\uD800' }],
    ['currency', { currency: LONE }],
    ['appToken', { appToken: LONE }],
    ['activationDate', { activationDate: '2026-01-0\uD800' }],
    ['expirationHour', { expirationHour: '10:1\uD800' }],
  ])('create: %s', async (path, params) => {
    const error = await invalidCreate({ quantity: 1, ...params });
    expect(error.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it.each<[string, Record<string, unknown>]>([
    ['externalUniqueId', { externalUniqueId: LONE }],
    ['title', { externalUniqueId: 'order-1', title: '\uDFFFgift' }],
    ['appToken', { externalUniqueId: 'order-1', appToken: LONE }],
  ])('createOrGet: %s', async (path, params) => {
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.createOrGet({ quantity: 1, ...params } as CreateEcoClubOfferingParams),
    );
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues.map((issue) => issue.path.join('.'))).toContain(path);
    expect(fake.requests).toHaveLength(0);
  });

  it.each<[string, (client: DotsClient) => PromiseLike<unknown>, string]>([
    [
      'list: externalUniqueId',
      (client) => client.ecoClubOfferings.list({ externalUniqueId: LONE }),
      'externalUniqueId',
    ],
    ['list: uuid', (client) => client.ecoClubOfferings.list({ uuid: LONE }), 'uuid'],
    ['list: appToken', (client) => client.ecoClubOfferings.list({ appToken: LONE }), 'appToken'],
    ['find: the id', (client) => client.ecoClubOfferings.findByExternalUniqueId(LONE), 'externalUniqueId'],
    [
      'find: appToken',
      (client) => client.ecoClubOfferings.findByExternalUniqueId('order-1', { appToken: LONE }),
      'appToken',
    ],
  ])('%s', async (_label, call, path) => {
    await using client = clientFor(fake);
    const error = await failure(call(client));
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues.map((issue) => issue.path.join('.'))).toContain(path);
    expect(fake.requests).toHaveLength(0);
  });

  it('an id made of a well-formed surrogate pair is fine', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-\u{1F381}' });
    expect(await client.ecoClubOfferings.findByExternalUniqueId('order-\u{1F381}')).toBeDefined();
  });
});
