import { describe, expect, it } from 'vitest';
import { AbortedError, InputValidationError, ServerError, TimeoutError } from '../../src/core/errors.js';
import {
  DidwwClient,
  type DidwwClientOptions,
  type HoldManyParams,
  RateLimiter,
} from '../../src/didww/index.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/testing/index.js';
import { failure } from '../support/failure.js';
import { ERROR_422_AVAILABLE_DID } from './fixtures.js';

const GB = '1f6fc2bd-f081-4202-9b1a-d9cb88d942b9';
const LATEST = '2026-11-19';
const BLOCK = 'launch desk A';

/** A simulator without a rate limit, `stock` numbers in GB. */
function seeded(stock: number, didww: SimulatorOptions['didww'] = {}): Simulator {
  const sim = createSimulator({ didww: { rateLimitPerSecond: false, maxReservations: 50, ...didww } });
  sim.didww.addAvailableDids({ countryId: GB, count: stock });
  return sim;
}

/** A client of the in-process simulator, through undici (the Node default) or the fetch sender. */
function simClient(
  sim: Simulator,
  options: Partial<DidwwClientOptions> = {},
  sender: 'undici' | 'fetch' = 'undici',
): DidwwClient {
  return new DidwwClient({
    apiKey: sim.credentials.didww.apiKey,
    ...(sender === 'fetch' ? { fetch: sim.fetch() } : { dispatcher: sim.dispatcher() }),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    rateLimit: false,
    ...options,
  });
}

const block = (count: number, extra: Partial<HoldManyParams> = {}): HoldManyParams => ({
  filter: { countryId: GB },
  count,
  description: BLOCK,
  ...extra,
});

const calls = (sim: Simulator, operation: string) =>
  sim.requests.filter((request) => request.operation === operation);
const creates = (sim: Simulator) => calls(sim, 'didww.createReservation');
const blockHolds = (sim: Simulator) => sim.didww.reservations().filter((hold) => hold.description === BLOCK);

/** The block's holds at the simulator: how many, and whether any number is held twice. */
function expectBlock(sim: Simulator, count: number): void {
  const holds = blockHolds(sim);
  expect(holds).toHaveLength(count);
  expect(new Set(holds.map((hold) => hold.availableDidId)).size).toBe(count);
}

// A 422 on the number: taken by someone between the search and the hold.
const TAKEN = { status: 422, body: ERROR_422_AVAILABLE_DID } as const;

