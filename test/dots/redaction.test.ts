import diagnosticsChannel from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src/core/diagnostics.js';
import { ReservationError } from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import { printedForms } from '../support/printed-forms.js';
import {
  APP_TOKEN,
  clientFor,
  OTHER_APP_TOKEN,
  READ_TOKEN,
  useFakeDots,
  WRITE_TOKEN,
} from './support/fake-dots.js';

const fake = useFakeDots();

const SECRETS = [APP_TOKEN, OTHER_APP_TOKEN, WRITE_TOKEN, READ_TOKEN, encodeURIComponent('x/101 token')];

function expectNoSecret(printed: string[], secrets: readonly string[] = SECRETS): void {
  expect(printed.length).toBeGreaterThan(0);
  for (const form of printed) for (const secret of secrets) expect(form).not.toContain(secret);
}

/** An error body that echoes everything it was sent, as a careless server might. */
async function echoEverything({ request, params }: { request: Request; params: Record<string, unknown> }) {
  const text = request.method === 'POST' ? await request.text() : '';
  return HttpResponse.json(
    {
      message: `No app ${String(params.appToken ?? '')} for ${request.headers.get('auth-token')} ${request.url} ${text}`,
    },
    { status: 403, headers: { 'x-echo': `${request.url} ${request.headers.get('auth-token')}` } },
  );
}

describe('tokens never appear in errors', () => {
  it('list: the app token in the path, the read token in the header', async () => {
    fake.server.use(http.get('*/eco-club-offering/list/:appToken', echoEverything));
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.list({ externalUniqueId: 'order-1' }));
    expect(error).toBeInstanceOf(ReservationError);
    expectNoSecret(printedForms(error));
    expect(inspect(error)).toContain('[REDACTED]');
    // The text around the secrets is kept: the error is still useful.
    expect((error as Error).message).toContain('external-unique-id=order-1');
  });

  it('list: a per-call app token the client was never configured with', async () => {
    fake.server.use(http.get('*/eco-club-offering/list/:appToken', echoEverything));
    await using client = clientFor(fake, { appToken: undefined });
    const error = await failure(
      client.ecoClubOfferings.findByExternalUniqueId('o-1', { appToken: OTHER_APP_TOKEN }),
    );
    expectNoSecret(printedForms(error));
  });

  it('list: a per-call app token that needed percent-encoding in the path', async () => {
    fake.server.use(http.get('*/eco-club-offering/list/*', echoEverything));
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.list({ appToken: 'x/101 token' }));
    expectNoSecret(printedForms(error), [...SECRETS, 'x/101 token']);
  });

  it('create: the app token and the redeem code echoed in the body', async () => {
    fake.server.use(http.post('*/eco-club-offering/add', echoEverything));
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.create({ quantity: 1, appToken: OTHER_APP_TOKEN, code: 'GIFT-SECRET-CODE' }),
    );
    expectNoSecret(printedForms(error), [...SECRETS, 'GIFT-SECRET-CODE']);
  });

  it('create: a redeem code shorter than 4 characters, echoed in the message and the body', async () => {
    fake.server.use(http.post('*/eco-club-offering/add', echoEverything));
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, code: '7QX' }));
    expect(error).toMatchObject({ status: 403 });
    for (const form of printedForms(error)) expect(form).not.toMatch(/(?<![\w%])7QX(?!\w)/);
    expect(error.message).toContain('"code":"[REDACTED]"');
  });

  it('create: a code that is also a word of the message is redacted, and the message still classified', async () => {
    fake.server.use(
      http.post('*/eco-club-offering/add', () =>
        HttpResponse.json({ message: 'The code has already been taken.' }, { status: 422 }),
      ),
    );
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, code: 'code' }));
    expect(error).toMatchObject({ code: 'conflict', providerCode: 'code_taken' });
    expect(error.message).toContain('The [REDACTED] has already been taken.');
  });

  it('create: an awkward app token and code in their raw, JSON-escaped and URL-encoded forms', async () => {
    const appToken = 'k"e\\y%2B+/é€';
    const code = 'c"d\\%+/é';
    fake.server.use(
      http.post('*/eco-club-offering/add', async ({ request }) => {
        const text = await request.text();
        return HttpResponse.json(
          {
            message: `raw ${appToken} ${code}; as sent ${text}; encoded ${encodeURIComponent(appToken)} ${encodeURIComponent(code)}`,
          },
          { status: 422, headers: { 'x-echo': encodeURIComponent(`${appToken} ${code}`) } },
        );
      }),
    );
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, appToken, code }));
    const forms = [appToken, code].flatMap((secret) => [
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
    ]);
    expectNoSecret(printedForms(error), forms);
  });

  it('create: the lookup after a lost answer redacts the redeem code the create sent', async () => {
    fake.server.use(
      http.post('*/eco-club-offering/add', () => HttpResponse.error()),
      http.get('*/eco-club-offering/list/:appToken', () =>
        // A careless server quoting what it holds under the id, the redeem code included.
        HttpResponse.json({ message: 'index broken at code GIFT-SECRET-CODE' }, { status: 403 }),
      ),
    );
    const hooked: unknown[] = [];
    const record = (event: unknown) => hooked.push(event);
    await using client = clientFor(fake, { hooks: { onResponse: record, onError: record, onRetry: record } });
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, code: 'GIFT-SECRET-CODE' }));
    expect(error).toMatchObject({ code: 'reconcile_failed' });
    expectNoSecret(printedForms(error), [...SECRETS, 'GIFT-SECRET-CODE']);
    expectNoSecret([inspect(hooked, { depth: 10 })], [...SECRETS, 'GIFT-SECRET-CODE']);
  });

  it('createOrGet: its lookups redact the redeem code too', async () => {
    fake.server.use(
      http.get('*/eco-club-offering/list/:appToken', () =>
        HttpResponse.json({ message: 'no list for code GIFT-SECRET-CODE' }, { status: 403 }),
      ),
    );
    await using client = clientFor(fake);
    const error = await failure(
      client.ecoClubOfferings.createOrGet({ quantity: 1, code: 'GIFT-SECRET-CODE', externalUniqueId: 'o-1' }),
    );
    expectNoSecret(printedForms(error), [...SECRETS, 'GIFT-SECRET-CODE']);
  });

  it('create: a lookup that failed after an unknown outcome', async () => {
    fake.server.use(
      http.post('*/eco-club-offering/add', () => HttpResponse.error()),
      http.get('*/eco-club-offering/list/:appToken', echoEverything),
    );
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1 }));
    expect(error).toMatchObject({ outcome: 'unknown' });
    expectNoSecret(printedForms(error));
  });

  it('a connection reset on a list with a per-call app token', async () => {
    fake.server.use(http.get('*/eco-club-offering/list/*', () => HttpResponse.error()));
    await using client = clientFor(fake, { maxRetries: 0 });
    const error = await failure(client.ecoClubOfferings.list({ appToken: OTHER_APP_TOKEN }));
    expectNoSecret(printedForms(error));
  });
});

