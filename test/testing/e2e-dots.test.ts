import { AuthenticationError, ConflictError, ProviderValidationError } from 'reservekit';
import { DotsClient, type DotsClientOptions, prefilledClaimUrl } from 'reservekit/dots';
import { createSimulator, type Simulator } from 'reservekit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../support/failure.js';
import { useSimulator } from '../support/simulator.js';

// The real DotsClient (undici, the shared transport) against the simulator on loopback.
const sim: Simulator = createSimulator({
  dots: {
    authToken: 'write-token-1234',
    readAuthToken: 'read-token-1234',
    apps: [{ appToken: 'app-token-1234', appId: 6 }],
  },
  // The log keeps the app token as sent: a test asserts which one the client put in the body.
  log: { raw: true },
});
const base = useSimulator(sim);
let client: DotsClient;

function newClient(options: Partial<DotsClientOptions> = {}): DotsClient {
  return new DotsClient({
    baseUrl: base.dots,
    authToken: 'write-token-1234',
    readAuthToken: 'read-token-1234',
    appToken: 'app-token-1234',
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

beforeEach(() => {
  client = newClient();
});
afterEach(() => client.close());

const calls = (operation: string) => sim.requests.filter((request) => request.operation === operation);

describe('creating a gift offering', () => {
  it('creates it with an external id and a claim URL carrying its code', async () => {
    const offering = await client.ecoClubOfferings.create({
      quantity: 2,
      title: 'Thanks',
      externalUniqueId: 'order-1',
    });
    const [stored] = sim.dots.offerings({ externalUniqueId: 'order-1' });
    expect(offering).toMatchObject({ uuid: stored?.uuid, quantity: 2, title: 'Thanks', code: stored?.code });
    expect(prefilledClaimUrl(offering)).toBe(
      `https://impact.dots.eco/app/6/eco-club/claim?ac=${stored?.code}`,
    );
    expect(calls('dots.createOffering')[0]?.body).toMatchObject({ app_token: 'app-token-1234', quantity: 2 });
  });

  it('always sends an external_unique_id, generated when none is given', async () => {
    await client.ecoClubOfferings.create({ quantity: 1 });
    expect(calls('dots.createOffering')[0]?.body).toHaveProperty('external_unique_id', expect.any(String));
  });

  it('uses the write token to create and the read token to list', async () => {
    await client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'a' });
    const listed = await client.ecoClubOfferings.list();
    expect(listed.map((offering) => offering.quantity)).toEqual([1]);
    expect(sim.requests.map((request) => request.status)).toEqual([200, 200]);
  });

  it('finds an offering by external id although list items do not echo it', async () => {
    const created = await client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-7' });
    await client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-8' });
    expect((await client.ecoClubOfferings.findByExternalUniqueId('order-7'))?.uuid).toBe(created.uuid);
    expect(await client.ecoClubOfferings.findByExternalUniqueId('order-9')).toBeUndefined();
  });
});

describe('refusals', () => {
  it('a taken code is a ConflictError', async () => {
    await client.ecoClubOfferings.create({ quantity: 1, code: 'gift-1' });
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, code: 'gift-1' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ providerCode: 'code_taken', status: 422 });
  });

  it('mail on a code-only club is a ProviderValidationError', async () => {
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, mail: 'a@b.example' }));
    expect(error).toBeInstanceOf(ProviderValidationError);
    expect(error).toMatchObject({ providerCode: 'email_not_allowed' });
  });

  it('a wrong token is an AuthenticationError that shows no token', async () => {
    const wrong = newClient({ authToken: 'not-the-token-99', readAuthToken: undefined });
    const error = await failure(wrong.ecoClubOfferings.create({ quantity: 1 }));
    await wrong.close();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 403, providerCode: 'access_denied' });
    expect(JSON.stringify(error)).not.toContain('not-the-token-99');
    expect(JSON.stringify(error)).not.toContain('app-token-1234');
  });
});

