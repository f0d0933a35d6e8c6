import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/core/errors.js';
import type { CreateEcoClubOfferingParams, DotsClient } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { clientFor, useFakeDots } from './support/fake-dots.js';

const fake = useFakeDots();

async function refused(
  call: (client: DotsClient) => PromiseLike<unknown>,
  path: string,
): Promise<InputValidationError> {
  await using client = clientFor(fake);
  const error = await failure(call(client));
  expect(error).toBeInstanceOf(InputValidationError);
  expect((error as InputValidationError).issues.map((issue) => issue.path.join('.'))).toContain(path);
  expect(fake.requests).toHaveLength(0);
  return error as InputValidationError;
}

const create = (params: Record<string, unknown>) => (client: DotsClient) =>
  client.ecoClubOfferings.create({ quantity: 1, ...params } as CreateEcoClubOfferingParams);
const createOrGet = (params: Record<string, unknown>) => (client: DotsClient) =>
  client.ecoClubOfferings.createOrGet({
    quantity: 1,
    externalUniqueId: 'order-1',
    ...params,
  } as CreateEcoClubOfferingParams);

describe('externalUniqueId: the caller’s own key is never empty, blank or replaced', () => {
  it.each<[string, string]>([
    ['empty', ''],
    ['blank', '   '],
    ['only a line break', '\n'],
  ])('create refuses an id that is %s instead of sending a random one', async (_label, id) => {
    const error = await refused(create({ externalUniqueId: id }), 'externalUniqueId');
    expect(error.message).toMatch(/empty or blank/);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['blank', ' \t '],
  ])('createOrGet refuses an id that is %s', async (_label, id) => {
    await refused(createOrGet({ externalUniqueId: id }), 'externalUniqueId');
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['blank', '   '],
  ])('findByExternalUniqueId refuses an id that is %s', async (_label, id) => {
    await refused((client) => client.ecoClubOfferings.findByExternalUniqueId(id), 'externalUniqueId');
  });

  it('an unset id on create is still a random UUID (the documented default)', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({ quantity: 1 });
    expect(fake.createBodies()[0]?.external_unique_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('list filters: an empty or blank filter is refused, never an unfiltered list', () => {
  it.each<[string, Record<string, string>, string]>([
    ['an empty uuid', { uuid: '' }, 'uuid'],
    ['a blank uuid', { uuid: '  ' }, 'uuid'],
    ['an empty externalUniqueId', { externalUniqueId: '' }, 'externalUniqueId'],
    ['a blank externalUniqueId', { externalUniqueId: '\t' }, 'externalUniqueId'],
  ])('%s', async (_label, params, path) => {
    await refused((client) => client.ecoClubOfferings.list(params), path);
  });
});

describe('control characters in ids, codes and filters are refused before any request', () => {
  // Each of these names something: a line break, a NUL or a DEL in one is a mistake, and in the
  // list query (`external-unique-id`, `uuid`) or the claim URL (`ac=<code>`) it changes the request.
  it.each<[string, string]>([
    ['LF', 'order-1\n'],
    ['CR LF', 'order-1\r\nX-Injected: 1'],
    ['NUL', 'order-\u00001'],
    ['DEL', 'order-1\u007F'],
    ['tab', 'order\t1'],
  ])('externalUniqueId with %s: create, createOrGet, find, list', async (_label, id) => {
    await refused(create({ externalUniqueId: id }), 'externalUniqueId');
    await refused(createOrGet({ externalUniqueId: id }), 'externalUniqueId');
    await refused((client) => client.ecoClubOfferings.findByExternalUniqueId(id), 'externalUniqueId');
    await refused((client) => client.ecoClubOfferings.list({ externalUniqueId: id }), 'externalUniqueId');
  });

  it.each<[string, Record<string, unknown>]>([
    ['code', { code: 'e-826254\n' }],
    ['remoteUserId', { remoteUserId: 'user\u00007' }],
    ['langcode', { langcode: 'en\r' }],
    ['currency', { currency: 'USD\u007F' }],
  ])('create: %s', async (path, params) => {
    await refused(create(params), path);
  });

  it.each<[string, Record<string, unknown>]>([
    ['code', { code: '   ' }],
    ['remoteUserId', { remoteUserId: ' ' }],
    ['langcode', { langcode: '  ' }],
    ['currency', { currency: '\u3000' }],
  ])('create: a blank %s', async (path, params) => {
    await refused(create(params), path);
  });

  it('list: uuid', async () => {
    await refused(
      (client) => client.ecoClubOfferings.list({ uuid: '1da0ef10-edb2-4142-badb-8b9d8e83c2f6\n' }),
      'uuid',
    );
  });
});

describe('free text (title, nameOnCertificate) may span lines, but holds no other control character', () => {
  it.each<[string, Record<string, unknown>]>([
    ['title', { title: 'Thank\u0000you' }],
    ['title', { title: 'Thank you\u001B[31m' }],
    ['nameOnCertificate', { nameOnCertificate: 'Jo\u007F' }],
  ])('refuses %s with NUL, ESC or DEL', async (path, params) => {
    await refused(create(params), path);
  });

  it('sends a title with a line break and a tab as given', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({ quantity: 1, title: 'Thank you\n\tfor your order' });
    expect(fake.createBodies()[0]?.title).toBe('Thank you\n\tfor your order');
  });
});
