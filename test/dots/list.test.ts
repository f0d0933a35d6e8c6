import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, ResponseValidationError } from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import {
  APP_TOKEN,
  clientFor,
  OTHER_APP_TOKEN,
  READ_TOKEN,
  useFakeDots,
  WRITE_TOKEN,
} from './support/fake-dots.js';

// The log keeps the tokens as sent: these tests assert which one went out.
const fake = useFakeDots({ raw: true });

// The list example of the Dots.eco docs (PROVIDERS.md §3.3): numbers as strings.
const LISTED = {
  uuid: '7c0b7a4e-7d4f-4a8e-9a54-2f1f2f9d0e11',
  title: 'Gift',
  quantity: '6',
  limit_allocations: '32',
  name_on_certificate: '',
  activation_date: '2024-01-01',
  expiration_date: null,
  code: 'e-111111',
  max_claims_total: '1',
  claim_url: 'https://impact.dots.eco/app/123/eco-club/claim',
  no_of_claims: '0',
};

describe('ecoClubOfferings.list', () => {
  it('GETs list/{app_token} with the read token and the hyphenated external-unique-id query', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.list({ uuid: 'u-1', externalUniqueId: 'ext-1' });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe(`/api/v1/eco-club-offering/list/${APP_TOKEN}`);
    expect(request?.headers['auth-token']).toBe(READ_TOKEN);
    expect(request?.headers.accept).toBe('application/json');
    expect([...(request?.query.entries() ?? [])]).toEqual([
      ['uuid', 'u-1'],
      ['external-unique-id', 'ext-1'],
    ]);
    expect(request?.body).toBe('');
  });

  it('sends no query when no filter is given, and a per-call appToken in the path', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.list({ appToken: OTHER_APP_TOKEN });
    expect(fake.requests[0]?.path).toBe(`/api/v1/eco-club-offering/list/${OTHER_APP_TOKEN}`);
    expect([...(fake.requests[0]?.query.keys() ?? [])]).toEqual([]);
  });

  it('percent-encodes an app token that is not URL-safe', async () => {
    fake.server.use(http.get('*/eco-club-offering/list/*', () => HttpResponse.json([])));
    await using client = clientFor(fake);
    await client.ecoClubOfferings.list({ appToken: 'a&b%c+ü' });
    expect(fake.requests[0]?.path).toBe('/api/v1/eco-club-offering/list/a%26b%25c%2B%C3%BC');
  });

  it('reads with authToken when no readAuthToken is configured', async () => {
    await using client = clientFor(fake, { readAuthToken: undefined });
    await client.ecoClubOfferings.list();
    expect(fake.requests[0]?.headers['auth-token']).toBe(WRITE_TOKEN);
  });

  it('returns the offerings in camelCase, numbers sent as strings as numbers', async () => {
    fake.server.use(http.get('*/eco-club-offering/list/*', () => HttpResponse.json([LISTED])));
    await using client = clientFor(fake);
    const offerings = await client.ecoClubOfferings.list();
    expect(offerings).toStrictEqual([
      {
        uuid: LISTED.uuid,
        title: 'Gift',
        quantity: 6,
        limitAllocations: [32],
        activationDate: '2024-01-01',
        code: 'e-111111',
        maxClaimsTotal: 1,
        claimUrl: 'https://impact.dots.eco/app/123/eco-club/claim',
        noOfClaims: 0,
      },
    ]);
  });

  it('accepts a single offering object as a one-item list, and an empty body as none', async () => {
    fake.server.use(http.get('*/eco-club-offering/list/*', () => HttpResponse.json(LISTED)));
    await using client = clientFor(fake);
    expect(await client.ecoClubOfferings.list()).toHaveLength(1);
    fake.server.use(http.get('*/eco-club-offering/list/*', () => new HttpResponse(null, { status: 200 })));
    expect(await client.ecoClubOfferings.list()).toEqual([]);
  });

  it('retries a 5xx: a list is idempotent', async () => {
    let calls = 0;
    fake.server.use(
      http.get('*/eco-club-offering/list/*', () => {
        calls += 1;
        return calls === 1 ? HttpResponse.json({ message: 'oops' }, { status: 500 }) : HttpResponse.json([]);
      }),
    );
    await using client = clientFor(fake);
    const { data, meta } = await client.ecoClubOfferings.list().withMeta();
    expect(data).toEqual([]);
    expect(meta.attempts).toBe(2);
  });

  it('maps a wrong read token (403) to AuthenticationError', async () => {
    await using client = clientFor(fake, { readAuthToken: 'dots_read_wrong_000000' });
    const error = await failure(client.ecoClubOfferings.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).providerCode).toBe('credentials_missing');
  });
});

