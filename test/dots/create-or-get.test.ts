import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  InputValidationError,
  ReconcileError,
} from '../../src/core/errors.js';
import type { CreateEcoClubOfferingParams } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { APP_TOKEN, clientFor, READ_TOKEN, useFakeDots, WRITE_TOKEN } from './support/fake-dots.js';

// The log keeps the tokens as sent: these tests assert which one went out.
const fake = useFakeDots({ raw: true });

function methods(): string[] {
  return fake.requests.map((request) => request.method);
}

/** An offering created earlier under `externalUniqueId`, as the fake stores it. */
function existing(externalUniqueId: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const offering = {
    uuid: `u-${externalUniqueId}`,
    quantity: 1,
    title: 'Thank you',
    code: 'EARLIER-SECRET-CODE',
    external_unique_id: externalUniqueId,
    claim_url: 'https://impact.dots.eco/app/6/eco-club/claim',
    app: APP_TOKEN,
    ...fields,
  };
  fake.offerings.set(externalUniqueId, offering);
  return offering;
}

describe('ecoClubOfferings.createOrGet', () => {
  it.each<[string, Record<string, unknown>]>([
    ['no externalUniqueId', { quantity: 1 }],
    ['an empty externalUniqueId', { quantity: 1, externalUniqueId: '' }],
  ])('refuses %s before any request', async (_, params) => {
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.createOrGet(params as unknown as CreateEcoClubOfferingParams),
    );
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ operation: 'dots.ecoClubOfferings.createOrGet' });
    expect((error as InputValidationError).issues.map((issue) => issue.path)).toEqual([['externalUniqueId']]);
    expect(fake.requests).toHaveLength(0);
  });

  it('nothing under the id: looks it up with the read token, then creates it', async () => {
    await using client = clientFor(fake);
    const { data, meta } = await client.ecoClubOfferings
      .createOrGet({ quantity: 2, title: 'Gift', externalUniqueId: 'order-1' })
      .withMeta();
    expect(methods()).toEqual(['GET', 'POST']);
    expect(fake.requests[0]?.query.get('external-unique-id')).toBe('order-1');
    expect(fake.requests[0]?.headers['auth-token']).toBe(READ_TOKEN);
    expect(fake.requests[1]?.headers['auth-token']).toBe(WRITE_TOKEN);
    expect(data).toMatchObject({ quantity: 2, title: 'Gift', externalUniqueId: 'order-1' });
    expect(meta).toMatchObject({ existing: false, reconciled: false });
    expect(fake.offerings.size).toBe(1);
  });

  it('run twice with the same parameters: the second returns the first offering, existing, no create', async () => {
    await using client = clientFor(fake);
    const params = { quantity: 2, title: 'Gift', externalUniqueId: 'order-2' };
    const first = await client.ecoClubOfferings.createOrGet(params);
    fake.requests.length = 0;
    const { data, meta } = await client.ecoClubOfferings.createOrGet(params).withMeta();
    expect(data.uuid).toBe(first.uuid);
    expect(meta).toMatchObject({ existing: true, reconciled: false, status: 200 });
    expect(methods()).toEqual(['GET']);
    expect(fake.offerings.size).toBe(1);
  });

  it('an offering under the id with other parameters: ConflictError, no create', async () => {
    existing('order-3', { quantity: 5 });
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.createOrGet({ quantity: 1, title: 'Thank you', externalUniqueId: 'order-3' }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      providerCode: 'external_unique_id_taken',
      status: 422,
      provider: 'dots',
      details: { externalUniqueId: 'order-3', differingFields: ['quantity'] },
    });
    expect(error.message).toContain("'order-3'");
    // Where to read the offering that holds the id.
    expect(error.message).toContain("ecoClubOfferings.findByExternalUniqueId('order-3')");
    expect(JSON.stringify(error)).not.toContain('EARLIER-SECRET-CODE');
    expect(methods()).toEqual(['GET']);
  });

  it('the create is refused as a duplicate (the lookup did not see it yet): looks again, returns it, existing', async () => {
    const earlier = existing('order-4');
    fake.staleLookups = 1;
    await using client = clientFor(fake);
    const { data, meta } = await client.ecoClubOfferings
      .createOrGet({ quantity: 1, title: 'Thank you', externalUniqueId: 'order-4' })
      .withMeta();
    expect(methods()).toEqual(['GET', 'POST', 'GET']);
    expect(data.uuid).toBe(earlier.uuid);
    expect(meta.existing).toBe(true);
    expect(fake.offerings.size).toBe(1);
  });

  it('the create is refused as a duplicate and the second lookup shows other parameters: ConflictError', async () => {
    existing('order-5', { title: 'Another gift' });
    fake.staleLookups = 1;
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.createOrGet({ quantity: 1, title: 'Thank you', externalUniqueId: 'order-5' }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      providerCode: 'external_unique_id_taken',
      details: { differingFields: ['title'] },
    });
    expect(methods()).toEqual(['GET', 'POST', 'GET']);
  });

  it('the create is refused as a duplicate and nothing is found again: it exists, not confirmed', async () => {
    existing('order-6');
    fake.staleLookups = 2;
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.createOrGet({ quantity: 1, title: 'Thank you', externalUniqueId: 'order-6' }),
    );
    // Dots.eco says an offering holds the id: it exists (applied), whose it is could not be read.
    expect(error).toBeInstanceOf(ReconcileError);
    expect(error).toMatchObject({
      code: 'reconcile_failed',
      outcome: 'applied',
      retryable: false,
      lookupKey: { externalUniqueId: 'order-6' },
      operation: 'dots.ecoClubOfferings.createOrGet',
    });
    expect(error.cause).toBeInstanceOf(ConflictError);
    expect(error.cause).toMatchObject({ providerCode: 'external_unique_id_taken' });
    expect(methods()).toEqual(['GET', 'POST', 'GET']);
  });

  it('the create is refused as a duplicate and the second lookup fails: a ReconcileError, never rejected', async () => {
    existing('order-7');
    fake.staleLookups = 1;
    let lookups = 0;
    fake.server.use(
      http.post('*/eco-club-offering/add', () =>
        HttpResponse.json({ message: 'The external_unique_id has already been taken.' }, { status: 422 }),
      ),
      http.get('*/eco-club-offering/list/:appToken', () => {
        lookups += 1;
        return lookups === 1
          ? HttpResponse.json([])
          : HttpResponse.json({ message: 'Access denied.' }, { status: 403 });
      }),
    );
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.createOrGet({ quantity: 1, title: 'Thank you', externalUniqueId: 'order-7' }),
    );
    expect(error).toBeInstanceOf(ReconcileError);
    expect(error).toMatchObject({ outcome: 'applied', lookupKey: { externalUniqueId: 'order-7' } });
    expect(error.cause).toBeInstanceOf(AuthenticationError);
  });

  it("also when Dots.eco reports the earlier run's redeem code as the duplicate first", async () => {
    const earlier = existing('order-11', { code: 'GIFT-11' });
    fake.staleLookups = 1;
    fake.codeCheckedFirst = true;
    await using client = clientFor(fake);
    const { data, meta } = await client.ecoClubOfferings
      .createOrGet({ quantity: 1, title: 'Thank you', code: 'GIFT-11', externalUniqueId: 'order-11' })
      .withMeta();
    expect(methods()).toEqual(['GET', 'POST', 'GET']);
    expect(data.uuid).toBe(earlier.uuid);
    expect(meta.existing).toBe(true);
  });

  it('a code held by another offering: looked up again, nothing ours, the refusal stands', async () => {
    existing('order-7', { code: 'TAKEN-CODE' });
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.createOrGet({ quantity: 1, code: 'TAKEN-CODE', externalUniqueId: 'order-8' }),
    );
    expect(error).toMatchObject({ providerCode: 'code_taken' });
    expect(methods()).toEqual(['GET', 'POST', 'GET']);
  });

  it('a create whose answer was lost goes the exactly-once way: reconciled, not existing', async () => {
    fake.createFaults.push('reset-after-create');
    await using client = clientFor(fake);
    const { meta } = await client.ecoClubOfferings
      .createOrGet({ quantity: 1, externalUniqueId: 'order-9' })
      .withMeta();
    expect(methods()).toEqual(['GET', 'POST', 'GET']);
    expect(meta).toMatchObject({ existing: false, reconciled: true });
    expect(fake.offerings.size).toBe(1);
  });

  it('create, find and list results carry no existing flag', async () => {
    await using client = clientFor(fake);
    const { meta } = await client.ecoClubOfferings
      .create({ quantity: 1, externalUniqueId: 'order-10' })
      .withMeta();
    expect(meta.existing).toBeUndefined();
  });
});
