import * as z from 'zod/mini';

/**
 * Refuses text that is not well-formed UTF-16: a lone surrogate (`'\uD800'`) has no UTF-8 form, so
 * `encodeURIComponent` throws a raw URIError on it and JSON would carry it unpaired. Every string a
 * call sends carries this check, so such a value is an InputValidationError before any request,
 * never a crash after a create already acted.
 */
export const wellFormed = z.refine<string>((value) => value.isWellFormed(), {
  error: 'must be well-formed Unicode: a lone UTF-16 surrogate cannot be sent',
});

/** A string argument that is well-formed Unicode (see {@link wellFormed}). */
export function wellFormedString(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check(wellFormed);
}
