import { describe, expect, it } from 'vitest';
import { parseArianeeLink } from '../../src/arianee/index.js';
import { InputValidationError } from '../../src/core/errors.js';

describe('parseArianeeLink', () => {
  it('splits the documented link', () => {
    expect(parseArianeeLink('https://test.arianee.net/440105186,v6lsj4vhg5dx')).toEqual({
      origin: 'https://test.arianee.net',
      certificateId: 440105186,
      passphrase: 'v6lsj4vhg5dx',
    });
  });

  it('reads the last path segment and ignores a query, a fragment and surrounding spaces', () => {
    expect(parseArianeeLink(' https://arianee.net/claim/12,abc%20d?lang=fr#x ')).toEqual({
      origin: 'https://arianee.net',
      certificateId: 12,
      passphrase: 'abc d',
    });
    expect(parseArianeeLink('https://arianee.net/12,abcd/').certificateId).toBe(12);
  });

  it.each([
    ['not a URL', 'v6lsj4vhg5dx'],
    ['no comma', 'https://test.arianee.net/440105186'],
    ['no passphrase', 'https://test.arianee.net/440105186,'],
    ['a non-numeric id', 'https://test.arianee.net/abc,v6lsj4vhg5dx'],
    ['two commas', 'https://test.arianee.net/1,v6lsj4vhg5dx,x'],
    ['an id beyond safe integers', 'https://test.arianee.net/99999999999999999999,v6lsj4vhg5dx'],
    ['another scheme', 'ftp://test.arianee.net/1,v6lsj4vhg5dx'],
    ['a broken escape', 'https://test.arianee.net/1,v6lsj4vhg5dx%E0%A4%A'],
    ['not a string', 42],
  ])('%s is an InputValidationError that does not quote the link', (_label, link) => {
    let thrown: unknown;
    try {
      parseArianeeLink(link as string);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputValidationError);
    const error = thrown as InputValidationError;
    expect(error.issues[0]?.path).toEqual(['link']);
    expect(JSON.stringify(error)).not.toContain('v6lsj4vhg5dx');
  });
});
