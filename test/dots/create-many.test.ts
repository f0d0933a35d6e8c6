import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  InputValidationError,
  ReservationError,
} from '../../src/core/errors.js';
import { judgeSurvey } from '../../src/dots/create-many.js';
import type { CreateOfferingBody } from '../../src/dots/create-params.js';
import {
  type CreateManyItem,
  type CreateManyProgress,
  DotsClient,
  type DotsClientOptions,
  type EcoClubOffering,
} from '../../src/dots/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { failure } from '../support/failure.js';

const APP = 'campaign-app-token';
const sim: Simulator = createSimulator({
  dots: { authToken: 'write-token-1234', readAuthToken: 'read-token-1234', apps: [{ appToken: APP }] },
});
let client: DotsClient;

function newClient(options: Partial<DotsClientOptions> = {}): DotsClient {
  return new DotsClient({
    // The fetch sender's clients are given sim.fetch() instead.
    ...(options.fetch ? {} : { dispatcher: sim.dispatcher() }),
    authToken: 'write-token-1234',
    readAuthToken: 'read-token-1234',
    appToken: APP,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

// Where the requests of the call under test start in the simulator's log.
let mark = 0;
function forgetRequests(): void {
  mark = sim.requests.length;
}

beforeEach(() => {
  sim.clear();
  mark = 0;
  client = newClient();
});
afterEach(() => client.close());

/** `n` gifts that differ only by id: the documented list cannot tell them apart. */
function alike(n: number, prefix = 'gift'): CreateManyItem[] {
  return Array.from({ length: n }, (_, i) => ({
    quantity: 1,
    title: 'Thank you',
    externalUniqueId: `${prefix}-${i}`,
  }));
}

/** `n` gifts each with its own name on the certificate: the list tells them apart. */
function named(n: number): CreateManyItem[] {
  return Array.from({ length: n }, (_, i) => ({
    quantity: 1,
    title: 'Thank you',
    nameOnCertificate: `Recipient ${i}`,
    externalUniqueId: `named-${i}`,
  }));
}

/** What the simulator saw: unfiltered lists, lookups by id, creates. */
function seen(): { lists: number; lookups: number; creates: number } {
  const requests = sim.requests.slice(mark);
  const lists = requests.filter((r) => r.operation === 'dots.listOfferings');
  return {
    lists: lists.filter((r) => r.query['external-unique-id'] === undefined).length,
    lookups: lists.filter((r) => r.query['external-unique-id'] !== undefined).length,
    creates: requests.filter((r) => r.operation === 'dots.createOffering').length,
  };
}

function ids(entries: readonly { item: CreateManyItem }[]): string[] {
  return entries.map((entry) => entry.item.externalUniqueId).sort();
}

describe('ecoClubOfferings.createMany: input', () => {
  it.each<[string, unknown, (string | number)[]]>([
    [
      'an item without externalUniqueId',
      [{ quantity: 1, externalUniqueId: 'a' }, { quantity: 1 }],
      [1, 'externalUniqueId'],
    ],
    ['an empty externalUniqueId', [{ quantity: 1, externalUniqueId: '' }], [0, 'externalUniqueId']],
    ['an item breaking a create rule', [{ quantity: 0, externalUniqueId: 'a' }], [0, 'quantity']],
    [
      'two items sharing an id',
      [
        { quantity: 1, externalUniqueId: 'same' },
        { quantity: 2, externalUniqueId: 'same' },
      ],
      [1, 'externalUniqueId'],
    ],
  ])('refuses %s before any request, naming the item by index', async (_, items, path) => {
    const error = await failure(client.ecoClubOfferings.createMany(items as CreateManyItem[]));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ operation: 'dots.ecoClubOfferings.createMany', outcome: 'not_sent' });
    expect((error as InputValidationError).issues.map((issue) => issue.path)).toEqual([path]);
    expect(sim.requests).toHaveLength(0);
  });

  it('does not print the repeated id', async () => {
    const error = await failure(
      client.ecoClubOfferings.createMany([
        { quantity: 1, externalUniqueId: 'secret-ish-id' },
        { quantity: 1, externalUniqueId: 'secret-ish-id' },
      ]),
    );
    expect((error as Error).message).toContain('item 0');
    expect((error as Error).message).not.toContain('secret-ish-id');
  });

  it.each<[string, unknown]>([
    ['not an array', { quantity: 1, externalUniqueId: 'a' }],
    ['null', null],
  ])('refuses items that are %s', async (_, items) => {
    const error = await failure(client.ecoClubOfferings.createMany(items as CreateManyItem[]));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(sim.requests).toHaveLength(0);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a concurrency of 0', { concurrency: 0 }, 'concurrency'],
    ['a concurrency of 65', { concurrency: 65 }, 'concurrency'],
    ['a fractional concurrency', { concurrency: 1.5 }, 'concurrency'],
    ['an onProgress that is not a function', { onProgress: 'yes' }, 'onProgress'],
    ['a bad request option', { timeoutMs: -1 }, 'timeoutMs'],
    ['an unknown option', { concurency: 4 }, 'concurency'],
  ])('refuses %s before any request', async (_, options, named) => {
    const error = await failure(client.ecoClubOfferings.createMany(alike(2), options as never));
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toContain(named);
    expect(sim.requests).toHaveLength(0);
  });

  it('an empty batch sends nothing', async () => {
    const result = await client.ecoClubOfferings.createMany([]);
    expect(result).toMatchObject({ created: [], existing: [], failed: [], unknown: [], notStarted: [] });
    expect(result.requests).toEqual({ lists: 0, lookups: 0, creates: 0 });
    expect(sim.requests).toHaveLength(0);
  });
});

describe('ecoClubOfferings.createMany: cost', () => {
  it('a fresh batch: one list read, then one create per item and no lookup', async () => {
    const items = alike(20);
    const result = await client.ecoClubOfferings.createMany(items);
    expect(ids(result.created)).toEqual(ids(items.map((item) => ({ item }))));
    expect(result).toMatchObject({ existing: [], failed: [], unknown: [], notStarted: [], aborted: false });
    expect(result.requests).toEqual({ lists: 1, lookups: 0, creates: 20 });
    expect(seen()).toEqual(result.requests);
    // The list is read with the read token, the creates sent with the write token.
    const [list] = sim.requests;
    expect(list?.operation).toBe('dots.listOfferings');
    expect(sim.dots.offerings()).toHaveLength(20);
  });

  it('each created entry pairs the caller’s own item with its offering', async () => {
    const items = named(3);
    const result = await client.ecoClubOfferings.createMany(items);
    for (const { item, offering } of result.created) {
      expect(items).toContain(item);
      expect(offering).toMatchObject({
        externalUniqueId: item.externalUniqueId,
        nameOnCertificate: item.nameOnCertificate,
      });
    }
  });

  it('a re-run of a fully created batch sends no create: items alike are each looked up by id', async () => {
    const items = alike(12);
    await client.ecoClubOfferings.createMany(items);
    forgetRequests();
    const again = await client.ecoClubOfferings.createMany(items);
    expect(again.created).toEqual([]);
    expect(ids(again.existing)).toEqual(ids(items.map((item) => ({ item }))));
    expect(again.requests).toEqual({ lists: 1, lookups: 12, creates: 0 });
    expect(seen()).toEqual(again.requests);
    expect(sim.dots.offerings()).toHaveLength(12);
  });

  it('a re-run after a partial run: only the items the list shows are looked up, the rest created at once', async () => {
    const items = named(10);
    await client.ecoClubOfferings.createMany(items.slice(0, 4));
    forgetRequests();
    const again = await client.ecoClubOfferings.createMany(items);
    expect(ids(again.existing)).toEqual(ids(items.slice(0, 4).map((item) => ({ item }))));
    expect(ids(again.created)).toEqual(ids(items.slice(4).map((item) => ({ item }))));
    expect(again.requests).toEqual({ lists: 1, lookups: 4, creates: 6 });
    expect(seen()).toEqual(again.requests);
    expect(sim.dots.offerings()).toHaveLength(10);
  });

  it('items of two apps: one list read per app', async () => {
    sim.dots.addApp({ appToken: 'second-app' });
    const items = [...alike(2, 'a'), ...alike(2, 'b').map((item) => ({ ...item, appToken: 'second-app' }))];
    const result = await client.ecoClubOfferings.createMany(items);
    expect(result.requests).toEqual({ lists: 2, lookups: 0, creates: 4 });
    expect(sim.dots.offerings({ appToken: 'second-app' })).toHaveLength(2);
  });
});

describe('ecoClubOfferings.createMany: each item once', () => {
  it('an id held by an offering with other parameters fails that item with a ConflictError', async () => {
    await client.ecoClubOfferings.create({ quantity: 5, title: 'Other', externalUniqueId: 'gift-1' });
    forgetRequests();
    const result = await client.ecoClubOfferings.createMany(alike(3));
    expect(ids(result.created)).toEqual(['gift-0', 'gift-2']);
    const [failed, ...more] = result.failed;
    expect(more).toEqual([]);
    expect(failed?.item.externalUniqueId).toBe('gift-1');
    expect(failed?.error).toBeInstanceOf(ConflictError);
    expect(failed?.error).toMatchObject({ providerCode: 'external_unique_id_taken', outcome: 'rejected' });
    expect(sim.dots.offerings({ externalUniqueId: 'gift-1' })).toHaveLength(1);
  });

  it('a lost answer is found again by its id: created, never sent twice', async () => {
    sim.faults.next('dots.createOffering', { reset: 'after' });
    const result = await client.ecoClubOfferings.createMany(alike(4), { concurrency: 1 });
    expect(result.created).toHaveLength(4);
    expect(result.requests).toEqual({ lists: 1, lookups: 1, creates: 4 });
    expect(seen()).toEqual(result.requests);
    expect(sim.dots.offerings()).toHaveLength(4);
  });

  it('a list that lags behind (an earlier run’s offering not shown yet): the duplicate refusal finds it', async () => {
    const items = named(3);
    await client.ecoClubOfferings.createMany(items.slice(0, 1));
    sim.clock.advance(1_000);
    forgetRequests();
    // The opening read does not show the offering made a moment ago; later lookups do.
    sim.faults.next('dots.listOfferings', { staleMs: 60_000 });
    const result = await client.ecoClubOfferings.createMany(items);
    expect(ids(result.existing)).toEqual(['named-0']);
    expect(ids(result.created)).toEqual(['named-1', 'named-2']);
    expect(result.requests).toEqual({ lists: 1, lookups: 1, creates: 3 });
    expect(sim.dots.offerings()).toHaveLength(3);
  });

  it('a create that may have acted and cannot be confirmed is unknown, with its lookupKey', async () => {
    await using strict = newClient({ maxRetries: 0 });
    // The opening list read passes; the lookups after the lost create fail.
    sim.faults.next('dots.listOfferings', { delayMs: 0 });
    sim.faults.next('dots.createOffering', { status: 502, actFirst: true });
    sim.faults.next('dots.listOfferings', { status: 500, times: 2 });
    const result = await strict.ecoClubOfferings.createMany(alike(1));
    const [unknown, ...more] = result.unknown;
    expect(more).toEqual([]);
    expect(unknown?.lookupKey).toEqual({ externalUniqueId: 'gift-0' });
    expect(unknown?.error).toBeInstanceOf(ReservationError);
    expect(['unknown', 'applied']).toContain(unknown?.error.outcome);
    expect(unknown?.error.lookupKey).toEqual({ externalUniqueId: 'gift-0' });
    // A re-run finds it.
    const again = await strict.ecoClubOfferings.createMany(alike(1));
    expect(ids(again.existing)).toEqual(['gift-0']);
    expect(sim.dots.offerings()).toHaveLength(1);
  });
});

describe('ecoClubOfferings.createMany: one deadline per item', () => {
  it('totalTimeoutMs bounds an item’s lookup and create together', async () => {
    await client.ecoClubOfferings.createMany(alike(1));
    forgetRequests();
    // Each request alone fits in 300 ms; a lookup and a create together do not.
    sim.faults.next('dots.listOfferings', { delayMs: 0 });
    sim.faults.next('dots.listOfferings', { delayMs: 200, times: 2 });
    sim.faults.next('dots.createOffering', { delayMs: 200 });
    const result = await client.ecoClubOfferings.createMany(alike(2), {
      totalTimeoutMs: 300,
      concurrency: 1,
    });
    // gift-0 exists: its lookup alone fits. gift-1 is looked up, then its create is cut off by the
    // item's deadline after the simulator acted: unknown, with the id to look it up by.
    expect(ids(result.existing)).toEqual(['gift-0']);
    expect(result.created).toEqual([]);
    const [cut, ...more] = result.unknown;
    expect(more).toEqual([]);
    expect(cut?.item.externalUniqueId).toBe('gift-1');
    expect(cut?.error).toMatchObject({ outcome: 'unknown', lookupKey: { externalUniqueId: 'gift-1' } });
    expect(sim.dots.offerings({ externalUniqueId: 'gift-1' })).toHaveLength(1);
  });
});

describe('ecoClubOfferings.createMany: the list read', () => {
  it('refused (a wrong app token): every item of the app fails with its error, nothing more is sent', async () => {
    const result = await client.ecoClubOfferings.createMany(
      alike(3).map((item) => ({ ...item, appToken: 'no-such-app' })),
    );
    expect(result.failed).toHaveLength(3);
    expect(result.failed[0]?.error).toBeInstanceOf(AuthenticationError);
    expect(result.failed[0]?.error).toMatchObject({ providerCode: 'invalid_app_token', outcome: 'rejected' });
    expect(result.requests).toEqual({ lists: 1, lookups: 0, creates: 0 });
    expect(sim.requests).toHaveLength(1);
  });

  it('failing otherwise (5xx): each item is looked up by its id before it is created', async () => {
    await using strict = newClient({ maxRetries: 0 });
    sim.faults.next('dots.listOfferings', { status: 500 });
    const result = await strict.ecoClubOfferings.createMany(alike(3));
    expect(result.created).toHaveLength(3);
    expect(result.requests).toEqual({ lists: 1, lookups: 3, creates: 3 });
    expect(seen()).toEqual(result.requests);
  });
});

describe('ecoClubOfferings.createMany: stopping', () => {
  it('the signal stops launching; launched items finish, the others are returned not started', async () => {
    const controller = new AbortController();
    const items = alike(20);
    const result = await client.ecoClubOfferings.createMany(items, {
      concurrency: 2,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.done === 5) controller.abort();
      },
    });
    expect(result.aborted).toBe(true);
    const settled = result.created.length;
    expect(settled).toBeGreaterThanOrEqual(5);
    expect(settled).toBeLessThan(20);
    expect(settled + result.notStarted.length).toBe(20);
    expect(sim.dots.offerings()).toHaveLength(settled);
    expect(result.requests.creates).toBe(settled);
  });

  it('an abort before the list read sends nothing more and starts nothing', async () => {
    const result = await client.ecoClubOfferings.createMany(alike(3), { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ aborted: true, created: [], failed: [], unknown: [] });
    expect(result.notStarted).toHaveLength(3);
    expect(sim.requests).toHaveLength(0);
  });

  it('a wrong company token stops launching (stoppedBy)', async () => {
    await using wrong = newClient({ authToken: 'revoked-token-0000' });
    const result = await wrong.ecoClubOfferings.createMany(alike(10), { concurrency: 2 });
    expect(result.stoppedBy).toBeInstanceOf(AuthenticationError);
    expect(result.failed.length).toBeGreaterThanOrEqual(1);
    expect(result.failed.length).toBeLessThanOrEqual(2);
    expect(result.failed.length + result.notStarted.length).toBe(10);
    expect(sim.dots.offerings()).toHaveLength(0);
  });
});

