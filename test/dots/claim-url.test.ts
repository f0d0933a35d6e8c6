import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/core/errors.js';
import { type EcoClubOffering, prefilledClaimUrl } from '../../src/dots/index.js';

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

describe('prefilledClaimUrl: what cannot make a claim link is a typed error, never a raw TypeError', () => {
  const CLAIM = 'https://impact.dots.eco/app/6/eco-club/claim';

  function refusal(offering: unknown): InputValidationError {
    let thrown: unknown;
    try {
      prefilledClaimUrl(offering as EcoClubOffering);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputValidationError);
    return thrown as InputValidationError;
  }

  const paths = (error: InputValidationError) => error.issues.map((issue) => issue.path.join('.'));

  it.each<[string, Record<string, unknown>]>([
    ['a claimUrl that is not a URL, with a code', { claimUrl: 'not a url', code: 'e-826254' }],
    ['a claimUrl that is not a URL, without a code', { claimUrl: 'impact.dots.eco/app/6/eco-club/claim' }],
    ['a claimUrl that is not http(s)', { claimUrl: 'javascript:alert(1)', code: 'e-1' }],
    ['an empty claimUrl', { claimUrl: '', code: 'e-1' }],
    ['a claimUrl that is not a string', { claimUrl: 42 }],
    ['a missing claimUrl', { code: 'e-1' }],
    ['a claimUrl with a line break the URL parser would drop', { claimUrl: `${CLAIM}\n?x`, code: 'e-1' }],
    ['a claimUrl with a lone surrogate', { claimUrl: `${CLAIM}/\uD800`, code: 'e-1' }],
  ])('%s', (_label, offering) => {
    const error = refusal(offering);
    expect(paths(error)).toContain('claimUrl');
    expect(error.provider).toBe('dots');
    expect(error.outcome).toBe('not_sent');
  });

  it.each<[string, string]>([
    ['a lone surrogate (it would become U+FFFD)', 'e-\uD800'],
    ['a line break', 'e-826254\n'],
    ['only blanks', '   '],
  ])('refuses a code with %s', (_label, code) => {
    expect(paths(refusal({ claimUrl: CLAIM, code }))).toContain('code');
  });

  it('refuses an offering that is not an object', () => {
    refusal(undefined);
    refusal('https://impact.dots.eco/app/6/eco-club/claim');
  });

  it('never quotes the code (a bearer credential for the gift)', () => {
    const error = refusal({ claimUrl: 'nope', code: 'secret-code-1234\n' });
    expect(error.message).not.toContain('secret-code-1234');
  });

  it('an empty code is no code', () => {
    expect(prefilledClaimUrl({ claimUrl: CLAIM, code: '' })).toBe(CLAIM);
  });
});
