import { randomUUID } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeAll } from 'vitest';
import { DotsClient, type DotsClientOptions } from '../../../src/dots/index.js';
import type { HandlerServer, ServeHandlersOptions } from '../../../src/testing/serve-handlers.js';
import { useHandlerServer } from '../../support/handler-server.js';

export const WRITE_TOKEN = 'dots_write_7c1e93b0a4f2';
export const READ_TOKEN = 'dots_read_52fd8e61c9d7';
export const APP_TOKEN = '101-5653d113';
export const OTHER_APP_TOKEN = '202-9a8b7c6d';

/** What the fake does to the next create: answer normally, or lose the answer around storing it. */
export type CreateFault =
  | 'reset-after-create'
  | 'reset-before-create'
  | '500-before-create'
  | '502-after-create'
  | '503-before-create';

/**
 * A stateful stand-in for Dots.eco's eco-club-offering endpoints: `add` stores offerings by
 * `external_unique_id` (refusing a duplicate id or code with a 422), `list` filters by the
 * hyphenated `external-unique-id` query and, like the documented example, sends numbers as strings.
 */
export class FakeDots {
  readonly offerings = new Map<string, Record<string, unknown>>();
  /** Faults for the next creates, in order. */
  readonly createFaults: CreateFault[] = [];
  /** How many of the next lookups answer `[]` even when the offering exists (a lagging index). */
  staleLookups = 0;
  /** Whether a duplicate `code` is reported before a duplicate `external_unique_id` (the order is not documented). */
  codeCheckedFirst = false;

  /** A fake answering on `server`; its handlers are installed by {@link resetHandlers}. */
  constructor(readonly server: HandlerServer) {}

  get requests(): HandlerServer['requests'] {
    return this.server.requests;
  }

  get url(): string {
    return this.server.url;
  }

  /** Clears state, faults, recorded requests, and restores the default handlers. */
  reset(): void {
    this.offerings.clear();
    this.createFaults.length = 0;
    this.staleLookups = 0;
    this.codeCheckedFirst = false;
    this.server.requests.length = 0;
    this.resetHandlers();
  }

  resetHandlers(): void {
    this.server.use(
      http.post('*/eco-club-offering/add', async ({ request }) => {
        if (request.headers.get('auth-token') !== WRITE_TOKEN)
          return HttpResponse.json(
            { message: 'Access denied. You are not a manager of specified application.' },
            { status: 403 },
          );
        const body = (await request.json()) as Record<string, unknown>;
        if (body.app_token !== APP_TOKEN && body.app_token !== OTHER_APP_TOKEN)
          return HttpResponse.json({ message: 'The app_token is invalid.' }, { status: 422 });
        const fault = this.createFaults.shift();
        if (fault === 'reset-before-create') return HttpResponse.error();
        if (fault === '500-before-create')
          return HttpResponse.json({ message: 'Server Error' }, { status: 500 });
        if (fault === '503-before-create')
          return HttpResponse.json({ message: 'Service Unavailable' }, { status: 503 });
        const id = String(body.external_unique_id);
        const codes = [...this.offerings.values()].map((offering) => offering.code);
        const duplicates = [
          this.offerings.has(id) ? 'The external_unique_id has already been taken.' : undefined,
          body.code !== undefined && codes.includes(body.code)
            ? 'The code has already been taken.'
            : undefined,
        ];
        if (this.codeCheckedFirst) duplicates.reverse();
        const duplicate = duplicates.find((message) => message !== undefined);
        if (duplicate) return HttpResponse.json({ message: duplicate }, { status: 422 });
        const { app_token: _app, ...fields } = body;
        const offering = {
          uuid: randomUUID(),
          ...fields,
          code: body.code ?? `e-${this.offerings.size + 100001}`,
          claim_url: 'https://impact.dots.eco/app/6/eco-club/claim',
          app: body.app_token,
        };
        this.offerings.set(id, offering);
        if (fault === 'reset-after-create') return HttpResponse.error();
        if (fault === '502-after-create')
          return new HttpResponse('<html>Bad Gateway</html>', { status: 502 });
        const { app: _owner, ...answer } = offering;
        return HttpResponse.json(answer);
      }),
      http.get('*/eco-club-offering/list/:appToken', ({ request, params }) => {
        if (
          request.headers.get('auth-token') !== READ_TOKEN &&
          request.headers.get('auth-token') !== WRITE_TOKEN
        )
          return HttpResponse.json(
            { message: 'Please provide valid app_token value and auth-token header.' },
            { status: 403 },
          );
        if (params.appToken !== APP_TOKEN && params.appToken !== OTHER_APP_TOKEN)
          return HttpResponse.json({ message: 'The app_token is invalid.' }, { status: 404 });
        const query = new URL(request.url).searchParams;
        const externalId = query.get('external-unique-id');
        const uuid = query.get('uuid');
        let items = [...this.offerings.values()].filter((offering) => offering.app === params.appToken);
        if (externalId !== null)
          items = items.filter((offering) => offering.external_unique_id === externalId);
        if (uuid !== null) items = items.filter((offering) => offering.uuid === uuid);
        if (externalId !== null && this.staleLookups > 0) {
          this.staleLookups -= 1;
          items = [];
        }
        // The documented list example sends numbers as strings ("quantity": "6").
        return HttpResponse.json(
          items.map(({ app: _owner, ...offering }) => ({
            ...offering,
            quantity: String(offering.quantity),
            no_of_claims: '0',
          })),
        );
      }),
    );
  }

  /** The bodies of every create the server received, parsed. */
  createBodies(): Record<string, unknown>[] {
    return this.requests
      .filter((request) => request.method === 'POST')
      .map((request) => JSON.parse(request.body) as Record<string, unknown>);
  }
}

/**
 * A fake for the whole test file: serving before its tests, reset after each, closed after them all.
 * Call it at the top of the file. Its request log redacts credential headers; pass `{ raw: true }`
 * to assert on the tokens sent.
 */
export function useFakeDots(options: ServeHandlersOptions = {}): FakeDots {
  const fake = new FakeDots(useHandlerServer([], options));
  beforeAll(() => fake.resetHandlers());
  afterEach(() => fake.reset());
  return fake;
}

/** A client for the fake, with fast retries. */
export function clientFor(fake: FakeDots | string, options: Partial<DotsClientOptions> = {}): DotsClient {
  return new DotsClient({
    baseUrl: `${typeof fake === 'string' ? fake : fake.url}/api/v1`,
    authToken: WRITE_TOKEN,
    readAuthToken: READ_TOKEN,
    appToken: APP_TOKEN,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}
