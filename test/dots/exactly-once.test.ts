import diagnosticsChannel from 'node:diagnostics_channel';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ReconcileEvent } from '../../src/core/diagnostics.js';
import { CHANNELS } from '../../src/core/diagnostics.js';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  ReconcileError,
  ServerError,
} from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import { clientFor, READ_TOKEN, useFakeDots, WRITE_TOKEN } from './support/fake-dots.js';

// The log keeps the tokens as sent: these tests assert which one went out.
const fake = useFakeDots({ raw: true });

function methods(): string[] {
  return fake.requests.map((request) => request.method);
}

describe('a create whose answer was lost is looked up before anything is sent again', () => {
  it('the server had created it: returns it, one offering, meta.reconciled', async () => {
    fake.createFaults.push('reset-after-create');
    const reconciles: ReconcileEvent[] = [];
    await using client = clientFor(fake, { hooks: { onReconcile: (event) => reconciles.push(event) } });
    const { data, meta } = await client.ecoClubOfferings.create({ quantity: 3, title: 'Gift' }).withMeta();

    expect(fake.offerings.size).toBe(1);
    const [stored] = fake.offerings.values();
    expect(data).toMatchObject({ uuid: stored?.uuid, quantity: 3, title: 'Gift' });
    expect(meta).toMatchObject({ reconciled: true, attempts: 1, status: 200 });
    expect(methods()).toEqual(['POST', 'GET']);
    const [post, lookup] = fake.requests;
    expect(post?.headers['auth-token']).toBe(WRITE_TOKEN);
    expect(lookup?.headers['auth-token']).toBe(READ_TOKEN);
    expect(lookup?.query.get('external-unique-id')).toBe(fake.createBodies()[0]?.external_unique_id);
    expect(reconciles).toEqual([
      {
        callId: meta.callId,
        provider: 'dots',
        operation: 'dots.ecoClubOfferings.create',
        attempt: 1,
        found: true,
      },
    ]);
  });

  it('publishes the reconcile on the diagnostics channel too', async () => {
    fake.createFaults.push('reset-after-create');
    const events: unknown[] = [];
    const listener = (event: unknown) => events.push(event);
    diagnosticsChannel.subscribe(CHANNELS.reconcile, listener);
    try {
      await using client = clientFor(fake);
      await client.ecoClubOfferings.create({ quantity: 1 });
    } finally {
      diagnosticsChannel.unsubscribe(CHANNELS.reconcile, listener);
    }
    expect(events).toEqual([
      expect.objectContaining({ operation: 'dots.ecoClubOfferings.create', found: true }),
    ]);
  });

  it('the server had not created it: sends the identical body again, with the same external_unique_id', async () => {
    fake.createFaults.push('reset-before-create');
    await using client = clientFor(fake);
    const { data, meta } = await client.ecoClubOfferings
      .create({ quantity: 2, code: 'GIFT-2026-0001', activationHour: '09:30' })
      .withMeta();

    expect(methods()).toEqual(['POST', 'GET', 'POST']);
    expect(fake.requests[2]?.body).toBe(fake.requests[0]?.body);
    const [first, second] = fake.createBodies();
    expect(second?.external_unique_id).toBe(first?.external_unique_id);
    expect(fake.offerings.size).toBe(1);
    expect(data.code).toBe('GIFT-2026-0001');
    expect(meta).toMatchObject({ reconciled: false, attempts: 2 });
  });

  it('a 500 is an unknown outcome too: looked up, then sent again', async () => {
    fake.createFaults.push('500-before-create');
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-500' });
    expect(methods()).toEqual(['POST', 'GET', 'POST']);
    expect(fake.createBodies().map((body) => body.external_unique_id)).toEqual(['order-500', 'order-500']);
    expect(fake.offerings.size).toBe(1);
  });

  it('a 502 after the server created it: found by the lookup', async () => {
    fake.createFaults.push('502-after-create');
    await using client = clientFor(fake);
    const { meta } = await client.ecoClubOfferings.create({ quantity: 1 }).withMeta();
    expect(meta.reconciled).toBe(true);
    expect(methods()).toEqual(['POST', 'GET']);
    expect(fake.offerings.size).toBe(1);
  });

  it('a bare 503 may come from a gateway after Dots.eco acted: looked up before it is sent again', async () => {
    fake.createFaults.push('503-before-create');
    await using client = clientFor(fake);
    const { meta } = await client.ecoClubOfferings.create({ quantity: 1 }).withMeta();
    expect(methods()).toEqual(['POST', 'GET', 'POST']);
    expect(meta.reconciled).toBe(false);
    expect(fake.offerings.size).toBe(1);
  });

  it('two lost answers in a row: looked up before each resend, still one offering', async () => {
    fake.createFaults.push('reset-before-create', 'reset-after-create');
    await using client = clientFor(fake);
    const { meta } = await client.ecoClubOfferings.create({ quantity: 1 }).withMeta();
    expect(methods()).toEqual(['POST', 'GET', 'POST', 'GET']);
    // Two sends; lookups are not attempts.
    expect(meta).toMatchObject({ reconciled: true, attempts: 2 });
    expect(fake.offerings.size).toBe(1);
  });
});