describe('didReservations.holdMany', () => {
  it('lists the block, searches once and holds count numbers with the description', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim);
    const result = await client.didReservations.holdMany(block(4));
    expect(result.shortfall).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(result.existing).toBe(0);
    expect(result.holds).toHaveLength(4);
    expect(result.holds.every((hold) => hold.description === BLOCK)).toBe(true);
    // Each hold names its number.
    const numbers = new Set(sim.didww.reservations().map((hold) => hold.number));
    expect(result.holds.every((hold) => numbers.has(hold.availableDid?.number ?? ''))).toBe(true);
    expectBlock(sim, 4);
    expect(sim.requests.map((request) => request.operation)).toEqual([
      'didww.listReservations',
      'didww.listAvailableDids',
      ...Array(4).fill('didww.createReservation'),
    ]);
    const [list, search] = sim.requests;
    expect(list?.query['filter[description]']).toBe(BLOCK);
    expect(list?.query.include).toBe('available_did');
    expect(search?.query['filter[country.id]']).toBe(GB);
  });

  it('tops a block up on a re-run, and sends no create once it is complete', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim);
    await client.didReservations.holdMany(block(3));
    const before = creates(sim).length;
    const topped = await client.didReservations.holdMany(block(5));
    expect(topped).toMatchObject({ existing: 3 });
    expect(topped.holds).toHaveLength(5);
    expect(topped.shortfall).toBeUndefined();
    expect(creates(sim).length - before).toBe(2);
    expectBlock(sim, 5);

    const again = await client.didReservations.holdMany(block(5));
    expect(again).toMatchObject({ existing: 5 });
    expect(creates(sim).length - before).toBe(2);
    expect(calls(sim, 'didww.listAvailableDids')).toHaveLength(2);
    expectBlock(sim, 5);
  });

  it('counts only holds whose description is exactly the block’s', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim);
    const [other] = sim.didww.availableDids();
    await client.didReservations.create({ availableDidId: other?.id ?? '', description: 'another block' });
    const result = await client.didReservations.holdMany(block(2));
    expect(result.existing).toBe(0);
    expectBlock(sim, 2);
    expect(sim.didww.reservations()).toHaveLength(3);
  });

  it('moves to the next number when one was taken between search and hold', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim);
    sim.faults.next('didww.createReservation', { ...TAKEN, times: 2 });
    const result = await client.didReservations.holdMany(block(3));
    expect(result.shortfall).toBeUndefined();
    expect(result.holds).toHaveLength(3);
    expect(creates(sim)).toHaveLength(5);
    // The refused numbers were each tried once, and are not in the block.
    const tried = creates(sim).map((request) => JSON.stringify(request.body));
    expect(new Set(tried).size).toBe(5);
    expectBlock(sim, 3);
  });

  it('searches again when the candidates of a search run out', async () => {
    await using sim = seeded(10, { availableDidsCap: 3 });
    await using client = simClient(sim);
    const result = await client.didReservations.holdMany(block(5));
    expect(result.holds).toHaveLength(5);
    expect(calls(sim, 'didww.listAvailableDids')).toHaveLength(2);
    expectBlock(sim, 5);
  });

  it('stops with no_stock when nothing is left to try', async () => {
    await using sim = seeded(3);
    await using client = simClient(sim);
    const result = await client.didReservations.holdMany(block(5));
    expect(result).toMatchObject({ shortfall: 'no_stock', existing: 0 });
    expect(result.holds).toHaveLength(3);
    expect(result.error).toBeUndefined();
    expect(creates(sim)).toHaveLength(3);
  });

  it('stops at the plan’s cap read from meta.available_count, without a create beyond it', async () => {
    await using sim = seeded(10, { maxReservations: 4 });
    await using client = simClient(sim);
    const result = await client.didReservations.holdMany(block(6));
    expect(result.shortfall).toBe('plan_limit');
    expect(result.holds).toHaveLength(4);
    expect(creates(sim)).toHaveLength(4);
    // The cap is read again before it is called reached (holds lapse, others release theirs).
    expect(calls(sim, 'didww.listReservations')).toHaveLength(2);
  });

  it('stops at a 422 that names the plan’s limit', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim);
    const limit = {
      errors: [
        {
          ...ERROR_422_AVAILABLE_DID.errors[0],
          detail: 'available_did - reservation limit of 10 reached',
        },
      ],
    };
    sim.faults.next('didww.createReservation', { status: 422, body: limit });
    const result = await client.didReservations.holdMany(block(3));
    expect(result).toMatchObject({ shortfall: 'plan_limit', holds: [] });
    expect(creates(sim)).toHaveLength(1);
  });

  it('after a round of refusals reads the cap again, and never tries a number twice', async () => {
    await using sim = seeded(3);
    await using client = simClient(sim);
    sim.faults.next('didww.createReservation', { ...TAKEN, times: 3 });
    const result = await client.didReservations.holdMany(block(2));
    expect(result).toMatchObject({ shortfall: 'no_stock', holds: [] });
    expect(creates(sim)).toHaveLength(3);
    expect(sim.requests.map((request) => request.operation)).toEqual([
      'didww.listReservations',
      'didww.listAvailableDids',
      ...Array(3).fill('didww.createReservation'),
      'didww.listReservations',
      'didww.listAvailableDids',
    ]);
  });

  it('finds the hold of a lost answer instead of holding another number', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim);
    sim.faults.next('didww.createReservation', { reset: 'after' });
    const result = await client.didReservations.holdMany(block(3));
    expect(result.holds).toHaveLength(3);
    expect(result.shortfall).toBeUndefined();
    expectBlock(sim, 3);
  });

  it('ends with failed and an unknown outcome when a create cannot be settled; a re-run completes', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim, { maxRetries: 0 });
    await client.didReservations.holdMany(block(1));
    sim.faults.next('didww.createReservation', { status: 500, actFirst: true });
    // The block's own list is up to date; the create's lookup after the 500 does not see its hold yet.
    sim.faults.next('didww.listReservations', { staleMs: 0 });
    sim.faults.next('didww.listReservations', { staleMs: 60_000 });
    const result = await client.didReservations.holdMany(block(4));
    expect(result.shortfall).toBe('failed');
    expect(result.error).toBeInstanceOf(ServerError);
    expect(result.error?.outcome).toBe('unknown');
    expect(result.error?.lookupKey).toBeDefined();
    expect(result.holds).toHaveLength(1);
    expect(blockHolds(sim)).toHaveLength(2);

    const resumed = await client.didReservations.holdMany(block(4));
    expect(resumed).toMatchObject({ existing: 2 });
    expect(resumed.shortfall).toBeUndefined();
    expectBlock(sim, 4);
  });

  it('stops with aborted when the signal fires, before or between holds', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim);
    const before = await client.didReservations.holdMany(block(3), { signal: AbortSignal.abort() });
    expect(before).toEqual({ holds: [], existing: 0, shortfall: 'aborted' });
    expect(sim.requests).toHaveLength(0);

    const controller = new AbortController();
    const between = await client.didReservations.holdMany(
      block(5, { onHold: (_hold, { held }) => held === 2 && controller.abort() }),
      { signal: controller.signal },
    );
    expect(between.shortfall).toBe('aborted');
    expect(between.holds).toHaveLength(2);
    expect(between.error).toBeUndefined();
    expectBlock(sim, 2);
  });

  it('an abort during a create ends the block with that AbortedError', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim);
    sim.faults.next('didww.createReservation', { delayMs: 5_000 });
    const result = await client.didReservations.holdMany(block(3), { signal: AbortSignal.timeout(100) });
    expect(result.shortfall).toBe('aborted');
    expect(result.error).toBeInstanceOf(AbortedError);
    expect(result.error?.outcome).toBe('unknown');
  });

  it('bounds the whole block by totalTimeoutMs', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim);
    sim.faults.next('didww.createReservation', { delayMs: 60, times: 10 });
    const result = await client.didReservations.holdMany(block(10), { totalTimeoutMs: 150 });
    expect(result.shortfall).toBe('failed');
    expect(result.error).toBeInstanceOf(TimeoutError);
    expect(result.holds.length).toBeLessThan(10);
  });

  it('paces its requests with the client’s rate limiter', async () => {
    await using sim = seeded(10);
    // 20 requests a second, no burst: one every 50 ms.
    await using client = simClient(sim, { rateLimit: new RateLimiter(20, 1) });
    const started = performance.now();
    await client.didReservations.holdMany(block(4));
    // list, search and 4 creates: 5 intervals between 6 requests.
    expect(sim.requests).toHaveLength(6);
    expect(performance.now() - started).toBeGreaterThanOrEqual(5 * 50 - 10);
  });

  it('ignores an onHold that throws', async () => {
    await using sim = seeded(10);
    await using client = simClient(sim);
    const seen: number[] = [];
    const result = await client.didReservations.holdMany(
      block(3, {
        onHold: (_hold, { held, requested }) => {
          seen.push(held);
          expect(requested).toBe(3);
          throw new Error('callback bug');
        },
      }),
    );
    expect(result.holds).toHaveLength(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('holds numbers by numberType under API 2026-11-19, with bearer tokens', async () => {
    await using sim = createSimulator({ didww: { rateLimitPerSecond: false } });
    const mobile = sim.didww.addAvailableDids({ countryId: GB, count: 3, numberType: 'mobile' });
    sim.didww.addAvailableDids({ countryId: GB, count: 3, numberType: 'local' });
    await using client = simClient(sim, { apiVersion: LATEST, tokenUrl: sim.didww.tokenUrl });
    const result = await client.didReservations.holdMany(
      block(2, { filter: { countryId: GB, numberType: 'mobile' } }),
    );
    expect(result.holds).toHaveLength(2);
    const mobileIds = new Set(mobile.map((did) => did.id));
    expect(result.holds.every((hold) => mobileIds.has(hold.availableDidId ?? ''))).toBe(true);
    expect(sim.didww.tokensMinted()).toBe(1);
    const search = calls(sim, 'didww.listAvailableDids')[0];
    expect(search?.query['filter[did_group.number_type]']).toBe('mobile');
    expectBlock(sim, 2);
  });

  describe('refuses bad arguments before any request', () => {
    it.each([
      ['a count of 0', block(0), 'count'],
      ['a fractional count', block(1.5), 'count'],
      ['an empty description', block(2, { description: '' }), 'description'],
      ['a blank description', block(2, { description: '  ' }), 'description'],
      ['a description with a comma', block(2, { description: 'a,b' }), 'description'],
      ['a description with NUL', block(2, { description: 'a\u0000b' }), 'description'],
      ['a filter id that is not a UUID', block(2, { filter: { countryId: 'GB' } }), 'filter'],
      ['numberType before 2026-11-19', block(2, { filter: { numberType: 'mobile' } }), 'filter'],
    ])('%s', async (_name, params, path) => {
      await using sim = seeded(3);
      await using client = simClient(sim);
      const error = await failure(client.didReservations.holdMany(params));
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error.outcome).toBe('not_sent');
      expect(error.message).toContain(path);
      expect(sim.requests).toHaveLength(0);
    });

    it('an unknown key, a missing filter, bad options', async () => {
      await using sim = seeded(3);
      await using client = simClient(sim);
      const unknown = { ...block(2), cuont: 3 } as HoldManyParams;
      expect(await failure(client.didReservations.holdMany(unknown))).toBeInstanceOf(InputValidationError);
      const { filter: _dropped, ...noFilter } = block(2);
      expect(await failure(client.didReservations.holdMany(noFilter as HoldManyParams))).toBeInstanceOf(
        InputValidationError,
      );
      expect(await failure(client.didReservations.holdMany(block(2), { totalTimeoutMs: 0 }))).toBeInstanceOf(
        InputValidationError,
      );
      expect(sim.requests).toHaveLength(0);
    });

    it('didGroupTypeId under 2026-11-19', async () => {
      await using sim = seeded(3);
      await using client = simClient(sim, { apiVersion: LATEST, tokenUrl: sim.didww.tokenUrl });
      const error = await failure(
        client.didReservations.holdMany(block(2, { filter: { didGroupTypeId: GB } })),
      );
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error.message).toContain('numberType');
      expect(sim.requests).toHaveLength(0);
    });
  });
});

