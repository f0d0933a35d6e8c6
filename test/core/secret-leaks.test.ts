import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { failure } from '../support/failure.js';
import { genericTransport, getItem, TEST_KEY } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';
import { printedForms } from '../support/printed-forms.js';

const server = useHandlerServer();

// A per-call secret with every character that changes form when printed (JSON, URLs, non-ASCII).
const AWKWARD = 'k"e\\y%2B+/é€';

/** The secret as sent, JSON-escaped and URL-encoded. */
function formsOf(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}

function expectClean(printed: readonly string[], secrets: readonly string[]): void {
  expect(printed.length).toBeGreaterThan(0);
  for (const text of printed) for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('error text is redacted before it is cut to 300 characters', () => {
  it('a plain-text body whose key straddles the cut prints no part of it', async () => {
    // The key ends one character after the cut: cut first, it would print minus one character.
    const text = `${'x'.repeat(300 - TEST_KEY.length + 1)}${TEST_KEY} and more`;
    server.use(http.get('*/item', () => new HttpResponse(text, { status: 400 })));
    const transport = genericTransport(server.url, { maxRetries: 0 });
    const error = await failure(transport.run(getItem(true)));
    await transport.close();
    expect(error.message).toContain('[REDACTED]');
    expectClean(printedForms(error), [TEST_KEY.slice(0, 8)]);
  });
});

describe('a malformed 2xx body', () => {
  it("is not quoted by the cause chain (V8's SyntaxError quotes the body it could not parse)", async () => {
    // A passphrase the SDK cannot know: V8 quotes the start of the text around the bad token.
    const body = '[pp1xq7secret]';
    server.use(
      http.get('*/item', () => new HttpResponse(body, { headers: { 'content-type': 'application/json' } })),
    );
    const transport = genericTransport(server.url, { maxRetries: 0 });
    const error = await failure(transport.run(getItem(true)));
    await transport.close();
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expect(error.message).toMatch(/malformed JSON body/);
    expectClean(printedForms(error), ['pp1xq7']);
  });
});

describe('a decoder that throws', () => {
  it('a JSON SyntaxError of its own is not quoted either (message or cause)', async () => {
    server.use(http.get('*/item', () => new HttpResponse('[pp1xq7secret]')));
    const transport = genericTransport(server.url, { maxRetries: 0 });
    const decode = (response: { body: { kind: string; value?: unknown } }) =>
      JSON.parse(String(response.body.value)) as { id: string; n: number };
    const error = await failure(transport.run(getItem(true, { decode })));
    await transport.close();
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expectClean(printedForms(error), ['pp1xq7']);
  });

  it('any other error keeps its class as cause, with the secrets it quotes removed', async () => {
    server.use(http.get('*/item', () => HttpResponse.json({ id: 'i', n: 1 })));
    const transport = genericTransport(server.url, { maxRetries: 0 });
    const decode = (): { id: string; n: number } => {
      throw new RangeError(`cannot read item for ${AWKWARD}`);
    };
    const error = await failure(transport.run(getItem(true, { decode, secrets: [AWKWARD] })));
    await transport.close();
    expect(error.cause).toBeInstanceOf(RangeError);
    expectClean(printedForms(error), formsOf(AWKWARD));
  });
});

describe('request ids', () => {
  it('are redacted on errors, events and results (a server that echoes the key in x-request-id)', async () => {
    let status = 401;
    server.use(
      http.get('*/item', ({ request }) => {
        const headers = { 'x-request-id': `req-${request.headers.get('authorization')}` };
        return status === 200
          ? HttpResponse.json({ id: 'i', n: 1 }, { headers })
          : HttpResponse.json({ message: 'no' }, { status, headers });
      }),
    );
    const events: unknown[] = [];
    const record = (event: unknown) => events.push(event);
    const transport = genericTransport(server.url, {
      maxRetries: 0,
      hooks: { onResponse: record, onError: record },
    });
    const error = await failure(transport.run(getItem(true)));
    status = 200;
    const { meta } = await transport.run(getItem(true));
    await transport.close();
    expect(error).toMatchObject({ requestId: 'req-Bearer [REDACTED]' });
    expect(meta.requestId).toBe('req-Bearer [REDACTED]');
    expect(events).toHaveLength(3);
    expectClean([...printedForms(error), inspect(events, { depth: 10 })], [TEST_KEY]);
  });
});

describe('errors of other libraries kept as cause', () => {
  it("a dispatcher's error quoting the path (undici's MockAgent) is redacted in the cause chain", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const transport = genericTransport('http://127.0.0.1:9', { maxRetries: 0, dispatcher: agent });
    const error = await failure(
      transport.run(getItem(true, { path: `/item/${encodeURIComponent(AWKWARD)}`, secrets: [AWKWARD] })),
    );
    await transport.close();
    await agent.close();
    expect(error).toMatchObject({ code: 'connection_failed' });
    expect(error.cause).toBeInstanceOf(Error);
    expect(String((error.cause as Error).message)).toContain('[REDACTED]');
    expectClean(printedForms(error), formsOf(AWKWARD));
  });
});

describe('a lookup that fails', () => {
  it("keeps the create's per-call secrets out of the lookup error it carries as cause", async () => {
    server.use(http.get('*/item', () => new HttpResponse('gateway gave up', { status: 502 })));
    const transport = genericTransport(server.url, { maxRetries: 0 });
    const error = await failure(
      transport.run(
        getItem(false, {
          secrets: [AWKWARD],
          lookup: {
            key: { externalUniqueId: 'x-1' },
            find: async () => {
              throw new TypeError(`lookup read an item with code ${AWKWARD}`);
            },
          },
        }),
      ),
    );
    await transport.close();
    expect(error).toMatchObject({ code: 'reconcile_failed' });
    expect(error.cause).toBeInstanceOf(TypeError);
    expectClean(printedForms(error), formsOf(AWKWARD));
  });
});
