import fc from 'fast-check';

/**
 * Careless and hostile values: what a caller's bug, a form field or an attacker hands a method.
 * Each arbitrary mixes fixed values known to break code (a lone surrogate, a control character, a
 * dot segment, NaN) with random ones.
 */

/** Strings that break paths, queries, headers, JSON or length limits. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   ',
  '\t',
  '\n',
  '\r\n',
  'a\r\nx-injected: 1',
  '\0',
  'a\0b',
  '\x7f',
  '\x1b[31m',
  '\uD800',
  '\uDC00',
  'a\uD800b',
  '\uDBFF\uDBFF',
  '\uFFFE',
  '\u202E',
  '\u00A0',
  '.',
  '..',
  '/',
  '../..',
  './',
  '%',
  '%zz',
  '%00',
  '%2e%2e',
  '?',
  '#',
  '&',
  '=',
  ',',
  '+',
  '"',
  "'",
  '\\',
  'é',
  '€',
  '😀',
  '__proto__',
  'constructor',
  'null',
  'x'.repeat(256),
  'h'.repeat(70_000),
];

/** One UTF-16 code unit, any of them: lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Any string a careless caller could pass. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: codeUnit, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...NASTY_STRINGS.slice(0, 40)), fc.string({ maxLength: 6 }))
      .map(([nasty, text]) => `${text}${nasty}${text}`),
  },
);

/** Numbers at and beyond every edge: NaN, infinities, negatives, fractions, 2^31, 2^53. */
export const NASTY_NUMBERS: readonly number[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -1,
  0,
  -0,
  1.5,
  0.1,
  1e-7,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 31),
  1e21,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
];

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);

/** Dates outside what a `YYYY-MM-DD` can say: past 9999, before year 0, invalid. */
export const NASTY_DATES: readonly Date[] = [
  new Date('+010000-01-01T00:00:00Z'),
  new Date('+275760-09-13T00:00:00Z'),
  new Date('-000001-12-31T00:00:00Z'),
  new Date('0000-01-01T00:00:00Z'),
  new Date('9999-12-31T23:59:59Z'),
  new Date(Number.NaN),
];

export const hostileDate: fc.Arbitrary<Date> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_DATES) },
  {
    weight: 1,
    arbitrary: fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: false }),
  },
);

class Weird {
  toString(): string {
    throw new Error('toString of a hostile value');
  }
}

/** Values of the wrong type for anything. */
export const wrongType: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  undefined,
  true,
  false,
  [],
  [1, 'a'],
  {},
  Object.create(null),
  () => 'function',
  Symbol('hostile'),
  10n,
  new Map([['a', 1]]),
  /regex/,
  new Weird(),
  new Date(Number.NaN),
);

/** Anything at all. */
export const anything: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 2, arbitrary: wrongType },
  { weight: 1, arbitrary: hostileDate },
);

/**
 * A value that is not "empty": Dots.eco reads `undefined`, `null`, `''` and `[]` as "not set", so a
 * misspelled key holding one of them sets nothing and may be dropped.
 */
export const present: fc.Arbitrary<unknown> = anything.filter(
  (value) =>
    value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0),
);

/** A value for one field: usually the field's own careless values, sometimes anything at all. */
export function fieldValue(careless: readonly unknown[] = []): fc.Arbitrary<unknown> {
  return careless.length === 0
    ? anything
    : fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...careless) }, { weight: 2, arbitrary: anything });
}

/** Misspelled keys a caller may write (a typo is silently ignored unless refused). */
export const TYPO_KEYS: readonly string[] = [
  'timeout',
  'timeoutMS',
  'totalTimeout',
  'maxRetry',
  'retries',
  'abortSignal',
  'Signal',
  'apikey',
  'baseURL',
  'extra',
];

/** A plain-object check that does not trust the value's own methods. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The same value, readable in a failure message (fast-check's printer, which shows escapes). */
export function show(value: unknown): string {
  try {
    return fc.stringify(value).slice(0, 400);
  } catch {
    return `a ${typeof value} that cannot be printed`;
  }
}
