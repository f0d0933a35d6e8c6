import { afterEach, describe, expect, it } from 'vitest';
import { ApiPromise, type ResultMeta, type WithMeta } from '../../src/core/api-promise.js';
import { NoInventoryError } from '../../src/core/errors.js';

// What every client method returns (docs/transport.md, "Attempt metadata"): a real Promise of the
// data, with `.withMeta()` for the data and what happened on the wire.

const meta: ResultMeta = {
  callId: 'call_test_1',
  status: 200,
  requestId: 'req_1',
  attempts: 1,
  totalRetryDelayMs: 0,
  reconciled: false,
  headers: { 'x-request-id': 'req_1' },
};

/** Settles a turn of the event loop later, as a call does when its answer comes. */
function answer<T>(data: T): Promise<WithMeta<T>> {
  return new Promise((resolve) => setImmediate(() => resolve({ data, meta })));
}

function failure(error: unknown): Promise<never> {
  return new Promise((_, reject) => setImmediate(() => reject(error)));
}

const poolEmpty = () => new NoInventoryError({ message: 'pool empty', status: 400, provider: 'arianee' });

describe('a real Promise', () => {
  it('is an instance of Promise', () => {
    expect(new ApiPromise(answer('x'))).toBeInstanceOf(Promise);
  });

  it('resolves to the data when awaited, and to data and meta through withMeta()', async () => {
    const promise = new ApiPromise(answer({ id: 'p1' }));
    expect(await promise).toEqual({ id: 'p1' });
    expect(await promise.withMeta()).toEqual({ data: { id: 'p1' }, meta });
  });

  it('is taken as is by Promise.resolve, Promise.all and the Promise methods themselves', async () => {
    const promise = new ApiPromise(answer(7));
    expect(await Promise.resolve(promise)).toBe(7);
    expect(await Promise.all([promise, new ApiPromise(answer(8))])).toEqual([7, 8]);
    // Promise.prototype.then called directly (as some libraries do) sees the data too.
    expect(await Promise.prototype.then.call(promise, (value: unknown) => value)).toBe(7);
  });

  it('derives plain Promises from then, catch and finally', async () => {
    const promise = new ApiPromise(answer(1));
    const derived = [promise.then((value) => value + 1), promise.catch(() => 0), promise.finally(() => {})];
    for (const each of derived) {
      expect(each).toBeInstanceOf(Promise);
      expect(each).not.toBeInstanceOf(ApiPromise);
      expect(each.constructor).toBe(Promise);
    }
    expect(await Promise.all(derived)).toEqual([2, 1, 1]);
  });

  it('rejects with the call’s error through await, catch and withMeta()', async () => {
    const error = poolEmpty();
    const promise = new ApiPromise(failure(error));
    await expect(promise).rejects.toBe(error);
    expect(await promise.catch((reason: unknown) => reason)).toBe(error);
    await expect(promise.withMeta()).rejects.toBe(error);
  });
});

describe('unhandled rejections', () => {
  // Vitest reports any unhandled rejection as a failure: its listeners are set aside while one
  // scenario runs, and the rejections Node reports are counted instead.
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  async function unhandledDuring(scenario: () => Promise<void> | void): Promise<unknown[]> {
    const saved = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    const reasons: unknown[] = [];
    const count = (reason: unknown) => reasons.push(reason);
    process.on('unhandledRejection', count);
    restore = () => {
      process.off('unhandledRejection', count);
      for (const listener of saved) process.on('unhandledRejection', listener);
      restore = undefined;
    };
    await scenario();
    // The call fails a turn later; Node reports what is left unhandled once the microtasks drain.
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    restore();
    return reasons;
  }

  it('raises none when only withMeta() is awaited', async () => {
    const error = poolEmpty();
    const reasons = await unhandledDuring(async () => {
      await expect(new ApiPromise(failure(error)).withMeta()).rejects.toBe(error);
    });
    expect(reasons).toEqual([]);
  });

  it('raises none when the data is awaited', async () => {
    const error = poolEmpty();
    const reasons = await unhandledDuring(async () => {
      await expect(new ApiPromise(failure(error))).rejects.toBe(error);
    });
    expect(reasons).toEqual([]);
  });

  it('raises none when both the data and withMeta() are awaited', async () => {
    const error = poolEmpty();
    const reasons = await unhandledDuring(async () => {
      const promise = new ApiPromise(failure(error));
      const meta = promise.withMeta();
      await expect(promise).rejects.toBe(error);
      await expect(meta).rejects.toBe(error);
    });
    expect(reasons).toEqual([]);
  });

  it('raises exactly one, with the call’s error, when nothing is awaited', async () => {
    const error = poolEmpty();
    const reasons = await unhandledDuring(() => {
      new ApiPromise(failure(error));
    });
    expect(reasons).toEqual([error]);
  });

  it('raises exactly one when withMeta() is called and its promise left unhandled', async () => {
    const error = poolEmpty();
    const reasons = await unhandledDuring(() => {
      void new ApiPromise(failure(error)).withMeta();
    });
    expect(reasons).toEqual([error]);
  });

  it('raises exactly one when then() is given no rejection handler and its promise is dropped', async () => {
    const error = poolEmpty();
    const reasons = await unhandledDuring(() => {
      void new ApiPromise(failure(error)).then(() => 'never');
    });
    expect(reasons).toEqual([error]);
  });
});
