import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/core/errors.js';
import { isAppToken } from '../../src/dots/app-token.js';
import type { DotsClient } from '../../src/dots/index.js';
import { failure } from '../support/failure.js';
import { clientFor, useFakeDots } from './support/fake-dots.js';

const fake = useFakeDots();

// The per-call app token becomes a path segment of `list/{app_token}`: `..` would be normalised
// away by the URL parser (even percent-encoded), so the call would reach another endpoint.
const BAD_TOKENS: [string, string][] = [
  ['a dot segment', '.'],
  ['a double-dot segment', '..'],
  ['a slash', '101/5653d113'],
  ['a question mark', '101-5653d113?uuid=x'],
  ['a hash', '101-5653d113#x'],
  ['a space', '101 5653d113'],
  ['a trailing line break', '101-5653d113\n'],
  ['a CR LF', '101-\r\n5653d113'],
  ['a NUL', '101-\u00005653d113'],
  ['a DEL', '101-\u007F5653d113'],
  ['a tab', '\t101-5653d113'],
  ['a no-break space', '101-5653d113\u00A0'],
  ['only blanks', '   '],
  ['an empty string', ''],
];

const calls: [string, (client: DotsClient, appToken: string) => PromiseLike<unknown>][] = [
  ['create', (client, appToken) => client.ecoClubOfferings.create({ quantity: 1, appToken })],
  [
    'createOrGet',
    (client, appToken) =>
      client.ecoClubOfferings.createOrGet({ quantity: 1, externalUniqueId: 'order-1', appToken }),
  ],
  ['list', (client, appToken) => client.ecoClubOfferings.list({ appToken })],
  [
    'findByExternalUniqueId',
    (client, appToken) => client.ecoClubOfferings.findByExternalUniqueId('order-1', { appToken }),
  ],
];

describe('a per-call appToken that cannot be a path segment is refused before any request', () => {
  for (const [method, call] of calls) {
    it.each(BAD_TOKENS)(`${method}: %s`, async (_label, appToken) => {
      await using client = clientFor(fake);
      const error = await failure(call(client, appToken));
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as InputValidationError).issues.map((issue) => issue.path.join('.'))).toContain(
        'appToken',
      );
      // The token is a secret: the message names the rule, never the value.
      if (appToken.trim().length > 2) expect(error.message).not.toContain(appToken.trim());
      expect(fake.requests).toHaveLength(0);
    });
  }

  it('an empty per-call appToken is not silently replaced by the client option', async () => {
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.list({ appToken: '' }));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(fake.requests).toHaveLength(0);
  });

  it('an unset per-call appToken still means the client option', async () => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.list({ appToken: undefined });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.path).toBe('/api/v1/eco-club-offering/list/101-5653d113');
  });
});

describe('isAppToken (the rule, exported for the client option too)', () => {
  it.each(BAD_TOKENS)('refuses %s', (_label, token) => {
    expect(isAppToken(token)).toBe(false);
  });

  it.each(['101-5653d113', '.hidden', 'a..b', 'ünïcode-token', '%2e%2e'])('accepts %s', (token) => {
    expect(isAppToken(token)).toBe(true);
  });

  it('refuses a lone surrogate', () => {
    expect(isAppToken('101-\uD800')).toBe(false);
  });
});
