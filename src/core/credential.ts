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

/**
 * A key or token as a client option: the key itself, or a function that returns it (sync or
 * async), read before every request so that a rotated key needs no new client.
 */
export type CredentialSource = string | (() => string | Promise<string>);

function sourceProblem(name: string, value: unknown, bareKeyAdvice: string): string | undefined {
  if (typeof value === 'function') return undefined;
  if (value === undefined) return `${name} is required`;
  if (typeof value !== 'string') return `${name} must be a string, or a function that returns one`;
  return credentialProblem(name, value, bareKeyAdvice);
}

/**
 * The schema of a key option that may rotate: a string, checked as {@link credential} checks it,
 * or a function returning one, whose every answer is checked by the same rules before it is sent
 * (see {@link CredentialHeader}). A refusal names the option, never the value.
 */
export function credentialSource(name: string, bareKeyAdvice: string) {
  return z.custom<CredentialSource>((value) => sourceProblem(name, value, bareKeyAdvice) === undefined, {
    error: (issue) => sourceProblem(name, issue.input, bareKeyAdvice),
  });
}

/** The key when it is a string, for the client's secrets; a function's keys are added as they are read. */
export function staticCredential(source: CredentialSource | undefined): string | undefined {
  return typeof source === 'string' ? source : undefined;
}

/**
 * A key function could not give a key: it threw, its promise rejected, or its answer is not a
 * key. The message names the option and says why; it never holds the thrown error or the value,
 * since either may quote the key.
 */
export class CredentialSourceError extends Error {
  constructor(
    readonly option: string,
    readonly problem: string,
  ) {
    super(`${option}: ${problem}`);
  }
}

// What a thrown error may be called in a message: a class name, nothing a key could hide in.
const ERROR_NAME = /^[A-Za-z][A-Za-z0-9_]{0,40}$/;

function thrownName(thrown: unknown): string {
  const name = thrown instanceof Error ? thrown.name : undefined;
  return name !== undefined && ERROR_NAME.test(name) ? name : 'a value that is not an Error';
}

/** A header value read before a request, and the secrets it holds (never to be printed). */
export interface ReadCredential {
  readonly value: string;
  /** The key, and for a minted token the token too: redacted from everything the call prints. */
  readonly secrets: readonly string[];
}

/**
 * A header whose value comes from a key function: read, checked and formatted before each
 * request (each attempt, each lookup request). The transport resolves it only where one exists,
 * so a client with string keys pays nothing.
 */
export class CredentialHeader {
  /**
   * @param option The option, as the caller spells it (`apiKey`), for messages.
   * @param format Turns the key into the header value (Arianee puts `authScheme` before it).
   */
  constructor(
    readonly option: string,
    readonly source: () => string | Promise<string>,
    readonly bareKeyAdvice: string,
    readonly format: (key: string) => string = (key) => key,
  ) {}

  /**
   * The header value, and the key as its secret.
   * @throws {CredentialSourceError} when the function throws, rejects, or returns no valid key.
   */
  async resolve(): Promise<ReadCredential> {
    let key: unknown;
    try {
      key = await this.source();
    } catch (thrown) {
      // Not kept as a cause: a vault client's message may quote the very key it was handling.
      throw new CredentialSourceError(
        this.option,
        `its function failed (threw ${thrownName(thrown)}); the error is not kept, as its message may quote the key`,
      );
    }
    if (typeof key !== 'string')
      throw new CredentialSourceError(
        this.option,
        `its function must return a string (or a promise of one), not ${key === null ? 'null' : typeof key}`,
      );
    const problem = credentialProblem(`the key its function returned`, key, this.bareKeyAdvice);
    if (problem) throw new CredentialSourceError(this.option, problem);
    return { value: this.format(key), secrets: [key] };
  }
}

/** A header value as a provider profile or an operation gives it: fixed, or read before each request. */
export type HeaderValue = string | CredentialHeader;

/**
 * The header value of a key option: the formatted key when it is a string, else a
 * {@link CredentialHeader} that reads the function before each request.
 */
export function credentialHeader(
  source: CredentialSource,
  option: string,
  bareKeyAdvice: string,
  format?: (key: string) => string,
): HeaderValue {
  if (typeof source === 'string') return format ? format(source) : source;
  return new CredentialHeader(option, source, bareKeyAdvice, format);
}
