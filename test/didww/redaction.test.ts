import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { printedForms } from '../support/printed-forms.js';
import { jsonApi, reservationListPage, testClient } from './fixtures.js';

const server = useHandlerServer();

// A key with a quote, a backslash, `%`, `+` and `/`: each prints differently in a URL.
const KEY = 'didww_k"e\\y%2B+/Key';

/** The list's first page, its `links.next` as `next` gives it. */
function listWithNext(next: string) {
  return http.get('*/v3/did_reservations', () =>
    jsonApi(reservationListPage({ host: server.url, items: [], totalRecords: 0, next })),
  );
}

// A key that can be a host name label, with capitals (the URL parser writes hosts in lower case).
const HOST_KEY = 'HostKey4711';

describe('a links.next outside the base URL', () => {
  it.each([
    ['in the path, as sent', KEY, `https://collector.example/v3/${KEY}/did_reservations`],
    ['in the path, URL-encoded', KEY, `https://collector.example/${encodeURIComponent(KEY)}/x`],
    ['in the query', KEY, `https://collector.example/v3?api_key=${encodeURIComponent(KEY)}`],
    ['in the host', HOST_KEY, `https://${HOST_KEY}.collector.example/v3/did_reservations`],
  ])('is quoted without the API key (%s)', async (_where, key, link) => {
    server.use(listWithNext(link));
    await using client = testClient(server.url, { apiKey: key });
    const page = await client.didReservations.list();
    const error = await failure(page.getNextPage());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain('links.next points outside the configured base URL');
    expect(error.message).toContain('collector.example');
    const forms = [
      key,
      key.toLowerCase(),
      encodeURIComponent(key),
      JSON.stringify(key).slice(1, -1),
      key.slice(0, 7),
    ];
    for (const text of printedForms(error)) for (const form of forms) expect(text).not.toContain(form);
  });
});
