import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import { clientFor, useFakeDots } from './support/fake-dots.js';

const fake = useFakeDots();

// Only what is certain is checked: one `@` with something on both sides, no whitespace or control
// character, at most 254 characters (RFC 5321's limit on a path). Dots.eco decides the rest.
const at254 = `${'a'.repeat(64)}@${'b'.repeat(184)}.test`;

describe('mail: addresses Dots.eco may accept are sent as given', () => {
  it.each([
    'user@example.com',
    'üser@example.com',
    'user@exämple.de',
    '用户@例子.广告',
    'first.last+tag@sub.example.co.uk',
    '"quoted"@example.com',
    'user@localhost',
    at254,
  ])('%s', async (mail) => {
    await using client = clientFor(fake);
    await client.ecoClubOfferings.create({ quantity: 1, mail });
    expect(fake.createBodies()[0]?.mail).toBe(mail);
  });
});

describe('mail: what is certainly not an address is refused before any request', () => {
  it.each<[string, string]>([
    ['no @', 'user.example.com'],
    ['two @', 'user@host@example.com'],
    ['nothing before the @', '@example.com'],
    ['nothing after the @', 'user@'],
    ['a space', 'us er@example.com'],
    ['a no-break space', 'user@\u00A0example.com'],
    ['a trailing line break', 'user@example.com\n'],
    ['a CR LF', 'user@example.com\r\nBcc: x@example.com'],
    ['a NUL', 'user\u0000@example.com'],
    ['a DEL', 'user@example.com\u007F'],
    ['a lone surrogate', 'user\uD800@example.com'],
    ['255 characters', `a${at254}`],
    ['only blanks', '   '],
  ])('%s', async (_label, mail) => {
    await using client = clientFor(fake);
    const error = await failure(client.ecoClubOfferings.create({ quantity: 1, mail }));
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues.map((issue) => issue.path.join('.'))).toContain('mail');
    expect(fake.requests).toHaveLength(0);
  });
});