describe('exactly once', () => {
  it('a reset after the offering was created: the lookup finds it, nothing is sent twice', async () => {
    sim.faults.next('dots.createOffering', { reset: 'after' });
    const { data, meta } = await client.ecoClubOfferings
      .create({ quantity: 1, externalUniqueId: 'order-2' })
      .withMeta();
    expect(meta.reconciled).toBe(true);
    expect(sim.dots.offerings()).toHaveLength(1);
    expect(data.uuid).toBe(sim.dots.offerings()[0]?.uuid);
    expect(calls('dots.createOffering')).toHaveLength(1);
    expect(calls('dots.listOfferings')[0]?.query).toEqual({ 'external-unique-id': 'order-2' });
  });

  it('a 502 after the offering was created: found the same way', async () => {
    sim.faults.next('dots.createOffering', { status: 502, actFirst: true });
    const { meta } = await client.ecoClubOfferings.create({ quantity: 1 }).withMeta();
    expect(meta.reconciled).toBe(true);
    expect(sim.dots.offerings()).toHaveLength(1);
  });

  it('a timeout while the offering was created: found the same way', async () => {
    sim.faults.next('dots.createOffering', { delayMs: 500 });
    const { meta } = await client.ecoClubOfferings.create({ quantity: 1 }, { timeoutMs: 100 }).withMeta();
    expect(meta.reconciled).toBe(true);
    expect(sim.dots.offerings()).toHaveLength(1);
  });

  it('a reset before anything happened: the lookup finds nothing and the create is sent again, once', async () => {
    sim.faults.next('dots.createOffering', { reset: 'before' });
    const { meta } = await client.ecoClubOfferings.create({ quantity: 1 }).withMeta();
    expect(meta).toMatchObject({ reconciled: false, attempts: 2 });
    expect(calls('dots.createOffering')).toHaveLength(2);
    expect(sim.dots.offerings()).toHaveLength(1);
    // Both attempts carried the same external id.
    const ids = calls('dots.createOffering').map(
      (request) => (request.body as { external_unique_id: string }).external_unique_id,
    );
    expect(new Set(ids).size).toBe(1);
  });

  it('a lookup that does not see the offering yet, then a resend refused as a duplicate: found after all', async () => {
    sim.faults.next('dots.createOffering', { reset: 'after' });
    sim.faults.next('dots.listOfferings', { status: 200, body: [] });
    const { data, meta } = await client.ecoClubOfferings
      .create({ quantity: 1, externalUniqueId: 'order-3' })
      .withMeta();
    expect(meta.reconciled).toBe(true);
    expect(data.uuid).toBe(sim.dots.offerings()[0]?.uuid);
    expect(sim.dots.offerings()).toHaveLength(1);
  });
});

describe('the same external id with other parameters is always a conflict', () => {
  async function existingOffering(): Promise<void> {
    await client.ecoClubOfferings.create({ quantity: 5, externalUniqueId: 'order-x' });
  }

  it('with no faults: ConflictError external_unique_id_taken', async () => {
    await existingOffering();
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-x' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ providerCode: 'external_unique_id_taken', status: 422 });
    expect(sim.dots.offerings()).toHaveLength(1);
  });

  it('after a transient 500 on the create: ConflictError too, never the other offering', async () => {
    await existingOffering();
    sim.faults.next('dots.createOffering', { status: 500 });
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-x' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ providerCode: 'external_unique_id_taken', status: 422 });
    expect(sim.dots.offerings()).toHaveLength(1);
    expect(sim.dots.offerings()[0]?.quantity).toBe(5);
  });
});

describe('createOrGet: a handler that may run twice', () => {
  it('the second run returns the offering of the first, existing, and creates nothing', async () => {
    const handler = () =>
      client.ecoClubOfferings
        .createOrGet({ quantity: 2, title: 'Thanks', externalUniqueId: 'event-1' })
        .withMeta();
    const first = await handler();
    const second = await handler();
    expect(first.meta.existing).toBe(false);
    expect(second.meta.existing).toBe(true);
    expect(second.data.uuid).toBe(first.data.uuid);
    expect(sim.dots.offerings()).toHaveLength(1);
    expect(calls('dots.createOffering')).toHaveLength(1);
  });

  it('the same id with other parameters: ConflictError external_unique_id_taken', async () => {
    await client.ecoClubOfferings.createOrGet({ quantity: 5, externalUniqueId: 'event-2' });
    const error = await failure(
      client.ecoClubOfferings.createOrGet({ quantity: 1, externalUniqueId: 'event-2' }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ providerCode: 'external_unique_id_taken' });
    expect(sim.dots.offerings()).toHaveLength(1);
  });
});
