import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../src/core/errors.js';
import { DotsClient } from '../../src/dots/index.js';

// The list cap is a client option like maxResponseBytes, with the same floor and the same checks.
describe('maxListResponseBytes', () => {
  const build = (value: unknown) => () =>
    new DotsClient({ authToken: 'dots_write_7c1e93b0a4f2', maxListResponseBytes: value as number });

  it.each([
    [0, /at least 65536/],
    [1000, /at least 65536/],
    [1.5, /whole number of bytes/],
    [Number.POSITIVE_INFINITY, /whole number of bytes/],
    ['64MB', /whole number of bytes/],
  ])('refuses %o before any request', (value, message) => {
    let error: unknown;
    try {
      build(value)();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues[0]?.path).toEqual(['maxListResponseBytes']);
    expect((error as InputValidationError).message).toMatch(message);
  });

  it('takes a whole number of bytes from 65536', async () => {
    await using client = build(65_536)();
    expect(client).toBeInstanceOf(DotsClient);
  });
});
