import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ArianeeReserveManyProgress } from '../../src/arianee/index.js';
import {
  AuthenticationError,
  InputValidationError,
  NoInventoryError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { fakePool, linkObjectBody, linkOf, nmpClient, noNftsResponse, RESERVE_PATH } from './fake-nmp.js';

const server = useHandlerServer();

/** Answers the n-th request (1-based) with `answer(n)`. */
function byRequest(answer: (n: number) => Response | Promise<Response>) {
  let n = 0;
  return http.get(RESERVE_PATH, () => {
    n += 1;
    return answer(n);
  });
}

function ids(items: { certificateId: number }[]): number[] {
  return items.map((item) => item.certificateId).sort((a, b) => a - b);
}

describe('reserveMany', () => {
  it('reserves exactly count passports from a large pool, one request each', async () => {
    const pool = fakePool(100, 5);
    server.use(pool.handler);
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 10, concurrency: 4 });
    await client.close();
    expect(batch.reserved).toHaveLength(10);
    expect(ids(batch.reserved)).toEqual([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010]);
    expect(batch).toMatchObject({
      exhausted: false,
      aborted: false,
      stoppedBy: undefined,
      failed: [],
      unknownOutcomes: 0,
    });
    expect(server.requests).toHaveLength(10);
    expect(pool.peakInFlight()).toBeLessThanOrEqual(4);
    expect(server.requests.every((request) => request.query.get('tags') === 'vip')).toBe(true);
  });

  it('keeps exactly `concurrency` calls in flight', async () => {
    // Requests are answered in groups of 3 once 3 are in flight together (or after 2 s, so a bug
    // fails the assertion instead of hanging): a client that sent fewer or more at once shows in `peak`.
    let inFlight = 0;
    let peak = 0;
    let release: () => void = () => undefined;
    let gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      byRequest(async (n) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        if (inFlight === 3) {
          release();
          gate = new Promise<void>((resolve) => {
            release = resolve;
          });
        } else await Promise.race([gate, delay(2_000)]);
        inFlight -= 1;
        return HttpResponse.json(linkObjectBody(n));
      }),
    );
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 6, concurrency: 3 });
    await client.close();
    expect(batch.reserved).toHaveLength(6);
    expect(peak).toBe(3);
    expect(server.requests).toHaveLength(6);
  });

  it('stops launching when the pool runs dry mid-batch and returns everything reserved', async () => {
    const pool = fakePool(7, 5);
    server.use(pool.handler);
    const client = nmpClient(server);
    const progress: ArianeeReserveManyProgress[] = [];
    const batch = await client.reserveMany({
      tags: 'vip',
      count: 50,
      concurrency: 4,
      onProgress: (p) => progress.push(p),
    });
    await client.close();
    expect(ids(batch.reserved)).toEqual([1001, 1002, 1003, 1004, 1005, 1006, 1007]);
    expect(batch.exhausted).toBe(true);
    expect(batch.stoppedBy).toBeInstanceOf(NoInventoryError);
    expect((batch.stoppedBy as NoInventoryError).providerCode).toBe(
      'nmp.back.dispenser.oneToOne.noNFTsToSend',
    );
    expect(batch.failed).toEqual([]);
    // The 7 passports, then at most one 400 per call that was in flight when the first 400 came.
    expect(server.requests.length).toBeGreaterThanOrEqual(8);
    expect(server.requests.length).toBeLessThanOrEqual(7 + 4);
    expect(pool.peakInFlight()).toBeLessThanOrEqual(4);
    expect(progress.at(-1)).toEqual({ reserved: 7, failed: 0, requested: 50 });
  });

  it.each([
    ['an authentication error', () => HttpResponse.json({ message: 'Unauthorized' }, { status: 401 }), {}],
    [
      'the failure that reached maxFailures',
      () => HttpResponse.json({ message: 'boom' }, { status: 500 }),
      { maxFailures: 1 },
    ],
  ])(
    'exhausted always comes with the NoInventoryError, even after %s stopped the batch',
    async (_label, first, extra) => {
      // Two calls in flight: the first answers at once with an error that stops the batch, the
      // second a little later with the empty pool.
      server.use(
        byRequest(async (n) => {
          if (n === 1) return first();
          await delay(30);
          return noNftsResponse();
        }),
      );
      const client = nmpClient(server);
      const batch = await client.reserveMany({ tags: 'vip', count: 10, concurrency: 2, ...extra });
      await client.close();
      expect(batch.exhausted).toBe(true);
      expect(batch.stoppedBy).toBeInstanceOf(NoInventoryError);
      expect(batch.failed).toHaveLength(1);
      expect(server.requests).toHaveLength(2);
    },
  );

  it('an empty pool or unknown tag ends at once', async () => {
    server.use(http.get(RESERVE_PATH, () => noNftsResponse()));
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'no-such-tag', count: 50, concurrency: 1 });
    await client.close();
    expect(batch).toMatchObject({ reserved: [], exhausted: true, failed: [] });
    expect(server.requests).toHaveLength(1);
  });

  it('never returns more than count, even when calls race for the last ones', async () => {
    server.use(fakePool(1_000, 2).handler);
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 5, concurrency: 64 });
    await client.close();
    expect(batch.reserved).toHaveLength(5);
    expect(server.requests).toHaveLength(5);
  });

  it('a failure mid-batch is collected, flagged when a passport may be taken, and the batch goes on', async () => {
    server.use(
      byRequest((n) =>
        n === 3
          ? HttpResponse.json({ message: 'boom' }, { status: 500 })
          : HttpResponse.json(linkObjectBody(n)),
      ),
    );
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 5, concurrency: 1 });
    await client.close();
    // The 500 may have taken passport number 3: one more success would make 6 for a count of 5.
    expect(ids(batch.reserved)).toEqual([1, 2, 4, 5]);
    expect(batch.failed).toHaveLength(1);
    expect(batch.failed[0]?.error).toBeInstanceOf(ServerError);
    expect(batch.failed[0]?.mayHaveReserved).toBe(true);
    expect(batch.failed[0]?.error.message).toContain('a passport may have been reserved');
    expect(batch.unknownOutcomes).toBe(1);
    expect(batch.stoppedBy).toBeUndefined();
    // The 500 was not retried: 4 successes + 1 failure.
    expect(server.requests).toHaveLength(5);
  });

  it('never takes more than count passports when calls act and then fail', async () => {
    // The first 4 calls take a passport and lose the answer (the connection resets); later calls
    // answer. Every call that reaches the NMP takes a passport.
    let taken = 0;
    server.use(
      byRequest(async (n) => {
        taken += 1;
        await delay(5);
        return n <= 4 ? HttpResponse.error() : HttpResponse.json(linkObjectBody(n));
      }),
    );
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 3, concurrency: 4 });
    await client.close();
    expect(taken).toBeLessThanOrEqual(3);
    expect(batch.reserved.length + batch.unknownOutcomes).toBeLessThanOrEqual(3);
    expect(batch.unknownOutcomes).toBe(3);
    expect(batch.failed.every((failure) => failure.mayHaveReserved)).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it('a call that may have reserved holds its place; the batch fills the rest', async () => {
    // count 6, concurrency 3: the 2nd call is a 502 after the NMP acted.
    let taken = 0;
    server.use(
      byRequest(async (n) => {
        taken += 1;
        await delay(5);
        return n === 2
          ? HttpResponse.json({ message: 'bad gateway' }, { status: 502 })
          : HttpResponse.json(linkObjectBody(n));
      }),
    );
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 6, concurrency: 3 });
    await client.close();
    expect(batch.reserved).toHaveLength(5);
    expect(batch.unknownOutcomes).toBe(1);
    expect(taken).toBe(6);
    expect(server.requests).toHaveLength(6);
  });

  it('a failure that cannot have reserved does not hold a place', async () => {
    server.use(
      byRequest((n) =>
        n === 1
          ? HttpResponse.json({ message: 'planned' }, { status: 503, headers: { 'retry-after': '0' } })
          : HttpResponse.json(linkObjectBody(n)),
      ),
    );
    const client = nmpClient(server);
    // A 503 with Retry-After is a planned refusal: the NMP did not act.
    const batch = await client.reserveMany({ tags: 'vip', count: 3, concurrency: 1 }, { maxRetries: 0 });
    await client.close();
    expect(ids(batch.reserved)).toEqual([2, 3, 4]);
    expect(batch.failed).toHaveLength(1);
    expect(batch.failed[0]?.mayHaveReserved).toBe(false);
    expect(batch.unknownOutcomes).toBe(0);
    expect(server.requests).toHaveLength(4);
  });

  it('transient 503s are retried inside each call and cost no passport', async () => {
    server.use(
      byRequest((n) =>
        n % 2 === 1
          ? HttpResponse.json({ message: 'busy' }, { status: 503, headers: { 'retry-after': '0' } })
          : HttpResponse.json(linkObjectBody(n)),
      ),
    );
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 3, concurrency: 1 });
    await client.close();
    expect(ids(batch.reserved)).toEqual([2, 4, 6]);
    expect(batch.failed).toEqual([]);
    expect(server.requests).toHaveLength(6);
  });

  it('an authentication error stops the batch; what was reserved before is kept', async () => {
    server.use(
      byRequest((n) =>
        n <= 2
          ? HttpResponse.json(linkObjectBody(n))
          : HttpResponse.json({ message: 'Unauthorized' }, { status: 401 }),
      ),
    );
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 20, concurrency: 1 });
    await client.close();
    expect(ids(batch.reserved)).toEqual([1, 2]);
    expect(batch.stoppedBy).toBeInstanceOf(AuthenticationError);
    expect(batch.failed).toHaveLength(1);
    expect(batch.failed[0]?.mayHaveReserved).toBe(false);
    expect(batch.unknownOutcomes).toBe(0);
    expect(server.requests).toHaveLength(3);
  });

  it('an unreadable 200 stops the batch (each further call would burn a passport)', async () => {
    server.use(byRequest(() => HttpResponse.json({ unexpected: true })));
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 20, concurrency: 1 });
    await client.close();
    expect(batch.stoppedBy).toBeInstanceOf(ResponseValidationError);
    expect(batch.failed[0]?.mayHaveReserved).toBe(true);
    expect(batch.unknownOutcomes).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('stops after maxFailures failures', async () => {
    server.use(byRequest(() => HttpResponse.json({ message: 'down' }, { status: 500 })));
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 20, concurrency: 2, maxFailures: 3 });
    await client.close();
    expect(batch.reserved).toEqual([]);
    expect(batch.stoppedBy).toBeInstanceOf(ServerError);
    expect(batch.failed.length).toBeGreaterThanOrEqual(3);
    expect(batch.unknownOutcomes).toBe(batch.failed.length);
    // Launching stops at the 3rd failure; one more call may have been in flight.
    expect(server.requests.length).toBeLessThanOrEqual(3 + 1);
  });

  it('abort mid-batch stops launching; calls in flight finish and their passports are returned', async () => {
    // Every request takes a passport, then waits until the 4th arrives: the caller aborts right
    // then, with 4 calls in flight at the NMP, and the NMP answers them all.
    const controller = new AbortController();
    let taken = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      byRequest(async (n) => {
        taken += 1;
        if (n === 4) {
          controller.abort();
          release();
        }
        await gate;
        return HttpResponse.json(linkObjectBody(n));
      }),
    );
    const client = nmpClient(server);
    const batch = await client.reserveMany(
      { tags: 'vip', count: 10, concurrency: 4 },
      { signal: controller.signal },
    );
    await client.close();
    expect(batch).toMatchObject({ aborted: true, exhausted: false, stoppedBy: undefined, failed: [] });
    expect(ids(batch.reserved)).toEqual([1, 2, 3, 4]);
    expect(batch.unknownOutcomes).toBe(0);
    // Nothing was lost: every passport the NMP took is in `reserved`, and no call started after the abort.
    expect(taken).toBe(batch.reserved.length);
    expect(server.requests).toHaveLength(4);
  });

  it('calls in flight at the abort still obey the client timeout', async () => {
    const controller = new AbortController();
    let release: () => void = () => undefined;
    const hang = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      byRequest(async (n) => {
        controller.abort();
        await hang;
        return HttpResponse.json(linkObjectBody(n));
      }),
    );
    const client = nmpClient(server);
    try {
      const batch = await client.reserveMany(
        { tags: 'vip', count: 5, concurrency: 1 },
        { signal: controller.signal, timeoutMs: 50 },
      );
      expect(batch.aborted).toBe(true);
      expect(batch.reserved).toEqual([]);
      expect(batch.failed).toHaveLength(1);
      expect(batch.failed[0]?.error).toBeInstanceOf(TimeoutError);
      expect(batch.failed[0]?.error.outcome).toBe('unknown');
      expect(batch.failed[0]?.mayHaveReserved).toBe(true);
      expect(batch.unknownOutcomes).toBe(1);
      expect(server.requests).toHaveLength(1);
    } finally {
      release();
      await client.close();
    }
  });

  it('an already aborted signal sends nothing', async () => {
    server.use(fakePool(5).handler);
    const client = nmpClient(server);
    const batch = await client.reserveMany({ tags: 'vip', count: 5 }, { signal: AbortSignal.abort() });
    await client.close();
    expect(batch).toMatchObject({ reserved: [], aborted: true, failed: [] });
    expect(server.requests).toHaveLength(0);
  });

  it('reports progress after each call', async () => {
    server.use(
      byRequest((n) =>
        n === 2
          ? HttpResponse.json({ message: 'boom' }, { status: 502 })
          : HttpResponse.json(linkObjectBody(n)),
      ),
    );
    const client = nmpClient(server);
    const progress: ArianeeReserveManyProgress[] = [];
    await client.reserveMany({ tags: 'vip', count: 3, concurrency: 1, onProgress: (p) => progress.push(p) });
    await client.close();
    // The 502 may have taken a passport: it holds a place, so 2 more successes end the batch.
    expect(progress).toEqual([
      { reserved: 1, failed: 0, requested: 3 },
      { reserved: 1, failed: 1, requested: 3 },
      { reserved: 2, failed: 1, requested: 3 },
    ]);
  });

  it('a progress callback that throws does not lose the batch', async () => {
    server.use(fakePool(5).handler);
    const client = nmpClient(server);
    const batch = await client.reserveMany({
      tags: 'vip',
      count: 3,
      onProgress: () => {
        throw new Error('display broke');
      },
    });
    await client.close();
    expect(batch.reserved).toHaveLength(3);
  });

  it('awaits onReserved before that slot launches another call', async () => {
    server.use(fakePool(100).handler);
    const client = nmpClient(server);
    const events: string[] = [];
    const batch = await client.reserveMany({
      tags: 'vip',
      count: 3,
      concurrency: 1,
      onReserved: async (passport) => {
        events.push(`stored ${passport.certificateId} after ${server.requests.length} requests`);
        await delay(10);
      },
    });
    await client.close();
    // One slot: each request comes only after the previous passport was stored.
    expect(events).toEqual([
      'stored 1001 after 1 requests',
      'stored 1002 after 2 requests',
      'stored 1003 after 3 requests',
    ]);
    expect(batch.undelivered).toEqual([]);
    expect(batch.onReservedError).toBeUndefined();
  });

  it('a throwing onReserved stops launching; the passports it did not take are in undelivered', async () => {
    let taken = 0;
    server.use(
      byRequest(async (n) => {
        taken += 1;
        await delay(n === 1 ? 0 : 20);
        return HttpResponse.json(linkObjectBody(n));
      }),
    );
    const client = nmpClient(server);
    const stored: number[] = [];
    const failure = new Error('database down');
    const batch = await client.reserveMany({
      tags: 'vip',
      count: 50,
      concurrency: 3,
      onReserved: (passport) => {
        if (passport.certificateId === 1) throw failure;
        stored.push(passport.certificateId);
      },
    });
    await client.close();
    // The 1st answer came first and broke the callback; the 2 calls in flight finished.
    expect(batch.onReservedError).toBe(failure);
    expect(stored).toEqual([]);
    expect(ids(batch.undelivered)).toEqual([1, 2, 3]);
    expect(ids(batch.reserved)).toEqual([1, 2, 3]);
    expect(batch.stoppedBy).toBeUndefined();
    expect(taken).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('a rejecting onReserved counts the same; others that resolved are delivered', async () => {
    server.use(fakePool(100, 5).handler);
    const client = nmpClient(server);
    const batch = await client.reserveMany({
      tags: 'vip',
      count: 10,
      concurrency: 1,
      onReserved: async (passport) => {
        if (passport.certificateId === 1003) throw new Error('disk full');
      },
    });
    await client.close();
    expect(ids(batch.reserved)).toEqual([1001, 1002, 1003]);
    expect(ids(batch.undelivered)).toEqual([1003]);
    expect((batch.onReservedError as Error).message).toBe('disk full');
    expect(server.requests).toHaveLength(3);
  });

  it('returns links in the link format', async () => {
    server.use(fakePool(5).handler);
    const client = nmpClient(server);
    const batch = await client.reserveMany({
      tags: ['vip', 'gold'],
      count: 2,
      format: 'link',
      concurrency: 1,
    });
    await client.close();
    expect(batch.reserved).toEqual([linkOf(1001), linkOf(1002)]);
    expect(server.requests[0]?.query.get('tags')).toBe('vip,gold');
    expect(server.requests[0]?.query.get('format')).toBe('link');
  });

  it.each([
    ['count 0', { tags: 'vip', count: 0 }, 'count'],
    ['a negative count', { tags: 'vip', count: -3 }, 'count'],
    ['a fractional count', { tags: 'vip', count: 1.5 }, 'count'],
    ['a missing count', { tags: 'vip' }, 'count'],
    ['concurrency 0', { tags: 'vip', count: 5, concurrency: 0 }, 'concurrency'],
    ['concurrency 65', { tags: 'vip', count: 5, concurrency: 65 }, 'concurrency'],
    ['maxFailures 0', { tags: 'vip', count: 5, maxFailures: 0 }, 'maxFailures'],
    ['blank tags', { tags: ' ', count: 5 }, 'tags'],
    ['no tags', { tags: [], count: 5 }, 'tags'],
    ['a comma in a tag', { tags: ['a,b'], count: 5 }, 'tags'],
    ['a lone surrogate in a tag', { tags: ['vip', '\uD800'], count: 5 }, 'tags'],
    ['an unknown format', { tags: 'vip', count: 5, format: 'pdf' }, 'format'],
    ['an onProgress that is not a function', { tags: 'vip', count: 5, onProgress: 'yes' }, 'onProgress'],
    ['an onReserved that is not a function', { tags: 'vip', count: 5, onReserved: 1 }, 'onReserved'],
  ])('%s is an InputValidationError, nothing sent', async (_label, params, path) => {
    server.use(fakePool(5).handler);
    const client = nmpClient(server);
    const error = await failure(
      client.reserveMany(params as unknown as Parameters<typeof client.reserveMany>[0]),
    );
    await client.close();
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.operation).toBe('arianee.reserveMany');
    expect((error as InputValidationError).issues[0]?.path[0]).toBe(path);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['null options', null, ['options']],
    ['an unknown option (a typo)', { timeOutMs: 5 }, ['options']],
    ['a negative maxRetries', { maxRetries: -1 }, ['options', 'maxRetries']],
    ['a signal that is not an AbortSignal', { signal: 'stop' }, ['options', 'signal']],
  ])('%s is an InputValidationError before any call starts', async (_label, options, path) => {
    server.use(fakePool(5).handler);
    const client = nmpClient(server);
    const error = await failure(
      client.reserveMany({ tags: 'vip', count: 5 }, options as Parameters<typeof client.reserveMany>[1]),
    );
    await client.close();
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.operation).toBe('arianee.reserveMany');
    expect((error as InputValidationError).issues[0]?.path).toEqual(path);
    expect(server.requests).toHaveLength(0);
  });
});
