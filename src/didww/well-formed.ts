import * as z from 'zod/mini';

// String.prototype.isWellFormed is ES2024 (Node 20+); the project's TypeScript lib is ES2023.
const isWellFormed = (value: string): boolean =>
  (value as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Refuses a lone UTF-16 surrogate (`'\uD800'`): it has no UTF-8 form, so `encodeURIComponent`
 * throws a raw URIError on it and JSON carries it to DIDWW unpaired. Every string argument carries
 * this check, so such a value is an InputValidationError before any request.
 */
export const wellFormed = z.refine<string>(isWellFormed, {
  error: 'must be well-formed Unicode (it contains a lone UTF-16 surrogate)',
});

/** A string argument: any text that is well-formed Unicode. */
export const WellFormedString = z.string().check(wellFormed);
