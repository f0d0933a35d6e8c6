import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArianeeClient, parseArianeeLink } from '../../src/arianee/index.js';
import { InputValidationError } from '../../src/core/errors.js';
import { failure } from '../support/failure.js';
import { useHandlerServer } from '../support/handler-server.js';
import { fakePool, nmpClient } from './fake-nmp.js';

const server = useHandlerServer();
let client: ArianeeClient;
beforeAll(() => {
  client = nmpClient(server);
});
afterAll(() => client.close());

// A tag names a pool: a line break read with it from a file, a NUL or a DEL is never part of one,
// and in the query it would ask the NMP for another pool than the one meant.
const BAD_TAGS: [string, string | string[]][] = [
  ['a trailing LF', 'vip\n'],
  ['a CR LF', 'vip\r\nX-Injected: 1'],
  ['a NUL', 'vip\u0000'],
  ['a tab', 'vip\tgold'],
  ['a DEL', 'vip\u007F'],
  ['a control character in the second tag', ['vip', 'gold\u001B']],
];

describe('tags with a control character are refused before any request', () => {
  it.each(BAD_TAGS)('reserveOne: %s', async (_label, tags) => {
    server.use(fakePool(5).handler);
    const error = await failure(client.reserveOne({ tags }));
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues[0]?.path[0]).toBe('tags');
    expect(error.message).toMatch(/control characters/);
    expect(server.requests).toHaveLength(0);
  });

  it.each(BAD_TAGS)('reserveMany: %s', async (_label, tags) => {
    server.use(fakePool(5).handler);
    const error = await failure(client.reserveMany({ tags, count: 2 }));
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues[0]?.path[0]).toBe('tags');
    expect(server.requests).toHaveLength(0);
  });
});

describe('parseArianeeLink never changes a link silently', () => {
  // The URL parser drops tabs and line breaks inside a URL and turns a lone surrogate into U+FFFD:
  // the certificate id or the passphrase read would then not be the link's.
  it.each<[string, string]>([
    ['a line break inside the id', 'https://test.arianee.net/4401\n05186,v6lsj4vhg5dx'],
    ['a tab inside the passphrase', 'https://test.arianee.net/440105186,v6lsj\t4vhg5dx'],
    ['a lone surrogate in the passphrase', 'https://test.arianee.net/440105186,v6lsj4vhg5dx\uD800'],
    ['a passphrase that decodes to a NUL', 'https://test.arianee.net/440105186,v6lsj4vhg5dx%00'],
    ['a passphrase that decodes to a line break', 'https://test.arianee.net/440105186,v6lsj4vhg5dx%0A'],
    ['a passphrase that decodes to blanks', 'https://test.arianee.net/440105186,%20%20'],
  ])('%s is an InputValidationError that does not quote the link', (_label, link) => {
    let thrown: unknown;
    try {
      parseArianeeLink(link);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputValidationError);
    expect((thrown as InputValidationError).issues[0]?.path).toEqual(['link']);
    expect(JSON.stringify(thrown)).not.toContain('v6lsj');
  });

  it('still reads a link that ends with the line break of a text body', () => {
    expect(parseArianeeLink('https://test.arianee.net/440105186,v6lsj4vhg5dx\r\n').passphrase).toBe(
      'v6lsj4vhg5dx',
    );
  });
});
