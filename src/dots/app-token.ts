import * as z from 'zod/mini';
import { hasControlCharacter } from '../core/well-formed.js';

/** Why an app token is refused; the message never quotes the token (a secret). */
export const APP_TOKEN_RULE =
  "must be the app's token from the Dots.eco app dashboard: not empty, no whitespace or control characters, no '/', '?' or '#', not '.' or '..', and well-formed Unicode";

/**
 * Whether `value` can be a Dots.eco app token. `list` puts the token in the URL path
 * (`eco-club-offering/list/{app_token}`): `.` and `..` are dot segments the URL parser removes
 * (the call would reach another endpoint), `/`, `?` and `#` would end the segment, and whitespace,
 * control characters or a lone UTF-16 surrogate are never part of a token. Anything else is left
 * to Dots.eco to judge (its tokens look like `101-5653d113`).
 *
 * The one rule for every app token: the client option and each call's `appToken`.
 */
export function isAppToken(value: string): boolean {
  return (
    typeof value === 'string' &&
    value !== '' &&
    value !== '.' &&
    value !== '..' &&
    value.isWellFormed() &&
    // \s covers Unicode spaces too (no-break space, line separator, BOM).
    !/[\s/?#]/.test(value) &&
    !hasControlCharacter(value)
  );
}

/** The zod check of {@link isAppToken}, for a string schema. */
export const appTokenRule = z.refine<string>((value) => isAppToken(value), { error: APP_TOKEN_RULE });

/** A string schema holding an app token (see {@link isAppToken}). */
export function appTokenString(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check(appTokenRule);
}