// Every fault placed after DIDWW acted, each followed by a hold lookup that lags: never two holds
// for one number nor more than `count`, and a shortfall says what may exist.
describe.each(['undici', 'fetch'] as const)(
  'didReservations.holdMany: faults after DIDWW acted (%s sender)',
  (sender) => {
    it.each([
      ['a reset', { reset: 'after' }],
      ['a 502', { status: 502, actFirst: true }],
      ['a 503', { status: 503, actFirst: true }],
      ['a 504', { status: 504, actFirst: true }],
      ['a cut body', { cutBody: true }],
    ] as const)('%s, then a lookup that lags', async (_name, fault) => {
      await using sim = seeded(10);
      // An earlier block's hold: the lookup must not take it as this block's.
      await using client = simClient(sim, {}, sender);
      await client.didReservations.holdMany({ ...block(1), description: 'another block' });
      sim.faults.next('didww.listReservations', { delayMs: 0 }); // the block's own list is current
      sim.faults.next('didww.createReservation', fault);
      sim.faults.next('didww.listReservations', { staleMs: 60_000, times: 3 });
      const result = await client.didReservations.holdMany(block(3));
      const held = blockHolds(sim);
      expect(held.length).toBeLessThanOrEqual(3);
      expect(new Set(held.map((hold) => hold.availableDidId)).size).toBe(held.length);
      expect(result.holds.every((hold) => hold.description === BLOCK)).toBe(true);
      if (result.shortfall === undefined) expect(result.holds).toHaveLength(3);
      else {
        expect(result.shortfall).toBe('failed');
        expect(['unknown', 'applied']).toContain(result.error?.outcome);
        expect(result.error?.lookupKey).toBeDefined();
      }
      // A re-run, once DIDWW's list has caught up, completes the block, never beyond it (a list that
      // still lags cannot show a re-run what exists: docs/campaigns.md, "Not known").
      sim.faults.clear();
      const again = await client.didReservations.holdMany(block(3));
      expect(again.holds).toHaveLength(3);
      expectBlock(sim, 3);
    });
  },
);
