import * as z from 'zod/mini';

/**
 * A string schema that also refuses text which is not well-formed UTF-16 (a lone surrogate, such
 * as `'\uD800'`). Such a string cannot be percent-encoded (`encodeURIComponent` throws a
 * `URIError`) nor sent as UTF-8 unchanged, so a call carrying it could act at Dots.eco and then
 * fail its own lookup with a raw error. Refused before any request instead.
 */
export function wellFormedString(params?: Parameters<typeof z.string>[0]) {
  return z
    .string(params)
    .check(
      z.refine(
        (value: string) => value.isWellFormed(),
        'Expected well-formed text: a lone UTF-16 surrogate cannot be sent',
      ),
    );
}