describe('ecoClubOfferings.createMany: progress and concurrency', () => {
  it('reports the counts after each item, ending with every item done', async () => {
    await client.ecoClubOfferings.createMany(alike(2));
    const progress: CreateManyProgress[] = [];
    await client.ecoClubOfferings.createMany(alike(5), { onProgress: (p) => progress.push(p) });
    expect(progress).toHaveLength(5);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.at(-1)).toEqual({ created: 3, existing: 2, failed: 0, unknown: 0, done: 5, total: 5 });
  });

  it('a throwing onProgress does not stop the batch', async () => {
    const result = await client.ecoClubOfferings.createMany(alike(3), {
      onProgress: () => {
        throw new Error('boom');
      },
    });
    expect(result.created).toHaveLength(3);
  });

  it('keeps at most `concurrency` items in flight', async () => {
    let inFlight = 0;
    let most = 0;
    await using watched = newClient({
      hooks: {
        onRequest: () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
        },
        onResponse: () => {
          inFlight -= 1;
        },
      },
    });
    sim.faults.next('dots.createOffering', { delayMs: 5, times: 30 });
    await watched.ecoClubOfferings.createMany(alike(30), { concurrency: 3 });
    expect(most).toBe(3);
  });
});

describe('judgeSurvey', () => {
  const body = (id: string, fields: Partial<CreateOfferingBody> = {}): CreateOfferingBody => ({
    app_token: APP,
    quantity: 1,
    title: 'Thank you',
    external_unique_id: id,
    ...fields,
  });
  const offering = (fields: Partial<EcoClubOffering>): EcoClubOffering => ({
    uuid: `u-${Math.random()}`,
    quantity: 1,
    claimUrl: 'https://impact.dots.eco/app/6/eco-club/claim',
    title: 'Thank you',
    ...fields,
  });

  it('a list carrying ids settles each item by its id alone', () => {
    const ours = offering({ externalUniqueId: 'a' });
    const verdicts = judgeSurvey(
      [body('a'), body('b'), body('c')],
      [ours, offering({ externalUniqueId: 'b', quantity: 9 }), offering({ externalUniqueId: 'z' })],
    );
    expect(verdicts[0]).toEqual({ kind: 'existing', offering: ours });
    expect(verdicts[1]).toMatchObject({
      kind: 'refused',
      error: { providerCode: 'external_unique_id_taken' },
    });
    expect(verdicts[2]).toEqual({ kind: 'absent' });
  });

  it('an offering without an id showing an item’s fields makes it unsure, never existing', () => {
    const verdicts = judgeSurvey([body('a'), body('b', { quantity: 2 })], [offering({})]);
    expect(verdicts).toEqual([{ kind: 'unsure' }, { kind: 'absent' }]);
  });
});

