import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/core/errors.js';
import type { CreateEcoClubOfferingParams } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { clientFor, useFakeDots } from './support/fake-dots.js';

const fake = useFakeDots();

async function sent(params: Partial<CreateEcoClubOfferingParams>): Promise<Record<string, unknown>> {
  await using client = clientFor(fake);
  await client.ecoClubOfferings.create({ quantity: 1, ...params });
  return fake.createBodies()[0] as Record<string, unknown>;
}

async function refused(params: Record<string, unknown>, path: string): Promise<InputValidationError> {
  await using client = clientFor(fake);
  const error = await failure(
    client.ecoClubOfferings.create({ quantity: 1, ...params } as CreateEcoClubOfferingParams),
  );
  expect(error).toBeInstanceOf(InputValidationError);
  expect((error as InputValidationError).issues.map((issue) => issue.path.join('.'))).toContain(path);
  expect(fake.requests).toHaveLength(0);
  return error as InputValidationError;
}

describe('dates: only years 0001 to 9999 reach the wire as YYYY-MM-DD', () => {
  // `toISOString` writes other years with a sign and six digits (`+010000-01-01`), which no
  // `YYYY-MM-DD` reader takes; year 0 is not a calendar year (1 BC).
  it.each<[string, Record<string, unknown>, string]>([
    ['a Date after year 9999', { activationDate: new Date('+010000-01-01T00:00:00Z') }, 'activationDate'],
    ['a Date in year 0', { expirationDate: new Date('0000-06-01T00:00:00Z') }, 'expirationDate'],
    ['a Date before year 0', { expirationDate: new Date('-000001-01-01T00:00:00Z') }, 'expirationDate'],
    ['the string 0000-01-01', { activationDate: '0000-01-01' }, 'activationDate'],
    ['a Date at the largest time a Date holds', { activationDate: new Date(8.64e15) }, 'activationDate'],
  ])('refuses %s', async (_label, params, path) => {
    const error = await refused(params, path);
    expect(error.message).toMatch(/0001-01-01|9999-12-31/);
  });

  it('accepts the first and last days', async () => {
    const body = await sent({
      activationDate: '0001-01-01',
      expirationDate: new Date('9999-12-31T23:59:59Z'),
    });
    expect(body.activation_date).toBe('0001-01-01');
    expect(body.expiration_date).toBe('9999-12-31');
  });
});

describe('roundHours: a rounded hour stays a real moment', () => {
  it('23:53 rounded up moves to 00:00 of the next day, also across a year', async () => {
    const body = await sent({ activationDate: '2026-12-31', activationHour: '23:53', roundHours: 'up' });
    expect(body.activation_date).toBe('2027-01-01');
    expect(body.activation_hour).toBe('00:00:00');
  });

  it('23:53 rounded to the nearest step is 00:00 of the next day (a Date’s day moves too)', async () => {
    const body = await sent({
      expirationDate: new Date('2024-02-28T12:00:00Z'),
      expirationHour: '23:53',
      roundHours: 'nearest',
    });
    expect(body.expiration_date).toBe('2024-02-29');
    expect(body.expiration_hour).toBe('00:00:00');
  });

  it('23:59:59 rounded down stays on its day', async () => {
    const body = await sent({ expirationDate: '2026-06-01', expirationHour: '23:59:59', roundHours: 'down' });
    expect(body.expiration_date).toBe('2026-06-01');
    expect(body.expiration_hour).toBe('23:45:00');
  });

  it('refuses rounding 9999-12-31 23:53 up: the next day is past year 9999', async () => {
    const error = await refused(
      { expirationDate: '9999-12-31', expirationHour: '23:53', roundHours: 'up' },
      'expirationHour',
    );
    expect(error.message).toMatch(/9999-12-31/);
  });

  it('refuses rounding a Date on 9999-12-31 to the nearest step past midnight', async () => {
    await refused(
      {
        activationDate: new Date('9999-12-31T00:00:00Z'),
        activationHour: '23:58',
        roundHours: 'nearest',
      },
      'activationHour',
    );
  });

  it.each(['-01:00', '24:00', '23:60', '99:99', '7:00', '12:00:60', '12:00:00.5', ' 12:00', '12:00\n'])(
    'refuses the hour %j, rounding or not',
    async (hour) => {
      await refused(
        { activationHour: hour, activationDate: '2026-06-01', roundHours: 'nearest' },
        'activationHour',
      );
      await refused({ activationHour: hour }, 'activationHour');
    },
  );
});
