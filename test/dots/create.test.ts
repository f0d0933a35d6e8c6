import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/core/errors.js';
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

// The success body of provider-docs/dots-eco-create-eco-club-offering.txt.
const DOCUMENTED_ANSWER = {
  uuid: '1da0ef10-edb2-4142-badb-8b9d8e83c2f6',
  quantity: 10,
  limit_allocations: '32,31,14',
  name_on_certificate: 'John Doe',
  activation_date: '2022-12-24',
  activation_hour: '01:00:00',
  expiration_date: '2022-12-31',
  expiration_hour: '01:00:00',
  code: 'e-826254',
  mail: 'test@test.com',
  title: 'Test title',
  max_claims_total: 3,
  max_claims_per_email: 2,
  send_email_on_activation_date: 'yes',
  remote_user_id: 'remote_user_id_example',
  claim_url: 'https://impact.dots.eco/app/6/eco-club/claim',
  external_unique_id: '2132-1232-22',
};

describe('ecoClubOfferings.create: the request', () => {
  it('sends every documented parameter as the documented snake_case body', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({
      quantity: 10,
      limitAllocations: [32, 31, 14],
      nameOnCertificate: 'John Doe',
      activationDate: '2022-12-24',
      activationHour: '01:00',
      expirationDate: new Date('2022-12-31T18:00:00Z'),
      expirationHour: '01:00:00',
      sendEmailOnActivationDate: true,
      code: 'e-826254',
      mail: 'test@test.com',
      title: 'Test title',
      remoteUserId: 'remote_user_id_example',
      maxClaimsTotal: 3,
      maxClaimsPerEmail: 2,
      langcode: 'en',
      currency: 'USD',
      externalUniqueId: '2132-1232-22',
    });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/v1/eco-club-offering/add');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toStrictEqual({
      app_token: APP_TOKEN,
      quantity: 10,
      limit_allocations: '32,31,14',
      name_on_certificate: 'John Doe',
      activation_date: '2022-12-24',
      activation_hour: '01:00:00',
      expiration_date: '2022-12-31',
      expiration_hour: '01:00:00',
      send_email_on_activation_date: 'yes',
      code: 'e-826254',
      mail: 'test@test.com',
      title: 'Test title',
      remote_user_id: 'remote_user_id_example',
      max_claims_total: 3,
      max_claims_per_email: 2,
      langcode: 'en',
      currency: 'USD',
      external_unique_id: '2132-1232-22',
    });
  });

  it('leaves out unset and empty values, and always sends app_token and a generated external_unique_id', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({
      quantity: 1,
      title: '',
      limitAllocations: [],
      nameOnCertificate: undefined,
      // JavaScript callers may pass null for "not set".
      mail: null as unknown as string,
    });
    const [body] = fake.createBodies();
    expect(Object.keys(body ?? {}).sort()).toEqual(['app_token', 'external_unique_id', 'quantity']);
    expect(body?.external_unique_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('generates a different external_unique_id for each call', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({ quantity: 1 });
    await client.ecoClubOfferings.create({ quantity: 1 });
    const [first, second] = fake.createBodies();
    expect(first?.external_unique_id).not.toBe(second?.external_unique_id);
  });

  it('sends sendEmailOnActivationDate: false as "no"', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({ quantity: 1, sendEmailOnActivationDate: false });
    expect(fake.createBodies()[0]?.send_email_on_activation_date).toBe('no');
  });

  it('sends a Date as its UTC calendar day', async () => {
    await using client = clientFor(fake);
    // 23:30 on Dec 24 at UTC-5 is Dec 25 in GMT, which is what Dots.eco uses.
    await client.ecoClubOfferings.create({
      quantity: 1,
      activationDate: new Date('2026-12-24T23:30:00-05:00'),
    });
    expect(fake.createBodies()[0]?.activation_date).toBe('2026-12-25');
  });

  it('uses the write token, and a per-call appToken instead of the client default', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({ quantity: 2, appToken: OTHER_APP_TOKEN });
    expect(fake.requests[0]?.headers['auth-token']).toBe(WRITE_TOKEN);
    expect(fake.requests[0]?.headers['auth-token']).not.toBe(READ_TOKEN);
    expect(fake.createBodies()[0]?.app_token).toBe(OTHER_APP_TOKEN);
  });

  it.each([
    ['nearest', '10:07', '10:00:00', undefined],
    ['nearest', '10:08', '10:15:00', undefined],
    ['down', '10:14:59', '10:00:00', undefined],
    ['up', '10:00:01', '10:15:00', undefined],
    ['up', '23:50', '00:00:00', '2026-01-01'],
  ] as const)('roundHours %s moves %s to %s when asked to', async (mode, hour, sent, nextDay) => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({
      quantity: 1,
      activationDate: '2025-12-31',
      activationHour: hour,
      roundHours: mode,
    });
    const [body] = fake.createBodies();
    expect(body?.activation_hour).toBe(sent);
    expect(body?.activation_date).toBe(nextDay ?? '2025-12-31');
  });
});

