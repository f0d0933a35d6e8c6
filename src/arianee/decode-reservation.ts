import * as z from 'zod/mini';
import type { HttpResponse } from '../core/error-mapping.js';
import { lazy } from '../core/lazy.js';
import { jsonBodyOf, type ParsedBody } from '../core/response-body.js';
import { parseValue } from '../core/zod.js';
import type {
  ArianeeContent,
  ArianeeFormat,
  ArianeeLinkObject,
  ArianeeReservationByFormat,
} from './reservation.js';

// Every schema here validates only what callers use and lets unknown fields through without
// failing: a reservation that fails validation has still taken a passport. Issue messages never
// carry values (the core strips them too): a body holds a passphrase.

// Each format's schema is built the first time a body of that format is decoded (see lazy.ts).

const linkObjectSchema = lazy(() => {
  const certificateId = z.union([
    z.int().check(z.nonnegative()),
    // Tolerated: an id sent as a digit string is still the same id.
    z.pipe(z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number)), z.int()),
  ]);
  const nonEmpty = () => z.string().check(z.minLength(1));
  const passphrase = nonEmpty();
  const deeplinkObject = z.object({ certificateId, passphrase, link: nonEmpty() });
  return z.pipe(
    z.object({
      method: z.string(),
      certificateId,
      passphrase,
      // reserveOne documents an object; the kiosk endpoint's linkObject sends the bare link string.
      deeplink: z.union([deeplinkObject, nonEmpty()]),
    }),
    z.transform(
      (value): ArianeeLinkObject => ({
        method: value.method,
        certificateId: value.certificateId,
        passphrase: value.passphrase,
        deeplink:
          typeof value.deeplink === 'string'
            ? { certificateId: value.certificateId, passphrase: value.passphrase, link: value.deeplink }
            : value.deeplink,
      }),
    ),
  );
});

const linkSchema = lazy(() =>
  z.pipe(
    z.string({ error: 'expected the link as text or a JSON string' }).check(z.trim()),
    z.url({ protocol: /^https?$/, error: 'expected an http(s) link' }),
  ),
);

const contentSchema = lazy(() => z.record(z.string(), z.unknown(), { error: 'expected a JSON object' }));

/** A JSON value from the body, also when it came as text (a JSON answer with a wrong content type). */
function jsonOf(body: ParsedBody): unknown {
  if (body.kind === 'json') return body.value;
  if (body.kind === 'empty') return undefined;
  try {
    return JSON.parse(body.value) as unknown;
  } catch {
    return body.value;
  }
}

/** The link of the `link` format: a text body (the docs say "text plain"), or a JSON string. */
function linkOf(response: HttpResponse): unknown {
  const body = response.body;
  if (body.kind === 'text') {
    const value = body.value.trim();
    return value.startsWith('"') ? jsonOf(body) : value;
  }
  return jsonBodyOf(response);
}

type Decoders = { [F in ArianeeFormat]: (response: HttpResponse) => ArianeeReservationByFormat[F] };

/** How each format's 200 body becomes its result; a mismatch throws a ZodError (→ ResponseValidationError). */
export const DECODE_RESERVATION: Decoders = {
  link: (response): string => parseValue(linkSchema(), linkOf(response)),
  linkObject: (response): ArianeeLinkObject => parseValue(linkObjectSchema(), jsonOf(response.body)),
  content: (response): ArianeeContent => parseValue(contentSchema(), jsonOf(response.body)),
};
