import * as z from 'zod/mini';

// Auth-scheme words a pasted key may carry: `Bearer abc…` copied from a curl example, say.
const SCHEME_PREFIX = /^(bearer|basic|token|digest|apikey|api-key)\s/i;
const WHITESPACE = /\s/;
// What is left once the rules above passed: visible ASCII only.
const NOT_VISIBLE_ASCII = /[^\u0021-\u007e]/;

/**
 * C0 controls (CR, LF, NUL, tab…), DEL and C1 controls: no header can carry them, and undici refuses
 * a request whose header holds one inside `dispatch()` (docs/transport.md, "Credentials").
 */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * What is wrong with a credential, or `undefined`. One rule for every key and token of the three
 * clients: a key is one word of visible ASCII, sent exactly as issued. `bareKeyAdvice` says why a
 * scheme prefix is wrong for this credential. Messages name the option and never quote the value.
 */
function credentialProblem(name: string, value: string, bareKeyAdvice: string): string | undefined {
  if (value === '') return `${name} must not be empty`;
  const trimmed = value.trim();
  if (trimmed === '') return `${name} must not be blank`;
  if (trimmed !== value)
    return `${name} must not start or end with spaces or line breaks: pass the key exactly as issued`;
  if (hasControlCharacter(value)) return `${name} must not contain control characters (CR, LF, NUL…)`;
  if (!value.isWellFormed()) return `${name} must not contain a lone UTF-16 surrogate`;
  const scheme = SCHEME_PREFIX.exec(value);
  if (scheme) return `${name} must be the bare key, without a "${scheme[1]} " prefix: ${bareKeyAdvice}`;
  if (WHITESPACE.test(value)) return `${name} must not contain spaces`;
  if (NOT_VISIBLE_ASCII.test(value)) return `${name} must be ASCII, as issued`;
  return undefined;
}

/**
 * The schema of a credential option (an API key, a token), the same for every client: a string,
 * not empty or blank, without surrounding whitespace, control characters (CR, LF, NUL…), lone
 * surrogates, an auth-scheme prefix (`Bearer `) or inner spaces, and in visible ASCII. A refusal
 * is an `InputValidationError` whose issue names the option and never quotes the value.
 *
 * @param name The option, as the caller spells it: `apiKey`, `authToken`.
 * @param bareKeyAdvice Why this credential takes no scheme prefix, e.g. "DIDWW takes the key alone
 *   in its Api-Key header".
 */
export function credential(name: string, bareKeyAdvice: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be a string`),
    })
    .check(
      z.refine((value: string) => credentialProblem(name, value, bareKeyAdvice) === undefined, {
        error: (issue) => credentialProblem(name, issue.input as string, bareKeyAdvice),
      }),
    );
}
