import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ArianeeClient } from '../../src/arianee/index.js';
import { InputValidationError } from '../../src/core/errors.js';
import { DidwwClient } from '../../src/didww/index.js';
import { DotsClient } from '../../src/dots/index.js';

// One credential check for the three clients: every credential option refuses the same values, the
// same way, naming the option and never printing its value.
const SECRET = 'Zq8vK2mP4wX7';

const CREDENTIALS: [label: string, build: (value: string) => unknown, option: string][] = [
  ['Arianee apiKey', (apiKey) => new ArianeeClient({ baseUrl: 'https://b.example', apiKey }), 'apiKey'],
  ['DIDWW apiKey', (apiKey) => new DidwwClient({ apiKey }), 'apiKey'],
  ['Dots.eco authToken', (authToken) => new DotsClient({ authToken }), 'authToken'],
  [
    'Dots.eco readAuthToken',
    (readAuthToken) => new DotsClient({ authToken: 'write-1', readAuthToken }),
    'readAuthToken',
  ],
  ['Dots.eco appToken', (appToken) => new DotsClient({ authToken: 'write-1', appToken }), 'appToken'],
];

const BAD: [label: string, value: string, message: RegExp][] = [
  ['empty', '', /must not be empty/],
  ['blank', '   ', /must not be blank/],
  ['a leading space', ` ${SECRET}`, /must not start or end with spaces or line breaks/],
  [
    'a trailing line break (read from a file)',
    `${SECRET}\n`,
    /must not start or end with spaces or line breaks/,
  ],
  ['CR/LF inside', `${SECRET}\r\nx-admin: 1`, /control characters/],
  ['NUL inside', `${SECRET}\0x`, /control characters/],
  ['another C0 control', `${SECRET}\u0001x`, /control characters/],
  ['DEL', `${SECRET}\u007fx`, /control characters/],
  ['a C1 control', `${SECRET}\u0085x`, /control characters/],
  ['a lone surrogate', `${SECRET}\uD800x`, /lone UTF-16 surrogate/],
  ['a Bearer prefix', `Bearer ${SECRET}`, /without a "Bearer " prefix/],
  ['a Token prefix', `token ${SECRET}`, /without a "token " prefix/],
  ['a space inside', `${SECRET.slice(0, 4)} ${SECRET.slice(4)}`, /must not contain spaces/],
  ['a non-ASCII character', `${SECRET}é`, /ASCII/],
];

function refusal(build: () => unknown): InputValidationError {
  let thrown: unknown;
  try {
    const client = build() as { close(): Promise<void> };
    void client.close();
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof InputValidationError))
    throw new Error(`expected an InputValidationError, got ${String(thrown)}`);
  return thrown;
}

describe.each(CREDENTIALS)('%s', (_client, build, option) => {
  it.each(BAD)('refuses %s, naming the option, never printing the value', (_label, value, message) => {
    const error = refusal(() => build(value));
    expect(error.issues[0]?.path).toEqual([option]);
    expect(error.message).toContain(option);
    expect(error.message).toMatch(message);
    for (const printed of [error.message, JSON.stringify(error), inspect(error), String(error.stack)])
      expect(printed).not.toContain(SECRET.slice(0, 8));
  });

  it('refuses a value that is not a string', () => {
    expect(refusal(() => build(42 as unknown as string)).issues[0]?.path).toEqual([option]);
  });

  it('accepts a key as issued (letters, digits, - _ . ~ + =, and / but in an app token)', async () => {
    // An app token is also a path segment of list calls: no `/` there (docs/dots.md).
    const issued = option === 'appToken' ? 'Ab9-_.~+=Zq8vK2mP4wX7' : 'Ab9-_.~+/=Zq8vK2mP4wX7';
    const client = build(issued) as { close(): Promise<void> };
    await client.close();
  });

  if (option === 'appToken')
    it('refuses an app token that is not one path segment', () => {
      for (const token of ['.', '..', 'a/b', 'a?b', 'a#b'])
        expect(refusal(() => build(token)).issues[0]?.path).toEqual([option]);
    });
});

describe('header-bound options refuse CR, LF and NUL', () => {
  it.each([
    ['authHeader', { authHeader: 'x-api-key\r\nx-evil' }],
    ['authHeader', { authHeader: 'x-api-key\0' }],
    ['authScheme', { authScheme: 'Bearer\r\n' }],
    ['authScheme', { authScheme: 'Bea\0rer' }],
    ['userAgentSuffix', { userAgentSuffix: 'wrapper/1\r\nx-evil: 1' }],
    ['userAgentSuffix', { userAgentSuffix: 'wrapper/1\0' }],
  ])('Arianee %s', (option, options) => {
    const error = refusal(
      () => new ArianeeClient({ baseUrl: 'https://b.example', apiKey: SECRET, ...options }),
    );
    expect(error.issues[0]?.path).toEqual([option]);
  });
});
