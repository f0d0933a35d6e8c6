import diagnosticsChannel from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src/core/diagnostics.js';
import { ReservationError } from '../../src/core/errors.js';
import { genericTransport, getItem, TEST_KEY } from '../support/generic-transport.js';
import { useHandlerServer } from '../support/handler-server.js';
import { printedForms } from '../support/printed-forms.js';

const server = useHandlerServer();

describe('secrets never appear in errors', () => {
  it.each([
    ['an error body echoing the key', 401, { message: `bad key ${TEST_KEY}`, code: TEST_KEY }],
    ['a 500 with the key in its text', 500, `upstream said Authorization: Bearer ${TEST_KEY}`],
  ])('%s', async (_label, status, body) => {
    server.use(
      http.get('*/item', ({ request }) => {
        const headers = {
          'x-echo-auth': request.headers.get('authorization') ?? '',
          'set-cookie': `sid=${TEST_KEY}`,
        };
        return typeof body === 'string'
          ? new HttpResponse(body, { status, headers: { ...headers, 'content-type': 'text/plain' } })
          : HttpResponse.json(body, { status, headers });
      }),
    );
    const transport = genericTransport(server.url, { maxRetries: 0 });
    const error = await transport.run(getItem(true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReservationError);
    for (const form of printedForms(error)) {
      expect(form).not.toContain(TEST_KEY);
    }
    expect(inspect(error)).toContain('[REDACTED]');
    await transport.close();
  });

  it('redacts secrets in diagnostics payloads', async () => {
    server.use(http.get('*/item', () => HttpResponse.json({ message: `no ${TEST_KEY}` }, { status: 403 })));
    const payloads: unknown[] = [];
    const listener = (message: unknown) => payloads.push(message);
    for (const name of Object.values(CHANNELS)) diagnosticsChannel.subscribe(name, listener);
    const transport = genericTransport(server.url);
    await transport.run(getItem(true)).catch(() => undefined);
    for (const name of Object.values(CHANNELS)) diagnosticsChannel.unsubscribe(name, listener);
    expect(payloads.length).toBeGreaterThan(0);
    expect(inspect(payloads, { depth: 10 })).not.toContain(TEST_KEY);
    await transport.close();
  });
});
