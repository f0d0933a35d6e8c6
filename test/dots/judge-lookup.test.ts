import { describe, expect, it } from 'vitest';
import { Secrets } from '../../src/core/redact.js';
import type { CreateOfferingBody } from '../../src/dots/create-params.js';
import { isJudgedConflict, judgeLookup, lookupConflictError } from '../../src/dots/judge-lookup.js';
import { decodeOfferingList, type EcoClubOffering } from '../../src/dots/offering.js';

const CLAIM_URL = 'https://impact.dots.eco/app/6/eco-club/claim';

const SENT: CreateOfferingBody = {
  app_token: '101-5653d113',
  quantity: 1,
  title: 'Thank you',
  external_unique_id: 'order-1',
};

function offering(fields: Partial<EcoClubOffering>): EcoClubOffering {
  return { uuid: 'u-1', quantity: 1, claimUrl: CLAIM_URL, ...fields };
}

/** Items as the list endpoint sends them, decoded the way the client decodes them. */
function listed(...items: Record<string, unknown>[]): EcoClubOffering[] {
  return decodeOfferingList({
    status: 200,
    headers: {},
    body: { kind: 'json', value: items },
    requestId: undefined,
  });
}

describe('judgeLookup: an item carrying the id that was sent', () => {
  it('is ours when every field both carry is equal', () => {
    const item = offering({ title: 'Thank you', externalUniqueId: 'order-1', code: 'e-1' });
    expect(judgeLookup([item], SENT)).toEqual({ kind: 'ours', offering: item });
  });

  it('is a conflict when a field both carry differs, naming the fields and never their values', () => {
    const item = offering({ quantity: 5, title: 'Old gift', externalUniqueId: 'order-1', code: 'e-9' });
    const verdict = judgeLookup([item], { ...SENT, code: 'SECRET-CODE' });
    expect(verdict).toEqual({ kind: 'conflict', offering: item, fields: ['quantity', 'code', 'title'] });
  });

  it('compares the fields the list does not document too, when the item carries them', () => {
    const item = offering({ title: 'Thank you', externalUniqueId: 'order-1', langcode: 'de' });
    expect(judgeLookup([item], { ...SENT, langcode: 'en' })).toMatchObject({
      kind: 'conflict',
      fields: ['langcode'],
    });
  });

  it('ignores fields only one side carries', () => {
    const item = offering({ externalUniqueId: 'order-1', maxClaimsTotal: 3 });
    expect(judgeLookup([item], { ...SENT, mail: 'a@b.example' })).toEqual({ kind: 'ours', offering: item });
  });

  it('wins over items without the field', () => {
    const lone = offering({ uuid: 'u-lone', title: 'Thank you' });
    const exact = offering({ uuid: 'u-exact', title: 'Thank you', externalUniqueId: 'order-1' });
    expect(judgeLookup([lone, exact], SENT)).toEqual({ kind: 'ours', offering: exact });
    const taken = offering({ uuid: 'u-taken', quantity: 2, externalUniqueId: 'order-1' });
    expect(judgeLookup([lone, taken], SENT)).toMatchObject({ kind: 'conflict', fields: ['quantity'] });
  });
});

