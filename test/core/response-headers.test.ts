import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OnceOperation } from '../../src/core/operation.js';
import { REDACTED } from '../../src/core/redact.js';
import type { Transport } from '../../src/core/transport.js';
import { APP_TOKEN, clientFor, useFakeDots } from '../dots/support/fake-dots.js';
import { genericTransport, getItem, TEST_KEY } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';

// meta.headers: the response headers of the answer a result came from, redacted.
const server = useHandlerServer();
const transports: Transport[] = [];
const open = (): Transport => {
  const transport = genericTransport(server.url);
  transports.push(transport);
  return transport;
};
afterEach(async () => {
  await Promise.all(transports.splice(0).map((transport) => transport.close()));
});

describe('meta.headers', () => {
  it('holds the response headers, names lower-cased', async () => {
    server.use(
      http.get('*/item', () =>
        HttpResponse.json(
          { id: 'a', n: 1 },
          { headers: { 'X-Request-Id': 'req-1', 'X-RateLimit-Remaining': '17' } },
        ),
      ),
    );
    const { meta } = await open().run(getItem(true));
    expect(meta.headers['x-request-id']).toBe('req-1');
    expect(meta.headers['x-ratelimit-remaining']).toBe('17');
    expect(meta.headers['content-type']).toBe('application/json');
  });

  it('replaces cookies and credential headers whole, and removes the client’s secrets from the rest', async () => {
    server.use(
      http.get('*/item', () =>
        HttpResponse.json(
          { id: 'a', n: 1 },
          {
            headers: {
              'set-cookie': 'sid=abc123; HttpOnly',
              authorization: 'Bearer something',
              'proxy-authorization': 'Basic c29tZQ==',
              'x-echo': `you sent ${TEST_KEY}`,
            },
          },
        ),
      ),
    );
    const { meta } = await open().run(getItem(true));
    expect(meta.headers['set-cookie']).toBe(REDACTED);
    expect(meta.headers.authorization).toBe(REDACTED);
    expect(meta.headers['proxy-authorization']).toBe(REDACTED);
    expect(meta.headers['x-echo']).toBe(`you sent ${REDACTED}`);
    expect(JSON.stringify(meta)).not.toContain(TEST_KEY);
  });

  it('are those of the answer the result came from, after a resend', async () => {
    let calls = 0;
    server.use(
      http.get('*/item', () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({ message: 'busy' }, { status: 500, headers: { 'x-attempt': '1' } })
          : HttpResponse.json({ id: 'a', n: 1 }, { headers: { 'x-attempt': '2' } });
      }),
    );
    const { meta } = await open().run(getItem(true));
    expect(meta.attempts).toBe(2);
    expect(meta.headers['x-attempt']).toBe('2');
  });

  it('of a result a lookup found are those of the lookup’s answer', async () => {
    server.use(
      http.get('*/item', () => HttpResponse.error()),
      http.get('*/items', () =>
        HttpResponse.json([{ id: 'a', n: 1 }], { headers: { 'x-served-by': 'lookup' } }),
      ),
    );
    const transport = open();
    const listItems = {
      name: 'test.listItems',
      method: 'GET' as const,
      path: '/items',
      effect: 'read' as const,
      decode: (response: { body: { kind: string; value?: unknown } }) =>
        z
          .array(z.object({ id: z.string(), n: z.number() }))
          .parse(response.body.kind === 'json' ? response.body.value : []),
    };
    const op = getItem(false, {
      lookup: {
        key: { externalUniqueId: 'a' },
        find: async (options) => (await transport.run(listItems, options)).data[0],
      },
    } satisfies Partial<OnceOperation<{ id: string; n: number }>>);
    const { data, meta } = await transport.run(op);
    expect(data).toEqual({ id: 'a', n: 1 });
    expect(meta.reconciled).toBe(true);
    expect(meta.headers['x-served-by']).toBe('lookup');
  });
});

describe('meta.headers through a provider', () => {
  const fake = useFakeDots();

  it('a Dots.eco create whose answer was lost carries the headers of the list that found it', async () => {
    fake.createFaults.push('reset-after-create');
    await using client = clientFor(fake);
    const { meta } = await client.ecoClubOfferings
      .create({ quantity: 1, externalUniqueId: 'order-1' })
      .withMeta();
    expect(meta.reconciled).toBe(true);
    expect(meta.headers['content-type']).toBe('application/json');
    expect(JSON.stringify(meta.headers)).not.toContain(APP_TOKEN);
  });
});