describe('tokens never appear in diagnostics', () => {
  it('request URLs, errors, retries and reconciles are redacted', async () => {
    fake.createFaults.push('reset-after-create');
    const payloads: unknown[] = [];
    const listener = (payload: unknown) => payloads.push(payload);
    for (const name of Object.values(CHANNELS)) diagnosticsChannel.subscribe(name, listener);
    const hooked: unknown[] = [];
    const record = (event: unknown) => hooked.push(event);
    try {
      await using client = clientFor(fake, {
        hooks: {
          onRequest: record,
          onResponse: record,
          onError: record,
          onRetry: record,
          onReconcile: record,
        },
      });
      await client.ecoClubOfferings.create({ quantity: 1, appToken: OTHER_APP_TOKEN });
      await client.ecoClubOfferings.list({ appToken: OTHER_APP_TOKEN });
    } finally {
      for (const name of Object.values(CHANNELS)) diagnosticsChannel.unsubscribe(name, listener);
    }
    expect(payloads.length).toBeGreaterThanOrEqual(6);
    expect(hooked).toHaveLength(payloads.length);
    const printed = [
      inspect(payloads, { depth: 10 }),
      inspect(hooked, { depth: 10 }),
      JSON.stringify(hooked),
    ];
    expectNoSecret(printed);
    expect(printed[0]).toContain('/eco-club-offering/list/[REDACTED]');
  });
});