describe("a lookup returns only an offering that is provably this call's", () => {
  const OLD_OFFERING = {
    uuid: 'old-offering',
    title: 'Spring promo',
    quantity: '5',
    code: 'e-826254',
    claim_url: 'https://impact.dots.eco/app/6/eco-club/claim',
    no_of_claims: '0',
  };

  it('a lone list item without external_unique_id and other fields is not taken: the create is sent again', async () => {
    // The first create is lost before the server acts; the list answers, whatever the filter, with
    // an old offering that does not echo the id.
    let creates = 0;
    fake.server.use(
      http.post('*/eco-club-offering/add', async ({ request }) => {
        creates += 1;
        if (creates === 1) return HttpResponse.error();
        const body = (await request.json()) as Record<string, unknown>;
        const { app_token: _app, ...fields } = body;
        return HttpResponse.json({
          uuid: 'new-offering',
          ...fields,
          code: 'e-100001',
          claim_url: OLD_OFFERING.claim_url,
        });
      }),
      http.get('*/eco-club-offering/list/:appToken', () => HttpResponse.json([OLD_OFFERING])),
    );
    await using client = clientFor(fake);
    const { data, meta } = await client.ecoClubOfferings
      .create({ quantity: 1, title: 'Thank you', externalUniqueId: 'order-ty' })
      .withMeta();
    expect(methods()).toEqual(['POST', 'GET', 'POST']);
    expect(data).toMatchObject({ quantity: 1, title: 'Thank you', externalUniqueId: 'order-ty' });
    expect(data.uuid).toBe('new-offering');
    expect(meta.reconciled).toBe(false);
  });

  it('an item with the same id and other fields is a ConflictError naming the fields, not their values', async () => {
    fake.offerings.set('order-c', {
      uuid: 'u-old',
      quantity: 5,
      title: 'Old gift',
      code: 'OLD-SECRET-CODE',
      external_unique_id: 'order-c',
      claim_url: 'https://impact.dots.eco/app/6/eco-club/claim',
      app: '101-5653d113',
    });
    fake.createFaults.push('500-before-create');
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.create({
        quantity: 1,
        title: 'Old gift',
        code: 'NEW-SECRET-CODE',
        externalUniqueId: 'order-c',
      }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      providerCode: 'external_unique_id_taken',
      status: 422,
      provider: 'dots',
      operation: 'dots.ecoClubOfferings.create',
      // The 500 left the create's outcome unknown; the conflict does not undo that (docs/errors.md).
      outcome: 'unknown',
      retryable: false,
      attempts: 1,
    });
    expect(error.message).toContain("'order-c'");
    expect(error.message).toContain('quantity');
    expect(error.message).toContain('code');
    expect(error.message).not.toContain('title');
    const printed = JSON.stringify(error) + String(error.stack);
    expect(printed).not.toContain('OLD-SECRET-CODE');
    expect(printed).not.toContain('NEW-SECRET-CODE');
    expect(methods()).toEqual(['POST', 'GET']);
    expect(fake.offerings.size).toBe(1);
  });
});

describe('a resend refused as a duplicate after an unknown outcome', () => {
  it('returns the offering the lost attempt created (the lookup had not seen it yet)', async () => {
    fake.createFaults.push('reset-after-create');
    fake.staleLookups = 1;
    const reconciles: ReconcileEvent[] = [];
    await using client = clientFor(fake, { hooks: { onReconcile: (event) => reconciles.push(event) } });
    const { data, meta } = await client.ecoClubOfferings
      .create({ quantity: 5, externalUniqueId: 'order-lag' })
      .withMeta();

    expect(methods()).toEqual(['POST', 'GET', 'POST', 'GET']);
    expect(fake.offerings.size).toBe(1);
    expect(data).toMatchObject({
      uuid: fake.offerings.get('order-lag')?.uuid,
      externalUniqueId: 'order-lag',
    });
    expect(meta).toMatchObject({ reconciled: true, attempts: 2 });
    expect(reconciles.map((event) => event.found)).toEqual([false, true]);
  });

  it('also when the provider reports the redeem code as the duplicate', async () => {
    fake.createFaults.push('reset-after-create');
    fake.staleLookups = 1;
    fake.codeCheckedFirst = true;
    const refusals: unknown[] = [];
    await using client = clientFor(fake, {
      hooks: { onError: (event) => refusals.push((event.error as ConflictError).providerCode) },
    });
    const { data, meta } = await client.ecoClubOfferings
      .create({ quantity: 1, code: 'GIFT-CODE-1', externalUniqueId: 'order-code' })
      .withMeta();
    expect(refusals).toEqual([undefined, 'code_taken']);
    expect(data).toMatchObject({ code: 'GIFT-CODE-1', externalUniqueId: 'order-code' });
    expect(meta.reconciled).toBe(true);
    expect(fake.offerings.size).toBe(1);
  });

  it('the refusal stands when nothing exists under the id', async () => {
    fake.createFaults.push('reset-before-create');
    // Another offering already holds the code: a genuine conflict.
    fake.offerings.set('someone-else', {
      uuid: 'u-0',
      quantity: 1,
      code: 'TAKEN-CODE',
      external_unique_id: 'someone-else',
      claim_url: 'https://impact.dots.eco/app/6/eco-club/claim',
      app: '101-5653d113',
    });
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, code: 'TAKEN-CODE' }));
    expect(error).toBeInstanceOf(ConflictError);
    // An earlier attempt's outcome was unknown: no later refusal can prove nothing was created.
    expect(error).toMatchObject({
      providerCode: 'code_taken',
      outcome: 'unknown',
      retryable: false,
      attempts: 2,
      lookupKey: { externalUniqueId: expect.any(String) },
    });
    expect(methods()).toEqual(['POST', 'GET', 'POST', 'GET']);
    expect(fake.offerings.size).toBe(1);
  });

  it('without an earlier unknown outcome, a duplicate id is a ConflictError and nothing is looked up', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-1' });
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-1' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ providerCode: 'external_unique_id_taken', attempts: 1 });
    expect(methods()).toEqual(['POST', 'POST']);
  });
});

