import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  InputValidationError,
  NoInventoryError,
  NotFoundError,
  ProviderValidationError,
  ResponseValidationError,
} from '../../src/core/errors.js';
import { type DidwwClient, getDidwwErrors } from '../../src/didww/index.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import {
  AVAILABLE_DID_ID,
  availableDidResource,
  ERROR_404,
  ERROR_422_AVAILABLE_DID,
  ERROR_422_SEVERAL,
  jsonApi,
  RESERVATION_EXPIRE_AT,
  RESERVATION_ID,
  RESERVATION_WITH_INCLUDES,
  reservationDocument,
  TEST_API_KEY,
  testClient,
} from './fixtures.js';

const link = (at: number) => ({ data: { type: 'links', id: `c${at}` } });

// The log keeps credential headers as sent: these tests assert which key or token went out.
const server = useHandlerServer([], { raw: true });
let client: DidwwClient;
beforeAll(() => {
  client = testClient(server.url);
});
afterAll(() => client.close());

describe('didReservations.create', () => {
  it('sends a JSON:API create document with the DIDWW headers, and returns typed dates', async () => {
    server.use(http.post('*/v3/did_reservations', () => jsonApi(reservationDocument(), 201)));
    const hold = await client.didReservations.create({
      availableDidId: AVAILABLE_DID_ID,
      description: 'DIDWW',
    });

    expect(hold).toEqual({
      id: RESERVATION_ID,
      description: 'DIDWW',
      createdAt: new Date('2018-12-28T16:12:00.440Z'),
      expiresAt: new Date('2018-12-28T16:22:00.417Z'),
      availableDidId: AVAILABLE_DID_ID,
      status: 'created',
    });
    expect(hold.expiresAt).toBeInstanceOf(Date);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v3/did_reservations');
    expect(request?.headers).toMatchObject({
      'api-key': TEST_API_KEY,
      accept: 'application/vnd.api+json',
      'content-type': 'application/vnd.api+json',
      'x-didww-api-version': '2026-04-16',
    });
    expect(request?.headers.authorization).toBeUndefined();
    expect(JSON.parse(request?.body ?? '')).toEqual({
      data: {
        type: 'did_reservations',
        attributes: { description: 'DIDWW' },
        relationships: { available_did: { data: { type: 'available_dids', id: AVAILABLE_DID_ID } } },
      },
    });
  });

  it('leaves attributes out when there is no description', async () => {
    server.use(
      http.post('*/v3/did_reservations', () => jsonApi(reservationDocument({ description: null }), 201)),
    );
    const hold = await client.didReservations.create({ availableDidId: AVAILABLE_DID_ID });
    expect(hold.description).toBeNull();
    expect(JSON.parse(server.requests[0]?.body ?? '').data.attributes).toBeUndefined();
  });

  it('reports a 202 as an update of a hold you already had', async () => {
    server.use(http.post('*/v3/did_reservations', () => jsonApi(reservationDocument(), 202)));
    const { data, meta } = await client.didReservations
      .create({ availableDidId: AVAILABLE_DID_ID, description: 'DIDWW' })
      .withMeta();
    expect(data.status).toBe('updated');
    expect(meta).toMatchObject({ status: 202, attempts: 1, reconciled: false });
  });

  it('reads expire_at from API versions up to 2022-05-10', async () => {
    server.use(http.post('*/v3/did_reservations', () => jsonApi(RESERVATION_EXPIRE_AT, 201)));
    const old = testClient(server.url, { apiVersion: '2022-05-10' });
    const hold = await old.didReservations.create({ availableDidId: AVAILABLE_DID_ID });
    expect(hold.expiresAt).toEqual(new Date('2022-06-28T06:39:20.567Z'));
    expect(hold.expiresAt.getTime() - hold.createdAt.getTime()).toBe(30 * 60 * 1000 - 7);
    expect(server.requests[0]?.headers['x-didww-api-version']).toBe('2022-05-10');
    await old.close();
  });

  it('maps a 422 on available_did to NoInventoryError, sent once, with the errors kept whole', async () => {
    server.use(http.post('*/v3/did_reservations', () => jsonApi(ERROR_422_AVAILABLE_DID, 422)));
    const error = await failure(client.didReservations.create({ availableDidId: AVAILABLE_DID_ID }));
    expect(error).toBeInstanceOf(NoInventoryError);
    expect(error).toMatchObject({
      status: 422,
      providerCode: '100',
      outcome: 'rejected',
      retryable: false,
      details: ERROR_422_AVAILABLE_DID.errors,
    });
    expect(error.message).toContain('available_did - is invalid');
    expect(server.requests).toHaveLength(1);
  });

  it('maps any other 422 to ProviderValidationError whose message joins every entry', async () => {
    server.use(http.post('*/v3/did_reservations', () => jsonApi(ERROR_422_SEVERAL, 422)));
    const error = await failure(client.didReservations.create({ availableDidId: AVAILABLE_DID_ID }));
    expect(error).toBeInstanceOf(ProviderValidationError);
    expect(error).not.toBeInstanceOf(NoInventoryError);
    expect(error.message).toBe(
      'didww.didReservations.create failed: 422 Identity Place of Birth must be Belgium; ' +
        'Following Supporting Document(s) required (Belgium Registration Form); Address in Belgium required [100]',
    );
    expect(getDidwwErrors(error).map((entry) => entry.source?.pointer)).toEqual(['/data', '/data', '/data']);
    expect((error as ProviderValidationError).details).toEqual(ERROR_422_SEVERAL.errors);
  });

  it('reads a 201 whose included chain is 3,000 links deep (under the body cap) without a RangeError', async () => {
    const length = 3_000;
    const document = reservationDocument({ availableDidId: AVAILABLE_DID_ID });
    const included = [
      { ...availableDidResource(AVAILABLE_DID_ID, '19492033398'), relationships: { next: link(0) } },
      ...Array.from({ length }, (_, at) => ({
        id: `c${at}`,
        type: 'links',
        attributes: { note: 'x'.repeat(64) },
        relationships: at + 1 < length ? { next: link(at + 1) } : {},
      })),
    ];
    const body = JSON.stringify({ ...document, included });
    expect(body.length).toBeGreaterThan(300_000);
    expect(body.length).toBeLessThan(1024 * 1024);
    server.use(
      http.post(
        '*/v3/did_reservations',
        () =>
          new HttpResponse(body, { status: 201, headers: { 'content-type': 'application/vnd.api+json' } }),
      ),
    );
    const hold = await client.didReservations.create({
      availableDidId: AVAILABLE_DID_ID,
      include: 'availableDid',
    });
    expect(hold).toMatchObject({ status: 'created', availableDidId: AVAILABLE_DID_ID });
    expect(hold.availableDid?.number).toBe('19492033398');
  });

  it('refuses an id that is not a UUID before sending anything', async () => {
    const error = await failure(client.didReservations.create({ availableDidId: '../../dids' }));
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues[0]?.path).toEqual(['availableDidId']);
    expect(server.requests).toHaveLength(0);
  });

  it('maps a 401 to AuthenticationError without printing the key', async () => {
    server.use(
      http.post('*/v3/did_reservations', () =>
        jsonApi(
          {
            errors: [
              { title: 'Unauthorized', detail: `bad key ${TEST_API_KEY}`, code: '401', status: '401' },
            ],
          },
          401,
        ),
      ),
    );
    const error = await failure(client.didReservations.create({ availableDidId: AVAILABLE_DID_ID }));
    expect(error).toBeInstanceOf(AuthenticationError);
    const printed = JSON.stringify(error) + error.message + String(error.stack);
    expect(printed).not.toContain(TEST_API_KEY);
    expect(printed).toContain('[REDACTED]');
  });
});

