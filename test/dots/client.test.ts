import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientClosedError, InputValidationError } from '../../src/core/errors.js';
import { DOTS_DEFAULT_BASE_URL, DotsClient } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { clientFor, READ_TOKEN, useFakeDots, WRITE_TOKEN } from './support/fake-dots.js';

const fake = useFakeDots();
afterEach(() => {
  vi.restoreAllMocks();
});

/** Public `close()` calls (undici's promise form calls itself again with a callback). */
function publicCloses(close: { mock: { calls: unknown[][] } }): number {
  return close.mock.calls.filter((args) => args.length === 0).length;
}

/** An agent that counts what it dispatches, by auth-token header. */
class CountingAgent extends Agent {
  readonly tokens: string[] = [];
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const headers = options.headers as Record<string, string> | undefined;
    this.tokens.push(headers?.['auth-token'] ?? '');
    return super.dispatch(options, handler);
  }
}

describe('DotsClient', () => {
  it('defaults to the documented base URL', () => {
    expect(DOTS_DEFAULT_BASE_URL).toBe('https://impact.dots.eco/api/v1');
  });

  it('needs only authToken', async () => {
    const client = new DotsClient({ authToken: WRITE_TOKEN });
    expect(client.ecoClubOfferings).toBeDefined();
    await client.close();
  });

  it('sends reads and writes through one dispatcher, each with its own token', async () => {
    const agent = new CountingAgent();
    const client = clientFor(fake, { dispatcher: agent });
    await client.ecoClubOfferings.create({ quantity: 1 });
    await client.ecoClubOfferings.list();
    expect(agent.tokens).toEqual([WRITE_TOKEN, READ_TOKEN]);
    await client.close();
    // A dispatcher the caller passed in is theirs: still open.
    expect(agent.closed).toBe(false);
    await agent.close();
  });

  it('closes its own agent exactly once, however often it is closed', async () => {
    const close = vi.spyOn(Agent.prototype, 'close');
    const client = clientFor(fake);
    await client.ecoClubOfferings.create({ quantity: 1 });
    await Promise.all([client.close(), client.close()]);
    await client[Symbol.asyncDispose]();
    expect(publicCloses(close)).toBe(1);
  });

  it('closes its own agent with `await using`', async () => {
    const close = vi.spyOn(Agent.prototype, 'close');
    {
      await using client = clientFor(fake, { readAuthToken: undefined });
      await client.ecoClubOfferings.list();
    }
    expect(publicCloses(close)).toBe(1);
  });

  it('refuses calls after close, on reads and writes, without sending', async () => {
    const client = clientFor(fake);
    await client.close();
    const create = await failure(client.ecoClubOfferings.create({ quantity: 1 }));
    expect(create).toBeInstanceOf(ClientClosedError);
    expect(create).toMatchObject({ code: 'client_closed', outcome: 'not_sent' });
    expect(await failure(client.ecoClubOfferings.list())).toBeInstanceOf(ClientClosedError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('per-call options', () => {
  it.each([
    ['a timeoutMs of 0', { timeoutMs: 0 }],
    ['a typo', { maxRetry: 1 }],
    ['null', null],
  ])('refuses %s on a create before anything is sent', async (_label, options) => {
    const client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1 }, options as never));
    await client.close();
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ operation: 'dots.ecoClubOfferings.create', outcome: 'not_sent' });
    expect(fake.requests).toHaveLength(0);
  });
});
