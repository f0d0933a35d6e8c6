import * as z from 'zod/mini';
import { readBodyMessage } from '../../core/error-body.js';
import { safeParseValue } from '../../core/zod.js';
import { lenient } from './lenient.js';

// DIDWW error objects (OpenAPI `Error`): every field is read leniently, one by one, so that an odd
// entry (a numeric `code`, a missing `detail`) still yields a useful error instead of none.
const lenientString = lenient(z.pipe(z.union([z.string(), z.number()]), z.transform(String)));

const ErrorObject = z.looseObject({
  title: lenientString,
  detail: lenientString,
  code: lenientString,
  status: lenientString,
  source: lenient(z.looseObject({ pointer: lenientString, parameter: lenientString })),
  meta: lenient(z.record(z.string(), z.unknown())),
});

/** A JSON:API errors document: at least one entry in `errors`. */
export const ErrorsDocument = z.looseObject({ errors: z.array(z.unknown()).check(z.minLength(1)) });

/**
 * One entry of a DIDWW `errors[]` body.
 * - `code` is DIDWW's own, not an HTTP status: `100` validation, `102` disallowed filter, `106` missing parameter.
 * - `status` is the HTTP status as a string.
 * - `source.pointer` names the part of the request at fault, e.g. `/data/relationships/available_did`.
 */
export interface DidwwErrorObject {
  /** Short summary, e.g. `is invalid`, `Record not found`. */
  title?: string | undefined;
  /** What is wrong, e.g. `available_did - is invalid`. */
  detail?: string | undefined;
  /** DIDWW's own code, e.g. `100` (not an HTTP status). */
  code?: string | undefined;
  /** The HTTP status, as a string, e.g. `422`. */
  status?: string | undefined;
  /** Which part of the request is at fault. */
  source?:
    | {
        /** A JSON pointer into the request body, e.g. `/data/relationships/available_did`. */
        pointer?: string | undefined;
        /** The query parameter at fault, e.g. `filter[bogus]`. */
        parameter?: string | undefined;
        [key: string]: unknown;
      }
    | undefined;
  /** Extra facts DIDWW adds on a few errors (e.g. insufficient balance). */
  meta?: Record<string, unknown> | undefined;
  [key: string]: unknown;
}

/** The entries of an `errors[]` document: as sent (`raw`) and read (`parsed`); `undefined` for any other body. */
export function readErrorsDocument(
  body: unknown,
): { raw: unknown[]; parsed: DidwwErrorObject[] } | undefined {
  const document = safeParseValue(ErrorsDocument, body);
  if (!document.success) return undefined;
  const raw = document.data.errors;
  return { raw, parsed: raw.map(readErrorObject) };
}

/** Reads one error entry; anything that is not an object reads as an empty entry. */
export function readErrorObject(entry: unknown): DidwwErrorObject {
  const parsed = safeParseValue(ErrorObject, entry);
  return parsed.success ? parsed.data : {};
}

/** `detail` (or `title`) of every entry, joined: a validation answer can name several fields. */
export function joinErrorMessages(errors: readonly DidwwErrorObject[]): string | undefined {
  const parts = errors
    .map((error) => readBodyMessage(error, ['detail', 'title']))
    .filter((part): part is string => part !== undefined);
  return parts.length ? parts.join('; ') : undefined;
}
