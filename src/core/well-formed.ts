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

/**
 * Whether `value` holds a C0 control character (U+0000–U+001F: NUL, CR, LF, tab, …) or DEL
 * (U+007F). `allowLineBreaks` lets tab, LF and CR through, for free-form text.
 */
export function hasControlCharacter(value: string, { allowLineBreaks = false } = {}): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code === 0x7f) return true;
    if (code < 0x20 && !(allowLineBreaks && (code === 0x09 || code === 0x0a || code === 0x0d))) return true;
  }
  return false;
}

/**
 * Refuses control characters in a value that travels in a header, a path segment or a query (an
 * id, a token, a tag, a code, a filter): none of them needs one, and one there is a mistake (a line
 * read with its `\n`) or an attempt to change the request.
 */
export const noControlCharacters = z.refine<string>((value) => !hasControlCharacter(value), {
  error: 'must not contain control characters (U+0000–U+001F such as NUL, CR or LF, and U+007F)',
});

/**
 * Refuses control characters other than tab and line breaks in free-form text (a note, a title),
 * which may span lines but never needs NUL, ESC or DEL.
 */
export const noControlCharactersInText = z.refine<string>(
  (value) => !hasControlCharacter(value, { allowLineBreaks: true }),
  {
    error:
      'must not contain control characters other than tab, CR and LF (U+0000–U+001F such as NUL or ESC, and U+007F)',
  },
);

/** Refuses an empty string and one of whitespace only. */
export const notBlank = z.refine<string>((value) => value.trim() !== '', {
  error: 'must not be empty or blank',
});

/**
 * A string argument that names something (an id, a token, a tag, a code, a filter value): well-formed,
 * not blank, no control characters. What else it may hold is the provider's to judge.
 */
export function identifierString(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check(wellFormed, notBlank, noControlCharacters);
}

/** A free-form text argument (a note, a title): well-formed, no control characters but tab and line breaks. */
export function textString(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check(wellFormed, noControlCharactersInText);
}