describe('didReservations.get', () => {
  it('resolves included resources into nested camelCase objects', async () => {
    server.use(http.get('*/v3/did_reservations/:id', () => jsonApi(RESERVATION_WITH_INCLUDES)));
    const hold = await client.didReservations.get(RESERVATION_ID, {
      include: 'availableDid.didGroup.stockKeepingUnits',
    });
    expect(server.requests[0]?.path).toBe(`/v3/did_reservations/${RESERVATION_ID}`);
    expect(server.requests[0]?.query.get('include')).toBe('available_did.did_group.stock_keeping_units');
    expect(hold.availableDidId).toBe(AVAILABLE_DID_ID);
    expect(hold.availableDid?.number).toBe('19492033398');
    expect(hold.availableDid?.didGroupId).toBe('23bc0f41-67c0-40c3-b877-dccbbb65d5e4');
    expect(hold.availableDid?.didGroup).toMatchObject({
      areaName: 'Saddleback Valley',
      localPrefix: '',
      features: ['voice'],
      isMetered: false,
      meta: { needsRegistration: false, availableDidsEnabled: true },
    });
    expect(hold.availableDid?.didGroup?.stockKeepingUnits?.map((sku) => sku.monthlyPrice)).toEqual([
      '0.09',
      '0.19',
    ]);
    // A relationship DIDWW sent as links only (no linkage) is left out: nothing is invented.
    expect(hold.availableDid?.didGroup?.country).toBeUndefined();
  });

  it('throws NotFoundError on 404, with DIDWW detail in the message', async () => {
    server.use(http.get('*/v3/did_reservations/:id', () => jsonApi(ERROR_404, 404)));
    const error = await failure(client.didReservations.get(RESERVATION_ID));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('could not be found');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses ids that would leave the path', async () => {
    for (const id of ['../available_dids', `${RESERVATION_ID}/../x`, `${RESERVATION_ID}?include=x`, '']) {
      const error = await failure(client.didReservations.get(id));
      expect(error).toBeInstanceOf(InputValidationError);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('didReservations.delete', () => {
  it('releases a hold (204)', async () => {
    server.use(http.delete('*/v3/did_reservations/:id', () => new HttpResponse(null, { status: 204 })));
    const { data, meta } = await client.didReservations.delete(RESERVATION_ID).withMeta();
    expect(data).toEqual({ released: true });
    expect(meta.status).toBe(204);
    expect(server.requests[0]).toMatchObject({
      method: 'DELETE',
      path: `/v3/did_reservations/${RESERVATION_ID}`,
    });
  });

  it('resolves quietly when the hold is already gone (404)', async () => {
    server.use(http.delete('*/v3/did_reservations/:id', () => jsonApi(ERROR_404, 404)));
    await expect(client.didReservations.delete(RESERVATION_ID)).resolves.toEqual({ released: false });
    expect(server.requests).toHaveLength(1);
  });

  it('does not take a 404 that is not DIDWW’s (a proxy page) as released', async () => {
    server.use(
      http.delete(
        '*/v3/did_reservations/:id',
        () =>
          new HttpResponse('<html>Not Found</html>', {
            status: 404,
            headers: { 'content-type': 'text/html' },
          }),
      ),
    );
    const error = await failure(client.didReservations.delete(RESERVATION_ID));
    expect(error).toBeInstanceOf(ResponseValidationError);
  });

  it('is retried after a reset, because releasing twice is harmless', async () => {
    let calls = 0;
    server.use(
      http.delete('*/v3/did_reservations/:id', () => {
        calls += 1;
        return calls === 1 ? HttpResponse.error() : jsonApi(ERROR_404, 404);
      }),
    );
    const { data, meta } = await client.didReservations.delete(RESERVATION_ID).withMeta();
    expect(data).toEqual({ released: false });
    expect(meta.attempts).toBe(2);
  });
});