// Every fault placed after Dots.eco acted, each followed by lookups that lag (the new offering not
// listed yet) or show someone else's alike offering: one offering per id, and the caller is told
// the truth — created, or unknown with its lookupKey, never failed for what exists.
describe.each(['undici', 'fetch'] as const)(
  'ecoClubOfferings.createMany: faults after Dots.eco acted (%s sender)',
  (sender) => {
    // The fetch sender reaches the same in-process simulator through sim.fetch().
    beforeEach(async () => {
      if (sender !== 'fetch') return;
      await client.close();
      client = newClient({ fetch: sim.fetch() });
    });

    const AFTER_ACTING = [
      ['a reset', { reset: 'after' }],
      ['a 502', { status: 502, actFirst: true }],
      ['a 503', { status: 503, actFirst: true }],
      ['a 504', { status: 504, actFirst: true }],
      ['a cut body', { cutBody: true }],
    ] as const;

    it.each(AFTER_ACTING)('%s, then lookups that lag', async (_name, fault) => {
      // Someone else's offering with the same fields: the list shows it, but its id is not ours.
      await client.ecoClubOfferings.createMany(alike(1, 'other'));
      forgetRequests();
      sim.faults.next('dots.listOfferings', { delayMs: 0 }); // the opening read is current
      sim.faults.next('dots.createOffering', fault);
      sim.faults.next('dots.listOfferings', { staleMs: 60_000, times: 2 });
      const result = await client.ecoClubOfferings.createMany(alike(3), { concurrency: 1 });
      for (const id of ['gift-0', 'gift-1', 'gift-2'])
        expect(sim.dots.offerings({ externalUniqueId: id }), id).toHaveLength(1);
      expect(result.failed).toEqual([]);
      expect(result.created.length + result.existing.length + result.unknown.length).toBe(3);
      for (const { item, error, lookupKey } of result.unknown) {
        expect(['unknown', 'applied']).toContain(error.outcome);
        expect(lookupKey).toEqual({ externalUniqueId: item.externalUniqueId });
      }
      // What it hands over is this item's own offering, never someone else's.
      for (const { item, offering } of [...result.created, ...result.existing]) {
        const [own] = sim.dots.offerings({ externalUniqueId: item.externalUniqueId });
        expect(offering.uuid).toBe(own?.uuid);
      }
    });
  },
);