describe('judgeLookup: an item without external_unique_id (the documented list items)', () => {
  it('is not ours when a field the call sent differs (the old offering of the incident)', () => {
    const old = offering({ quantity: 5, title: 'Spring promo', code: 'e-826254' });
    expect(judgeLookup([old], SENT)).toMatchObject({ kind: 'none' });
  });

  it('is not ours when it lacks a documented field the call sent', () => {
    expect(judgeLookup([offering({})], SENT)).toMatchObject({ kind: 'none' });
  });

  it('is ours when every documented field the call sent is on it and equal', () => {
    const item = offering({ title: 'Thank you', code: 'e-100001', noOfClaims: 0 });
    expect(judgeLookup([item], SENT)).toEqual({ kind: 'ours', offering: item });
  });

  it('does not count the fields the list never documents', () => {
    const item = offering({ title: 'Thank you' });
    const sent: CreateOfferingBody = { ...SENT, remote_user_id: 'user-7', langcode: 'fr', currency: 'EUR' };
    expect(judgeLookup([item], sent)).toEqual({ kind: 'ours', offering: item });
  });

  it('is ambiguous, so not ours, when several items qualify', () => {
    const one = offering({ uuid: 'u-1', title: 'Thank you' });
    const two = offering({ uuid: 'u-2', title: 'Thank you' });
    expect(judgeLookup([one, two], SENT)).toMatchObject({ kind: 'none' });
  });

  it('picks the one item that qualifies among others that do not', () => {
    const other = offering({ uuid: 'u-0', quantity: 9, title: 'Thank you' });
    const mine = offering({ uuid: 'u-1', title: 'Thank you' });
    expect(judgeLookup([other, mine], SENT)).toEqual({ kind: 'ours', offering: mine });
  });

  it('compares after normalising the wire forms: numbers as strings, yes/no, allocations, hours, null', () => {
    const sent: CreateOfferingBody = {
      app_token: '101-5653d113',
      quantity: 10,
      limit_allocations: '32,31,14',
      name_on_certificate: 'John Doe',
      activation_date: '2022-12-24',
      activation_hour: '01:00:00',
      expiration_date: '2022-12-31',
      expiration_hour: '01:15:00',
      send_email_on_activation_date: 'yes',
      code: 'e-826254',
      title: 'Test title',
      max_claims_total: 3,
      max_claims_per_email: 2,
      external_unique_id: '2132-1232-22',
    };
    const [item] = listed({
      uuid: '1da0ef10',
      title: 'Test title',
      quantity: '10',
      limit_allocations: '14, 31,32',
      name_on_certificate: 'John Doe',
      activation_date: '2022-12-24',
      activation_hour: '01:00',
      expiration_date: '2022-12-31',
      expiration_hour: '1:15:00',
      code: 'e-826254',
      mail: null,
      max_claims_total: '3',
      max_claims_per_email: '2',
      send_email_on_activation_date: 'yes',
      claim_url: CLAIM_URL,
      no_of_claims: '0',
    });
    expect(judgeLookup(listed(), sent)).toMatchObject({ kind: 'none' });
    expect(judgeLookup(item ? [item] : [], sent)).toEqual({ kind: 'ours', offering: item });
    const [declined] = listed({
      uuid: 'x',
      quantity: '10',
      claim_url: CLAIM_URL,
      send_email_on_activation_date: 'no',
    });
    expect(
      judgeLookup(declined ? [declined] : [], {
        ...SENT,
        quantity: 10,
        title: undefined,
        send_email_on_activation_date: 'yes',
      }),
    ).toMatchObject({ kind: 'none' });
  });
});

describe('judgeLookup: an item with another external_unique_id', () => {
  it('is never ours, even when every field is equal', () => {
    const item = offering({ title: 'Thank you', externalUniqueId: 'order-2' });
    expect(judgeLookup([item], SENT)).toMatchObject({ kind: 'none' });
  });
});

describe('judgeLookup: a lookup that sent only the id (findByExternalUniqueId)', () => {
  it('takes a single item without the field, not several', () => {
    const item = offering({ title: 'Anything' });
    expect(judgeLookup([item], { external_unique_id: 'order-1' })).toEqual({ kind: 'ours', offering: item });
    expect(judgeLookup([item, offering({ uuid: 'u-2' })], { external_unique_id: 'order-1' })).toEqual({
      kind: 'none',
    });
  });
});

describe('a judged conflict', () => {
  it('is still known as judged after redaction copied it (its id held a short secret)', () => {
    const error = lookupConflictError(
      { kind: 'conflict', offering: offering({}), fields: ['quantity'] },
      'order-1',
      'dots.ecoClubOfferings.create',
    );
    const copy = new Secrets(['1']).redactError(error);
    expect(copy).not.toBe(error);
    expect(copy.message).toContain("'order-[REDACTED]'");
    expect(isJudgedConflict(copy)).toBe(true);
  });
});
