import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../../src/core/base-url.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import type { ResourceObject } from '../../src/didww/json-api/document.js';
import { readErrorsDocument } from '../../src/didww/json-api/errors.js';
import { toQueryParams, wireSort } from '../../src/didww/json-api/query.js';
import { IncludedIndex, resolveResource } from '../../src/didww/json-api/resolve.js';
import { nextPageRequest } from '../../src/didww/next-link.js';

/** `length` included resources, each pointing at the next through `next`. */
function chain(length: number): ResourceObject[] {
  return Array.from(
    { length },
    (_, at): ResourceObject => ({
      id: `c${at}`,
      type: 'links',
      attributes: { at },
      relationships: at + 1 < length ? { next: { data: { type: 'links', id: `c${at + 1}` } } } : {},
    }),
  );
}

const chainHead = () => ({
  id: 'head',
  type: 'links',
  relationships: { next: { data: { type: 'links', id: 'c0' } } },
});

/** How many resolved resources hang below `resource` through `next` (walked without recursion). */
function chainLength(resource: Record<string, unknown>): number {
  let length = 0;
  for (let at = resource.next as Record<string, unknown> | undefined; at; at = at.next as typeof at) {
    length += 1;
  }
  return length;
}

describe('resolveResource', () => {
  it('camelCases attributes and meta, and resolves to-one and to-many linkage', () => {
    const index = new IncludedIndex([
      {
        id: 'g',
        type: 'did_groups',
        attributes: { area_name: 'Grand Rapids' },
        meta: { is_available: true },
      },
      { id: 's1', type: 'stock_keeping_units', attributes: { monthly_price: '0.09' } },
    ]);
    const resolved = resolveResource(
      {
        id: 'd',
        type: 'available_dids',
        attributes: { number: '16169886810' },
        relationships: {
          did_group: { data: { type: 'did_groups', id: 'g' } },
          stock_keeping_units: {
            data: [
              { type: 'stock_keeping_units', id: 's1' },
              { type: 'stock_keeping_units', id: 's2' },
            ],
          },
          nanpa_prefix: { data: null },
          region: {},
        },
      },
      index,
    );
    expect(resolved).toEqual({
      id: 'd',
      type: 'available_dids',
      number: '16169886810',
      didGroup: { id: 'g', type: 'did_groups', areaName: 'Grand Rapids', meta: { isAvailable: true } },
      stockKeepingUnits: [
        { id: 's1', type: 'stock_keeping_units', monthlyPrice: '0.09' },
        // Not included: only its identity.
        { id: 's2', type: 'stock_keeping_units' },
      ],
      nanpaPrefix: null,
    });
  });

  it('stops at a resource that points back at one on its path', () => {
    const index = new IncludedIndex([
      { id: 'b', type: 'things', relationships: { parent: { data: { type: 'things', id: 'a' } } } },
    ]);
    const resolved = resolveResource(
      { id: 'a', type: 'things', relationships: { child: { data: { type: 'things', id: 'b' } } } },
      index,
    );
    expect(resolved).toEqual({
      id: 'a',
      type: 'things',
      child: { id: 'b', type: 'things', parent: { id: 'a', type: 'things' } },
    });
  });

  it('resolves an included chain thousands of links deep without running out of stack', () => {
    for (const length of [3_000, 20_000]) {
      const started = performance.now();
      const resolved = resolveResource(chainHead(), new IncludedIndex(chain(length)));
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(chainLength(resolved)).toBe(length);
    }
  });

  it('resolves a resource reached by many paths once, so the work grows with the document', () => {
    // 40 rungs, each pointing at both resources of the next: 2^40 paths, 80 resources.
    const rungs = 40;
    const included = Array.from({ length: rungs }, (_, rung) =>
      ['l', 'r'].map(
        (side): ResourceObject => ({
          id: `${side}${rung}`,
          type: 'rungs',
          relationships:
            rung + 1 < rungs
              ? {
                  left: { data: { type: 'rungs', id: `l${rung + 1}` } },
                  right: { data: { type: 'rungs', id: `r${rung + 1}` } },
                }
              : {},
        }),
      ),
    ).flat();
    const started = performance.now();
    const resolved = resolveResource(
      { id: 'top', type: 'rungs', relationships: { left: { data: { type: 'rungs', id: 'l0' } } } },
      new IncludedIndex(included),
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    // Walk both sides of every rung (no deep comparison: that would walk every path).
    type Rung = { id: string; left?: Rung; right?: Rung };
    let rung = resolved.left as Rung | undefined;
    for (let at = 1; at < rungs; at += 1) {
      expect([rung?.left?.id, rung?.right?.id]).toEqual([`l${at}`, `r${at}`]);
      expect(rung?.left?.right?.id ?? rung?.right?.right?.id).toBe(at + 1 < rungs ? `r${at + 1}` : undefined);
      rung = at % 2 ? rung?.left : rung?.right;
    }
  });

  it('never lets an attribute shadow the id or type', () => {
    const resolved = resolveResource(
      { id: 'a', type: 'things', attributes: { id: 'x', type: 'y' } },
      new IncludedIndex(),
    );
    expect(resolved).toMatchObject({ id: 'a', type: 'things' });
  });
});

describe('query', () => {
  it('flattens filters, include, sort and page', () => {
    expect(
      toQueryParams({
        filter: {
          'country.id': 'c',
          'did_group.features': ['voice', 'sms'],
          'did_group.needs_registration': true,
          id: undefined,
        },
        include: ['did_group'],
        sort: ['-number'],
        page: { number: 2, size: 10 },
      }),
    ).toEqual({
      'filter[country.id]': 'c',
      'filter[did_group.features]': 'voice,sms',
      'filter[did_group.needs_registration]': 'true',
      include: 'did_group',
      sort: '-number',
      'page[number]': '2',
      'page[size]': '10',
    });
  });

  it('snake-cases sort fields and keeps the direction', () => {
    expect(wireSort(['-createdAt', 'expiresAt'])).toEqual(['-created_at', 'expires_at']);
  });
});

describe('nextPageRequest', () => {
  const LIST = 'didww.didReservations.list';
  const base = parseBaseUrl('https://sandbox-api.didww.com/v3', 'didww');
  // No secrets here: the client passes its transport's redaction.
  const keep = (text: string) => text;

  it('turns a link on the base URL into a path and query below it', () => {
    expect(
      nextPageRequest(
        LIST,
        'https://sandbox-api.didww.com/v3/did_reservations?page%5Bnumber%5D=2&page%5Bsize%5D=50',
        base,
        keep,
      ),
    ).toEqual({ path: '/did_reservations', query: { 'page[number]': '2', 'page[size]': '50' } });
  });

  it.each([
    ['another host', 'https://evil.example/v3/did_reservations?page%5Bnumber%5D=2'],
    ['plain http', 'http://sandbox-api.didww.com/v3/did_reservations'],
    ['another port', 'https://sandbox-api.didww.com:8443/v3/did_reservations'],
    ['credentials', 'https://user:pw@sandbox-api.didww.com/v3/did_reservations'],
    ['outside the prefix', 'https://sandbox-api.didww.com/v2/did_reservations'],
    ['a prefix look-alike', 'https://sandbox-api.didww.com/v3evil/did_reservations'],
    ['dot segments', 'https://sandbox-api.didww.com/v3/../admin'],
    ['encoded dot segments', 'https://sandbox-api.didww.com/v3/%2e%2e/admin'],
    ['a host look-alike', 'https://sandbox-api.didww.com.evil.example/v3/did_reservations'],
    ['protocol-relative', '//evil.example/v3/did_reservations'],
    ['an unreadable URL', 'http://[::1'],
  ])('refuses %s, with an error that names where it pointed but no credentials', (_label, link) => {
    let thrown: unknown;
    try {
      nextPageRequest(LIST, link, base, keep);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ResponseValidationError);
    expect(thrown).toMatchObject({ outcome: 'not_sent', operation: LIST });
    expect((thrown as Error).message).toMatch(/links\.next points outside the configured base URL/);
    expect((thrown as Error).message).not.toMatch(/user|pw@/);
  });

  it('reads a relative link against the base origin', () => {
    expect(nextPageRequest(LIST, '/v3/did_reservations?page%5Bnumber%5D=3', base, keep)).toEqual({
      path: '/did_reservations',
      query: { 'page[number]': '3' },
    });
  });
});

describe('readErrorsDocument', () => {
  it('is undefined for anything but an errors document', () => {
    for (const body of [undefined, 'text', { errors: [] }, { message: 'x' }, [1]]) {
      expect(readErrorsDocument(body)).toBeUndefined();
    }
  });
});