describe('when the outcome stays unknown, the error says so and names the id to look up', () => {
  it('no retries left: one last lookup still finds what the lost attempt created', async () => {
    fake.createFaults.push('reset-after-create');
    await using client = clientFor(fake, { maxRetries: 0 });
    const { meta } = await client.ecoClubOfferings
      .create({ quantity: 1, externalUniqueId: 'order-w' })
      .withMeta();
    expect(meta).toMatchObject({ reconciled: true, attempts: 1 });
    expect(methods()).toEqual(['POST', 'GET']);
  });

  it('no retries left and nothing found: unknown, not retryable, with the id to look up', async () => {
    fake.createFaults.push('reset-before-create');
    await using client = clientFor(fake, { maxRetries: 0 });
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-x' }));
    expect(error).toBeInstanceOf(ConnectionError);
    // A caller that followed `retryable: true` here would create twice.
    expect(error).toMatchObject({
      outcome: 'unknown',
      retryable: false,
      lookupKey: { externalUniqueId: 'order-x' },
    });
    expect((error as Error).message).toContain("findByExternalUniqueId('order-x')");
    expect(methods()).toEqual(['POST', 'GET']);
  });

  it('every attempt failed: unknown, never more than one offering', async () => {
    fake.createFaults.push('500-before-create', '500-before-create', '500-before-create');
    await using client = clientFor(fake, { maxRetries: 2 });
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1 }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ outcome: 'unknown', attempts: 3 });
    expect(methods()).toEqual(['POST', 'GET', 'POST', 'GET', 'POST', 'GET']);
    expect(fake.offerings.size).toBe(0);
  });

  it('the lookup itself is refused: outcome unknown, the lookup error as cause', async () => {
    fake.createFaults.push('reset-after-create');
    await using client = clientFor(fake, { readAuthToken: 'dots_read_revoked_0000' });
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-y' }));
    expect(error).toBeInstanceOf(ReconcileError);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      outcome: 'unknown',
      code: 'reconcile_failed',
      operation: 'dots.ecoClubOfferings.create',
      retryable: false,
      attempts: 1,
      lookupKey: { externalUniqueId: 'order-y' },
    });
    expect(error.cause).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("findByExternalUniqueId('order-y')");
    expect(methods()).toEqual(['POST', 'GET']);
    expect(fake.offerings.size).toBe(1);
  });

  it('the lookup after a refused resend fails: outcome unknown', async () => {
    fake.createFaults.push('reset-after-create');
    fake.staleLookups = 1;
    let lookups = 0;
    const list = http.get('*/eco-club-offering/list/:appToken', () => {
      lookups += 1;
      return lookups === 1
        ? HttpResponse.json([])
        : HttpResponse.json({ message: 'Access denied.' }, { status: 403 });
    });
    const post = http.post('*/eco-club-offering/add', async ({ request }) => {
      const body = (await request.json()) as { external_unique_id: string };
      if (fake.offerings.has(body.external_unique_id))
        return HttpResponse.json(
          { message: 'The external_unique_id has already been taken.' },
          { status: 422 },
        );
      fake.offerings.set(body.external_unique_id, {});
      return HttpResponse.error();
    });
    fake.server.use(post, list);
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-z' }));
    // The duplicate refusal proved the offering exists: applied, though it could not be read.
    expect(error).toBeInstanceOf(ReconcileError);
    expect(error).toMatchObject({ outcome: 'applied', code: 'reconcile_failed', attempts: 2 });
    expect((error as Error).message).toContain('external_unique_id has already been taken');
    expect((error as Error).message).toContain("findByExternalUniqueId('order-z')");
    expect(methods()).toEqual(['POST', 'GET', 'POST', 'GET']);
  });
});
