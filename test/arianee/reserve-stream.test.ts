import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ArianeeLinkObject } from '../../src/arianee/index.js';
import { AuthenticationError, InputValidationError, NoInventoryError } from '../../src/core/errors.js';
import { useHandlerServer } from '../support/handler-server.js';
import { fakePool, linkObjectBody, linkOf, nmpClient, RESERVE_PATH } from './fake-nmp.js';

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

/** Resolves once `condition` holds (checked every 5 ms), or fails after 2 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 2_000) throw new Error('condition not met within 2 s');
    await delay(5);
  }
}

describe('reserveStream', () => {
  it('yields exactly count passports, one request each, then ends with its summary', async () => {
    server.use(fakePool(100, 3).handler);
    const client = nmpClient(server);
    const stream = client.reserveStream({ tags: 'vip', count: 10, concurrency: 4 });
    const taken: ArianeeLinkObject[] = [];
    for await (const passport of stream) taken.push(passport);
    const summary = await stream.summary();
    await client.close();
    expect(ids(taken)).toEqual([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010]);
    expect(summary).toEqual({
      delivered: 10,
      undelivered: [],
      endedEarly: false,
      exhausted: false,
      aborted: false,
      stoppedBy: undefined,
      failed: [],
      unknownOutcomes: 0,
    });
    expect(server.requests).toHaveLength(10);
  });

  it('yields each passport as it lands, before the slower calls answer', async () => {
    // The 1st request answers at once, the others only when the test lets them.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      byRequest(async (n) => {
        if (n > 1) await gate;
        return HttpResponse.json(linkObjectBody(n));
      }),
    );
    const client = nmpClient(server);
    const stream = client.reserveStream({ tags: 'vip', count: 3, concurrency: 3 });
    const first = await stream.next();
    expect(first).toEqual({ done: false, value: linkObjectBody(1) });
    release();
    const rest: ArianeeLinkObject[] = [];
    for await (const passport of stream) rest.push(passport);
    await client.close();
    expect(ids(rest)).toEqual([2, 3]);
  });

  it('launches nothing while concurrency passports wait for the loop (back-pressure)', async () => {
    server.use(fakePool(100).handler);
    const client = nmpClient(server);
    const stream = client.reserveStream({ tags: 'vip', count: 20, concurrency: 3 });
    // The loop takes one passport and does not come back: it holds it, two more wait for it.
    await stream.next();
    await until(() => server.requests.length === 3);
    await delay(50);
    expect(server.requests).toHaveLength(3);
    // Coming back for more frees the slot of the passport taken before: one more call.
    await stream.next();
    await until(() => server.requests.length === 4);
    await delay(50);
    expect(server.requests).toHaveLength(4);
    await stream.return();
    await client.close();
  });

  it('leaving the loop stops launching; passports of calls in flight are in undelivered', async () => {
    let taken = 0;
    server.use(
      byRequest(async (n) => {
        taken += 1;
        await delay(n === 1 ? 0 : 30);
        return HttpResponse.json(linkObjectBody(n));
      }),
    );
    const client = nmpClient(server);
    const stream = client.reserveStream({ tags: 'vip', count: 50, concurrency: 4 });
    const delivered: ArianeeLinkObject[] = [];
    for await (const passport of stream) {
      delivered.push(passport);
      break;
    }
    const summary = await stream.summary();
    await client.close();
    expect(delivered.map((passport) => passport.certificateId)).toEqual([1]);
    expect(summary.endedEarly).toBe(true);
    expect(summary.delivered).toBe(1);
    // The three calls in flight at the break finished: their passports are not lost.
    expect(ids(summary.undelivered)).toEqual([2, 3, 4]);
    expect(taken).toBe(summary.delivered + summary.undelivered.length);
    expect(server.requests).toHaveLength(4);
  });

  it('a throw in the loop body ends the stream the same way, and the throw reaches the caller', async () => {
    server.use(fakePool(100, 10).handler);
    const client = nmpClient(server);
    const stream = client.reserveStream({ tags: 'vip', count: 50, concurrency: 2 });
    const thrown = await (async () => {
      for await (const _passport of stream) throw new Error('database down');
    })().catch((error: unknown) => error);
    const summary = await stream.summary();
    await client.close();
    expect((thrown as Error).message).toBe('database down');
    expect(summary.endedEarly).toBe(true);
    expect(summary.delivered + summary.undelivered.length).toBe(server.requests.length);
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it('ends when the pool runs dry, with exhausted and the NoInventoryError in the summary', async () => {
    server.use(fakePool(5, 2).handler);
    const client = nmpClient(server);
    const stream = client.reserveStream({ tags: 'vip', count: 50, concurrency: 3 });
    const taken: ArianeeLinkObject[] = [];
    for await (const passport of stream) taken.push(passport);
    const summary = await stream.summary();
    await client.close();
    expect(taken).toHaveLength(5);
    expect(summary.exhausted).toBe(true);
    expect(summary.stoppedBy).toBeInstanceOf(NoInventoryError);
    expect(summary.endedEarly).toBe(false);
  });

  it('an error every call would repeat ends the loop without a throw; the summary holds it', async () => {
    server.use(
      byRequest((n) =>
        n <= 2
          ? HttpResponse.json(linkObjectBody(n))
          : HttpResponse.json({ message: 'Unauthorized' }, { status: 401 }),
      ),
    );
    const client = nmpClient(server);
    const stream = client.reserveStream({ tags: 'vip', count: 20, concurrency: 1 });
    const taken: ArianeeLinkObject[] = [];
    for await (const passport of stream) taken.push(passport);
    const summary = await stream.summary();
    await client.close();
    expect(ids(taken)).toEqual([1, 2]);
    expect(summary.stoppedBy).toBeInstanceOf(AuthenticationError);
    expect(summary.failed).toHaveLength(1);
    expect(server.requests).toHaveLength(3);
  });

  it('an abort stops launching; calls in flight finish and are still yielded', async () => {
    // Every request waits until the 3rd arrives: the caller aborts right then, with 3 in flight.
    const controller = new AbortController();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      byRequest(async (n) => {
        if (n === 3) {
          controller.abort();
          release();
        }
        await gate;
        return HttpResponse.json(linkObjectBody(n));
      }),
    );
    const client = nmpClient(server);
    const stream = client.reserveStream(
      { tags: 'vip', count: 20, concurrency: 3 },
      { signal: controller.signal },
    );
    const taken: ArianeeLinkObject[] = [];
    for await (const passport of stream) taken.push(passport);
    const summary = await stream.summary();
    await client.close();
    expect(ids(taken)).toEqual([1, 2, 3]);
    expect(summary).toMatchObject({ aborted: true, delivered: 3, undelivered: [], endedEarly: false });
    expect(server.requests).toHaveLength(3);
  });

  it('sends nothing until the loop starts; return() before that ends it with an empty summary', async () => {
    server.use(fakePool(5).handler);
    const client = nmpClient(server);
    const stream = client.reserveStream({ tags: 'vip', count: 5 });
    await delay(20);
    expect(server.requests).toHaveLength(0);
    expect(await stream.return()).toEqual({ done: true, value: undefined });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    await client.close();
    expect(await stream.summary()).toMatchObject({ delivered: 0, undelivered: [], endedEarly: true });
    expect(server.requests).toHaveLength(0);
  });

  it('await using stops it at the end of the scope', async () => {
    server.use(fakePool(100, 5).handler);
    const client = nmpClient(server);
    let summary: Promise<unknown> = Promise.resolve();
    {
      await using stream = client.reserveStream({ tags: 'vip', count: 10, concurrency: 2 });
      summary = stream.summary();
      await stream.next();
    }
    await expect(summary).resolves.toMatchObject({ delivered: 1, endedEarly: true });
    await client.close();
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it('yields links in the link format', async () => {
    server.use(fakePool(5).handler);
    const client = nmpClient(server);
    const links: string[] = [];
    for await (const link of client.reserveStream({ tags: 'vip', count: 2, format: 'link', concurrency: 1 }))
      links.push(link);
    await client.close();
    expect(links).toEqual([linkOf(1001), linkOf(1002)]);
  });

  it.each([
    ['count 0', { tags: 'vip', count: 0 }, 'count'],
    ['concurrency 65', { tags: 'vip', count: 5, concurrency: 65 }, 'concurrency'],
    ['maxFailures 0', { tags: 'vip', count: 5, maxFailures: 0 }, 'maxFailures'],
    ['blank tags', { tags: ' ', count: 5 }, 'tags'],
    ['an unknown format', { tags: 'vip', count: 5, format: 'pdf' }, 'format'],
    ['onProgress (reserveMany only)', { tags: 'vip', count: 5, onProgress: () => undefined }, undefined],
  ])('%s is an InputValidationError, thrown at once, nothing sent', async (_label, params, path) => {
    server.use(fakePool(5).handler);
    const client = nmpClient(server);
    let thrown: unknown;
    try {
      client.reserveStream(params as unknown as Parameters<typeof client.reserveStream>[0]);
    } catch (error) {
      thrown = error;
    }
    await client.close();
    expect(thrown).toBeInstanceOf(InputValidationError);
    expect((thrown as InputValidationError).operation).toBe('arianee.reserveStream');
    expect((thrown as InputValidationError).issues[0]?.path[0]).toBe(path);
    expect(server.requests).toHaveLength(0);
  });

  it('a bad option is an InputValidationError, thrown at once', async () => {
    const client = nmpClient(server);
    expect(() => client.reserveStream({ tags: 'vip', count: 5 }, { timeOutMs: 5 } as never)).toThrow(
      InputValidationError,
    );
    await client.close();
    expect(server.requests).toHaveLength(0);
  });
});
