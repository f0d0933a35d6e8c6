import { describe, expect, it } from 'vitest';
import { prefilledClaimUrl } from '../../src/dots/index.js';

describe('prefilledClaimUrl', () => {
  it('adds the code as the ac parameter, as the Dots.eco docs describe', () => {
    expect(
      prefilledClaimUrl({ claimUrl: 'https://impact.dots.eco/app/6/eco-club/claim', code: 'e-826254' }),
    ).toBe('https://impact.dots.eco/app/6/eco-club/claim?ac=e-826254');
  });

  it('keeps the parameters the claim URL already has (a language) and encodes the code', () => {
    expect(
      prefilledClaimUrl({ claimUrl: 'https://impact.dots.eco/app/6/eco-club/claim?lang=fr', code: 'a b&c' }),
    ).toBe('https://impact.dots.eco/app/6/eco-club/claim?lang=fr&ac=a+b%26c');
  });

  it('returns the plain claim URL when there is no code', () => {
    expect(prefilledClaimUrl({ claimUrl: 'https://impact.dots.eco/app/6/eco-club/claim' })).toBe(
      'https://impact.dots.eco/app/6/eco-club/claim',
    );
  });
});
