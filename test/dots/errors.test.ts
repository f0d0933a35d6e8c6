import { HttpResponse, http, type JsonBodyType } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  NotFoundError,
  ProviderValidationError,
  RateLimitError,
  ServerError,
} from '../../src/core/errors.js';
import type { DotsClientOptions, DotsErrorCode } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { clientFor, useFakeDots } from './support/fake-dots.js';

const fake = useFakeDots();

type ErrorClass = abstract new (...args: never[]) => ApiError;

// After a 5xx the create is looked up before the error is final: the lookup finds nothing here.
const findsNothing = http.get('*/eco-club-offering/list/:appToken', () => HttpResponse.json([]));

function answerCreateWith(status: number, body: JsonBodyType): void {
  fake.server.use(
    http.post('*/eco-club-offering/add', () => HttpResponse.json(body, { status })),
    findsNothing,
  );
}

async function createError(options: Partial<DotsClientOptions> = {}): Promise<ApiError> {
  await using client = clientFor(fake, { maxRetries: 0, ...options });
  const error = await failure(client.ecoClubOfferings.create({ quantity: 1 }));
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('documented Dots.eco messages map to a class and a stable providerCode', () => {
  it.each<[number, string, ErrorClass, DotsErrorCode]>([
    [422, 'The app_token is invalid.', AuthenticationError, 'invalid_app_token'],
    [404, 'The app_token is invalid.', AuthenticationError, 'invalid_app_token'],
    [422, 'Provided app is not of type Eco Club.', ProviderValidationError, 'app_not_eco_club'],
    [422, 'We cannot use email for this app.', ProviderValidationError, 'email_not_allowed'],
    [422, 'The maximum length of title is 255 characters.', ProviderValidationError, 'max_length_exceeded'],
    [422, 'The maximum value of quantity is 100000000000.', ProviderValidationError, 'max_value_exceeded'],
    [422, 'Required fields cannot be empty.', ProviderValidationError, 'required_fields_empty'],
    [422, 'Entity creation problem.', ProviderValidationError, 'entity_creation_problem'],
    [
      403,
      'Access denied. You are not a manager of specified application.',
      AuthenticationError,
      'access_denied',
    ],
    [
      403,
      'Please provide valid app_token value and auth-token header.',
      AuthenticationError,
      'credentials_missing',
    ],
    [
      403,
      'Your company is not yet activated for production requests. Please contact your account manager at Dots.eco to activate it.',
      AuthenticationError,
      'company_not_activated',
    ],
  ])('%i "%s"', async (status, message, errorClass, providerCode) => {
    answerCreateWith(status, { message });
    const error = await createError();
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status, providerCode, providerMessage: message, outcome: 'rejected' });
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(message);
    expect(error.message).toContain(`[${providerCode}]`);
    expect(fake.requests).toHaveLength(1);
  });

  it('keeps the field and limit of a maximum-length message as details', async () => {
    answerCreateWith(422, { message: 'The maximum length of name_on_certificate is 255 characters.' });
    expect((await createError()).details).toEqual({ field: 'name_on_certificate', maxLength: 255 });
  });

  it('keeps the field and limit of a maximum-value message as details', async () => {
    answerCreateWith(422, { message: 'The maximum value of max_claims_total is 10^11.' });
    expect((await createError()).details).toEqual({ field: 'max_claims_total', maxValue: '10^11' });
  });

  it('reads { "error": "…" } bodies too', async () => {
    answerCreateWith(422, { error: 'Provided app is not of type Eco Club.' });
    const error = await createError();
    expect(error).toMatchObject({
      providerCode: 'app_not_eco_club',
      providerMessage: 'Provided app is not of type Eco Club.',
    });
  });

  it('reads { "error": { "message": "…" } } bodies too', async () => {
    answerCreateWith(403, { error: { message: 'Access denied.' } });
    expect((await createError()).providerCode).toBe('access_denied');
  });
});

describe('duplicate code or external id: ConflictError (wording not documented, matched loosely)', () => {
  it.each<[string, DotsErrorCode]>([
    ['The external_unique_id has already been taken.', 'external_unique_id_taken'],
    ['External unique ID must be unique.', 'external_unique_id_taken'],
    ['An offering with this external-unique-id already exists.', 'external_unique_id_taken'],
    ['Duplicate entry for external_unique_id', 'external_unique_id_taken'],
    ['The code has already been taken.', 'code_taken'],
    ['Code e-826254 already exists.', 'code_taken'],
    ['The activation code is not unique.', 'code_taken'],
    ['This value is already in use.', 'duplicate_value'],
  ])('"%s" is %s', async (message, providerCode) => {
    answerCreateWith(422, { message });
    const error = await createError();
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toBeInstanceOf(ProviderValidationError);
    expect(error).toMatchObject({ code: 'conflict', providerCode, providerMessage: message });
  });

  it('a taken external id names findByExternalUniqueId and createOrGet', async () => {
    answerCreateWith(422, { message: 'The external_unique_id has already been taken.' });
    await using client = clientFor(fake, { maxRetries: 0 });
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'order-7' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("ecoClubOfferings.findByExternalUniqueId('order-7')");
    expect(error.message).toContain('ecoClubOfferings.createOrGet');
    // Dots.eco's own text stays as it was sent.
    expect(error).toMatchObject({ providerMessage: 'The external_unique_id has already been taken.' });
  });

  it('a taken code does not send you to the external id', async () => {
    answerCreateWith(422, { message: 'The code has already been taken.' });
    const error = await createError();
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).not.toContain('findByExternalUniqueId');
  });

  it('uses the conflictPatterns the client was given', async () => {
    answerCreateWith(422, { message: 'Offering reference collides with an earlier one.' });
    const error = await createError({ conflictPatterns: { externalUniqueId: /reference collides/ } });
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.providerCode).toBe('external_unique_id_taken');
  });

  it('does not mistake a message about codes for a duplicate', async () => {
    answerCreateWith(422, { message: 'The code format is wrong.' });
    const error = await createError();
    expect(error).not.toBeInstanceOf(ConflictError);
    expect(error).toBeInstanceOf(ProviderValidationError);
    expect(error.providerCode).toBeUndefined();
  });
});

describe('messages reservekit does not know keep the provider text, the status picks the class', () => {
  it.each<[number, ErrorClass]>([
    [400, ApiError],
    [401, AuthenticationError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, ProviderValidationError],
    [429, RateLimitError],
    [500, ServerError],
  ])('%i', async (status, errorClass) => {
    answerCreateWith(status, { message: 'Something new happened.' });
    const error = await createError();
    expect(error).toBeInstanceOf(errorClass);
    expect(error.providerMessage).toBe('Something new happened.');
    expect(error.providerCode).toBeUndefined();
    expect(error.body).toEqual({ message: 'Something new happened.' });
  });

  it('an HTML error page says so', async () => {
    fake.server.use(
      http.post(
        '*/eco-club-offering/add',
        () => new HttpResponse('<html>Bad Gateway</html>', { status: 502 }),
      ),
      findsNothing,
    );
    const error = await createError();
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/HTML/);
    expect(error.outcome).toBe('unknown');
  });

  it('maps the same messages on list', async () => {
    fake.server.use(
      http.get('*/eco-club-offering/list/*', () =>
        HttpResponse.json({ message: 'The app_token is invalid.' }, { status: 404 }),
      ),
    );
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as ApiError).providerCode).toBe('invalid_app_token');
    expect(fake.requests).toHaveLength(1);
  });
});
