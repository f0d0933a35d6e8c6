import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../../src/core/base-url.js';
import type { CallOptions, Operation, Transport } from '../../src/core/transport.js';
import type { DidReservation } from '../../src/didww/did-reservation-model.js';
import { DidReservations } from '../../src/didww/did-reservations.js';
import { type HoldClaim, isOwnHold } from '../../src/didww/hold-lookup.js';
import { AVAILABLE_DID_ID, availableDidResource, reservationDocument } from './fixtures.js';

const BASE = 'https://sandbox-api.didww.com/v3';
const DID = '857d1462-5f43-4238-b007-ff05f282e41b';
const OTHER_DID = '0b76223b-9625-412f-b0f3-330551473e7e';
const STARTED = Date.parse('2026-04-16T09:00:00.000Z');
const SKEW = 120_000;

const claim = (overrides: Partial<HoldClaim> = {}): HoldClaim => ({
  availableDidId: DID,
  description: 'order 42',
  startedAt: STARTED,
  ...overrides,
});

const hold = (overrides: Partial<DidReservation> = {}): DidReservation => ({
  id: 'fd38d3ff-80cf-4e67-a605-609a2884a5c4',
  description: 'order 42',
  createdAt: new Date(STARTED + 350),
  expiresAt: new Date(STARTED + 600_350),
  availableDidId: DID,
  ...overrides,
});

describe('isOwnHold: a hold is this call’s only when everything it can be checked on says so', () => {
  it('is when the number, the description and the creation time all fit', () => {
    expect(isOwnHold(hold(), claim(), SKEW)).toBe(true);
  });

  it('is not when it holds another number, or says nothing of which number', () => {
    expect(isOwnHold(hold({ availableDidId: OTHER_DID }), claim(), SKEW)).toBe(false);
    expect(isOwnHold(hold({ availableDidId: undefined }), claim(), SKEW)).toBe(false);
  });

  it('is not when its description differs (another order’s hold on the same number)', () => {
    expect(isOwnHold(hold({ description: 'order 41' }), claim(), SKEW)).toBe(false);
    expect(isOwnHold(hold({ description: null }), claim(), SKEW)).toBe(false);
    expect(isOwnHold(hold(), claim({ description: undefined }), SKEW)).toBe(false);
  });

  it('compares descriptions exactly: no trimming, no case folding', () => {
    expect(isOwnHold(hold({ description: 'order 42 ' }), claim(), SKEW)).toBe(false);
    expect(isOwnHold(hold({ description: 'Order 42' }), claim(), SKEW)).toBe(false);
  });

  it('reads an absent, null or empty description alike, as none', () => {
    for (const sent of [undefined, '']) {
      for (const stored of [null, '']) {
        expect(isOwnHold(hold({ description: stored }), claim({ description: sent }), SKEW)).toBe(true);
      }
    }
  });

  it('is when created up to the clock-skew allowance before the call started, and not a millisecond earlier', () => {
    expect(isOwnHold(hold({ createdAt: new Date(STARTED - SKEW) }), claim(), SKEW)).toBe(true);
    expect(isOwnHold(hold({ createdAt: new Date(STARTED - SKEW - 1) }), claim(), SKEW)).toBe(false);
    expect(isOwnHold(hold({ createdAt: new Date(STARTED - 1) }), claim(), 0)).toBe(false);
    expect(isOwnHold(hold({ createdAt: new Date(STARTED) }), claim(), 0)).toBe(true);
  });

  it('is not when its creation time cannot be read', () => {
    expect(isOwnHold(hold({ createdAt: new Date(Number.NaN) }), claim(), SKEW)).toBe(false);
    const undated = { ...hold(), createdAt: undefined } as unknown as DidReservation;
    expect(isOwnHold(undated, claim(), SKEW)).toBe(false);
  });
});

describe('the lookup a create runs after an unknown outcome', () => {
  // A stand-in transport: the create runs its lookup with the options a transport passes; each
  // list page is decoded from a document and the options it was requested with are kept.
  function lookupWith(pages: unknown[]) {
    const seen: CallOptions[] = [];
    const lookupOptions: CallOptions = {
      timeoutMs: 567,
      maxRetries: 1,
      deadlineAt: performance.now() + 1_234,
    };
    const transport = {
      async run(operation: Operation<unknown>, options: CallOptions) {
        if (operation.effect === 'once') {
          return { data: await operation.lookup?.find(lookupOptions, { afterRefusal: undefined }), meta: {} };
        }
        seen.push(options);
        const value = pages[seen.length - 1];
        return {
          data: operation.decode({
            status: 200,
            headers: {},
            body: { kind: 'json', value },
            requestId: undefined,
          }),
          meta: {},
        };
      },
    } as unknown as Transport;
    const reservations = new DidReservations({
      transport,
      baseUrl: parseBaseUrl(BASE, 'didww'),
      apiVersion: '2026-04-16',
      holdLookup: { maxPages: 20, clockSkewMs: SKEW },
    });
    return { reservations, seen, lookupOptions };
  }

  const page = (createdAt: string, description: string, next?: string) => ({
    data: [
      {
        ...reservationDocument({ description, createdAt, availableDidId: AVAILABLE_DID_ID }).data,
      },
    ],
    included: [availableDidResource(AVAILABLE_DID_ID, '19492033398')],
    meta: { total_records: 2, available_count: 8 },
    links: next ? { next } : {},
  });

  it('passes the options object it was given, unchanged, to every page request', async () => {
    const now = new Date().toISOString();
    const { reservations, seen, lookupOptions } = lookupWith([
      page(now, 'order 41', `${BASE}/did_reservations?page%5Bnumber%5D=2&page%5Bsize%5D=100`),
      page(now, 'order 42'),
    ]);
    const found = await reservations.create({ availableDidId: AVAILABLE_DID_ID, description: 'order 42' });
    expect(found).toMatchObject({ status: 'found', description: 'order 42' });
    expect(seen).toHaveLength(2);
    for (const options of seen) expect(options).toBe(lookupOptions);
  });
});
