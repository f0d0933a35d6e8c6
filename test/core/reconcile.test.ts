import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthenticationError, ReconcileError } from '../../src/core/errors.js';
import type { OnceOperation } from '../../src/core/operation.js';
import { failure } from '../support/failure.js';
import { genericTransport, TEST_KEY } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';

// A provider that stores items by a client-chosen key and can list them: the shape of Dots.eco's create.
const created = new Map<string, { id: string; key: string }>();
let loseNextAnswer = false;

// The log keeps credential headers as sent: these tests assert which key or token went out.
const server = useHandlerServer(
  [
    http.post('*/things', async ({ request }) => {
      const { key } = (await request.json()) as { key: string };
      const thing = { id: `t_${created.size + 1}`, key };
      created.set(key, thing);
      if (loseNextAnswer) {
        loseNextAnswer = false;
        return HttpResponse.error();
      }
      return HttpResponse.json(thing, { status: 201 });
    }),
    http.get('*/things', ({ request }) => {
      const key = new URL(request.url).searchParams.get('key') ?? '';
      return HttpResponse.json(created.has(key) ? [created.get(key)] : []);
    }),
  ],
  { raw: true },
);
afterEach(() => {
  created.clear();
});

const Thing = z.object({ id: z.string(), key: z.string() });

function createThing(
  transport: ReturnType<typeof genericTransport>,
  key: string,
): OnceOperation<z.infer<typeof Thing>> {
  return {
    name: 'test.createThing',
    method: 'POST',
    path: '/things',
    body: { key },
    effect: 'once',
    unknownOutcomeNote: 'a thing may have been created',
    decode: (response) => Thing.parse(response.body.kind === 'json' ? response.body.value : undefined),
    lookup: {
      key: { externalUniqueId: key },
      find: async (options) => {
        const { data } = await transport.run(
          {
            name: 'test.listThings',
            method: 'GET',
            path: '/things',
            query: { key },
            effect: 'read',
            decode: (response) =>
              z.array(Thing).parse(response.body.kind === 'json' ? response.body.value : undefined),
          },
          options,
        );
        return data[0];
      },
      explainRefusal: (error) => (/already exists/.test(error.message) ? 'exists' : undefined),
    },
  };
}

describe('reconcile before resending a non-idempotent call', () => {
  it('returns what the lost attempt created, without creating twice', async () => {
    const transport = genericTransport(server.url);
    loseNextAnswer = true;
    const { data, meta } = await transport.run(createThing(transport, 'k1'));
    expect(data).toEqual({ id: 't_1', key: 'k1' });
    // The lookup is not an attempt: the create was sent once.
    expect(meta).toMatchObject({ reconciled: true, attempts: 1 });
    expect(created.size).toBe(1);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    await transport.close();
  });

  it('sends again when the lookup finds nothing', async () => {
    const transport = genericTransport(server.url);
    let first = true;
    server.use(
      http.post('*/things', async ({ request }) => {
        if (first) {
          first = false;
          return HttpResponse.json({ message: 'down' }, { status: 500 });
        }
        const { key } = (await request.json()) as { key: string };
        const thing = { id: 't_9', key };
        created.set(key, thing);
        return HttpResponse.json(thing, { status: 201 });
      }),
      http.get('*/things', () => HttpResponse.json([])),
    );
    const { data, meta } = await transport.run(createThing(transport, 'k2'));
    expect(data.id).toBe('t_9');
    expect(meta.reconciled).toBe(false);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
    expect(server.requests[0]?.body).toBe(server.requests[2]?.body);
    await transport.close();
  });
});

describe('when reconciling goes wrong', () => {
  it('keeps the unknown outcome when the lookup itself fails', async () => {
    const transport = genericTransport(server.url, { maxRetries: 1 });
    server.use(
      http.post('*/things', () => HttpResponse.error()),
      http.get('*/things', () => HttpResponse.json({ message: 'no' }, { status: 403 })),
    );
    const error = await failure(
      transport.run({ ...createThing(transport, 'k3'), unknownOutcomeNote: 'a thing may exist' }),
    );
    // Class and code agree: a failed lookup is a ReconcileError, whatever the lookup's own error was.
    expect(error).toBeInstanceOf(ReconcileError);
    expect(error).toMatchObject({
      outcome: 'unknown',
      code: 'reconcile_failed',
      retryable: false,
      lookupKey: { externalUniqueId: 'k3' },
      attempts: 1,
    });
    expect(error.cause).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain('a thing may exist');
    await transport.close();
  });

  it('looks again when a resend after an unknown outcome is refused as a duplicate', async () => {
    const transport = genericTransport(server.url);
    let lookups = 0;
    server.use(
      http.post('*/things', async ({ request }) => {
        const { key } = (await request.json()) as { key: string };
        if (created.has(key)) return HttpResponse.json({ message: 'key already exists' }, { status: 422 });
        created.set(key, { id: 't_7', key });
        return HttpResponse.error();
      }),
      // The first lookup runs before the provider's list shows the new thing (eventual consistency).
      http.get('*/things', ({ request }) => {
        lookups += 1;
        const key = new URL(request.url).searchParams.get('key') ?? '';
        return HttpResponse.json(lookups > 1 && created.has(key) ? [created.get(key)] : []);
      }),
    );
    const { data, meta } = await transport.run(createThing(transport, 'k4'));
    expect(data.id).toBe('t_7');
    expect(meta.reconciled).toBe(true);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST', 'GET']);
    await transport.close();
  });
});

describe('per-call headers', () => {
  it('override the provider headers for that call only', async () => {
    server.use(http.get('*/things', () => HttpResponse.json([])));
    const transport = genericTransport(server.url);
    await transport.run({
      name: 'test.list',
      method: 'GET',
      path: '/things',
      effect: 'read',
      headers: { authorization: 'Bearer read-only-token' },
      decode: () => 0,
    });
    await transport.run({
      name: 'test.list',
      method: 'GET',
      path: '/things',
      effect: 'read',
      decode: () => 1,
    });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer read-only-token',
      `Bearer ${TEST_KEY}`,
    ]);
    await transport.close();
  });
});
