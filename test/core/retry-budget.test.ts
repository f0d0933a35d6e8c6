import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../src/core/retry-budget.js';
import { genericTransport, getItem } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';

const server = useHandlerServer([http.get('*/item', () => HttpResponse.json({}, { status: 503 }))]);

describe('retry budget', () => {
  it('stops retrying when the provider keeps failing and the bucket is empty', async () => {
    const transport = genericTransport(server.url, {
      maxRetries: 2,
      retryBudget: { capacity: 10, retryCost: 5 },
    });
    await transport.run(getItem(true)).catch(() => undefined);
    expect(server.requests).toHaveLength(3);
    server.requests.length = 0;
    const error = await transport.run(getItem(true)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ attempts: 1 });
    await transport.close();
  });

  it('can be turned off', async () => {
    server.requests.length = 0;
    const transport = genericTransport(server.url, { maxRetries: 2, retryBudget: false });
    for (let i = 0; i < 3; i++) await transport.run(getItem(true)).catch(() => undefined);
    expect(server.requests).toHaveLength(9);
    await transport.close();
  });

  it('refills on success', () => {
    const budget = new RetryBudget({ capacity: 20, retryCost: 5, timeoutRetryCost: 10, successRefill: 1 });
    expect(budget.trySpend(true)).toBe(10);
    expect(budget.trySpend(false)).toBe(5);
    expect(budget.available).toBe(5);
    budget.refund(5);
    expect(budget.available).toBe(10);
    budget.refund(0);
    expect(budget.available).toBe(11);
    expect(budget.trySpend(true)).toBe(10);
    expect(budget.trySpend(false)).toBeUndefined();
  });
});
