import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { printedForms } from '../support/printed-forms.js';
import { nmpClient, RESERVE_PATH } from './fake-nmp.js';

const server = useHandlerServer();

// A key with a quote and a backslash: JSON.stringify writes it as `k\"e\\y…`, not as sent.
const AWKWARD_KEY = 'nmp_k"e\\y%2B+/key';

function expectNoKey(printed: readonly string[], key: string): void {
  expect(printed.length).toBeGreaterThan(0);
  // Its first characters too: a key cut short is still most of a key.
  const forms = [key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key), key.slice(0, 5)];
  for (const text of printed) for (const form of forms) expect(text).not.toContain(form);
}

describe('an NMP error body in neither documented shape (kept as its JSON text)', () => {
  it('does not print a key with `"` or `\\` in its JSON-escaped form', async () => {
    server.use(
      http.get(RESERVE_PATH, ({ request }) =>
        HttpResponse.json({ echoed: { auth: request.headers.get('authorization') } }, { status: 400 }),
      ),
    );
    await using client = nmpClient(server, { apiKey: AWKWARD_KEY, maxRetries: 0 });
    const error = await failure(client.reserveOne({ tags: 'vip' }));
    expect(error.message).toContain('[REDACTED]');
    expectNoKey(printedForms(error), AWKWARD_KEY);
  });

  it('does not print the start of a key that straddles the 300-character cut', async () => {
    // `{"pad":"xxx…","key":"<key>"}`: the key starts just before character 300.
    const pad = 'x'.repeat(300 - '{"pad":"","k":"'.length - AWKWARD_KEY.length + 4);
    server.use(http.get(RESERVE_PATH, () => HttpResponse.json({ pad, k: AWKWARD_KEY }, { status: 400 })));
    await using client = nmpClient(server, { apiKey: AWKWARD_KEY, maxRetries: 0 });
    const error = await failure(client.reserveOne({ tags: 'vip' }));
    expectNoKey(printedForms(error), AWKWARD_KEY);
  });
});