describe('ecoClubOfferings.create: the result', () => {
  it('returns the documented answer in camelCase', async () => {
    fake.server.use(http.post('*/eco-club-offering/add', () => HttpResponse.json(DOCUMENTED_ANSWER)));
    await using client = clientFor(fake);
    const { data, meta } = await client.ecoClubOfferings.create({ quantity: 10 }).withMeta();
    expect(data).toStrictEqual({
      uuid: '1da0ef10-edb2-4142-badb-8b9d8e83c2f6',
      quantity: 10,
      limitAllocations: [32, 31, 14],
      nameOnCertificate: 'John Doe',
      activationDate: '2022-12-24',
      activationHour: '01:00:00',
      expirationDate: '2022-12-31',
      expirationHour: '01:00:00',
      code: 'e-826254',
      mail: 'test@test.com',
      title: 'Test title',
      maxClaimsTotal: 3,
      maxClaimsPerEmail: 2,
      sendEmailOnActivationDate: true,
      remoteUserId: 'remote_user_id_example',
      claimUrl: 'https://impact.dots.eco/app/6/eco-club/claim',
      externalUniqueId: '2132-1232-22',
    });
    expect(meta).toMatchObject({ status: 200, attempts: 1, reconciled: false });
  });

  it('turns numbers sent as strings into numbers, and null or empty fields into absent ones', async () => {
    fake.server.use(
      http.post('*/eco-club-offering/add', () =>
        HttpResponse.json({
          ...DOCUMENTED_ANSWER,
          quantity: '6',
          max_claims_total: '3',
          max_claims_per_email: ' 2 ',
          limit_allocations: ['32', 31],
          send_email_on_activation_date: 'no',
          mail: null,
          title: null,
          remote_user_id: null,
          name_on_certificate: null,
          max_claims_total_extra: 'a field reservekit does not know',
          langcode: '',
        }),
      ),
    );
    await using client = clientFor(fake);
    const data = await client.ecoClubOfferings.create({ quantity: 6 });
    expect(data).toMatchObject({ quantity: 6, maxClaimsTotal: 3, maxClaimsPerEmail: 2 });
    expect(data.limitAllocations).toEqual([32, 31]);
    expect(data.sendEmailOnActivationDate).toBe(false);
    for (const key of ['mail', 'title', 'remoteUserId', 'nameOnCertificate', 'langcode'])
      expect(data).not.toHaveProperty(key);
  });

  it('reports an answer without the fields it needs as a ResponseValidationError, outcome applied', async () => {
    fake.server.use(
      http.post('*/eco-club-offering/add', () => HttpResponse.json({ quantity: 'many', claim_url: 'nope' })),
    );
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'ext-rv-1' }),
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    const invalid = error as ResponseValidationError;
    expect(invalid.outcome).toBe('applied');
    expect(invalid.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'claim_url',
      'quantity',
      'uuid',
    ]);
    expect(invalid.message).toContain("findByExternalUniqueId('ext-rv-1')");
    expect(fake.requests).toHaveLength(1);
  });
});
