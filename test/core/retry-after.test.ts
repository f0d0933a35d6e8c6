import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/core/retry-after.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const IN_90_S = 'Fri, 01 May 2026 12:01:30 GMT';
const IN_30_S = 'Fri, 01 May 2026 12:00:30 GMT';

describe('parseRetryAfter', () => {
  it.each([
    ['2', 2_000],
    ['1.5', 1_500],
    [' 120 ', 120_000],
    [IN_90_S, 90_000],
  ])('reads one value: %j', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([undefined, '', '  ', 'soon', '-1'])('has no wait for %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  // undici joins a header sent twice (by a proxy and the origin, say) with ", ".
  it('reads the same value sent twice as that value', () => {
    expect(parseRetryAfter('120, 120', NOW)).toBe(120_000);
    expect(parseRetryAfter(`${IN_90_S}, ${IN_90_S}`, NOW)).toBe(90_000);
  });

  it('takes the longest of values that differ: a shorter wait would only be refused again', () => {
    expect(parseRetryAfter('120, 60', NOW)).toBe(120_000);
    expect(parseRetryAfter('5, 30', NOW)).toBe(30_000);
    expect(parseRetryAfter(`${IN_30_S}, 60`, NOW)).toBe(60_000);
    expect(parseRetryAfter(`60, ${IN_90_S}`, NOW)).toBe(90_000);
  });

  it('ignores an unreadable value next to a readable one', () => {
    expect(parseRetryAfter('soon, 3', NOW)).toBe(3_000);
    expect(parseRetryAfter('soon, later', NOW)).toBeUndefined();
  });
});

describe('parseRetryAfter: the obsolete date forms RFC 9110 has recipients accept', () => {
  it.each([
    ['RFC 850', 'Friday, 01-May-26 12:01:30 GMT'],
    ['asctime (UTC)', 'Fri May  1 12:01:30 2026'],
  ])('%s', (_label, value) => {
    expect(parseRetryAfter(value, NOW)).toBe(90_000);
  });
});