describe('ecoClubOfferings.findByExternalUniqueId', () => {
  it('returns the offering created with that id', async () => {
    await using client = clientFor(fake);
    const created = await client.ecoClubOfferings.create({ quantity: 4, externalUniqueId: 'order-42' });
    await client.ecoClubOfferings.create({ quantity: 5, externalUniqueId: 'order-43' });
    const found = await client.ecoClubOfferings.findByExternalUniqueId('order-42');
    expect(found).toMatchObject({ uuid: created.uuid, quantity: 4, externalUniqueId: 'order-42' });
    const lookup = fake.requests.at(-1);
    expect(lookup?.query.get('external-unique-id')).toBe('order-42');
    expect(lookup?.headers['auth-token']).toBe(READ_TOKEN);
  });

  it('returns undefined when nothing has that id', async () => {
    await using client = clientFor(fake);
    const { data, meta } = await client.ecoClubOfferings.findByExternalUniqueId('nope').withMeta();
    expect(data).toBeUndefined();
    expect(meta.status).toBe(200);
  });

  it('ignores items with another external id (a server that ignored the filter)', async () => {
    fake.server.use(
      http.get('*/eco-club-offering/list/*', () =>
        HttpResponse.json([
          { ...LISTED, external_unique_id: 'someone-else' },
          { ...LISTED, uuid: 'b', external_unique_id: 'order-7' },
        ]),
      ),
    );
    await using client = clientFor(fake);
    expect((await client.ecoClubOfferings.findByExternalUniqueId('order-7'))?.uuid).toBe('b');
    expect(await client.ecoClubOfferings.findByExternalUniqueId('order-8')).toBeUndefined();
  });

  it('trusts a single filtered item that does not carry external_unique_id, but not several', async () => {
    fake.server.use(http.get('*/eco-club-offering/list/*', () => HttpResponse.json([LISTED])));
    await using client = clientFor(fake);
    expect((await client.ecoClubOfferings.findByExternalUniqueId('order-9'))?.uuid).toBe(LISTED.uuid);
    fake.server.use(
      http.get('*/eco-club-offering/list/*', () => HttpResponse.json([LISTED, { ...LISTED, uuid: 'other' }])),
    );
    expect(await client.ecoClubOfferings.findByExternalUniqueId('order-9')).toBeUndefined();
  });

  it('looks in the app given per call', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.findByExternalUniqueId('x', { appToken: OTHER_APP_TOKEN });
    expect(fake.requests[0]?.path).toBe(`/api/v1/eco-club-offering/list/${OTHER_APP_TOKEN}`);
  });
});

describe('ecoClubOfferings.list of a large account', () => {
  // About 5,000 offerings: 1.6 MB of JSON, over the 1 MiB cap of single-item answers.
  const MANY = 5_000;
  const manyOfferings = () =>
    Array.from({ length: MANY }, (_, i) => ({
      ...LISTED,
      uuid: `7c0b7a4e-7d4f-4a8e-9a54-${String(i).padStart(12, '0')}`,
      code: `e-${100000 + i}`,
    }));

  it('reads a list over 1 MiB: list reads have their own cap (maxListResponseBytes, 64 MiB)', async () => {
    const body = JSON.stringify(manyOfferings());
    expect(body.length).toBeGreaterThan(1024 * 1024);
    fake.server.use(
      http.get(
        '*/eco-club-offering/list/*',
        () => new HttpResponse(body, { headers: { 'content-type': 'application/json' } }),
      ),
    );
    await using client = clientFor(fake);
    const offerings = await client.ecoClubOfferings.list();
    expect(offerings).toHaveLength(MANY);
    expect(offerings.at(-1)?.code).toBe(`e-${100000 + MANY - 1}`);
    expect(fake.requests).toHaveLength(1);
  });

  it('a smaller maxListResponseBytes still refuses the list with the size-cap error', async () => {
    fake.server.use(http.get('*/eco-club-offering/list/*', () => HttpResponse.json(manyOfferings())));
    await using client = clientFor(fake, { maxListResponseBytes: 1024 * 1024 });
    const error = await failure(client.ecoClubOfferings.list());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain('response body exceeds maxListResponseBytes (1048576)');
    // A read: nothing was acted on, and a body that does not fit is not read again.
    expect(error.outcome).toBe('rejected');
    expect(fake.requests).toHaveLength(1);
  });

  it('maxResponseBytes does not cap a list read: a single-item cap stays small', async () => {
    fake.server.use(http.get('*/eco-club-offering/list/*', () => HttpResponse.json(manyOfferings())));
    await using client = clientFor(fake, { maxResponseBytes: 65_536 });
    expect(await client.ecoClubOfferings.list()).toHaveLength(MANY);
  });
});
