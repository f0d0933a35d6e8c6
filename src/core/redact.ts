/** What replaces a secret in anything reservekit prints, logs or throws. */
export const REDACTED = '[REDACTED]';

/**
 * Secrets shorter than this are matched as whole tokens only (docs/errors.md, "Redaction"): a
 * three-character redeem code must go, but "7QX" must not be cut out of "17QX4".
 */
export const WHOLE_TOKEN_BELOW = 8;

// Header names whose values are credentials whatever their content.
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'api-key',
  'x-api-key',
  'auth-token',
]);

/** Whether a header's value is a credential whatever its content (`authorization`, `api-key`, …). */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

// Deeper than this, a value is replaced whole rather than searched.
const MAX_DEPTH = 64;

const WORD_CHAR = /^[\p{L}\p{N}\p{M}_]$/u;
const WORD = '[\\p{L}\\p{N}\\p{M}_]';
// A whole token starts after a non-word character — or after a `%XX` or JSON escape, which stand
// for punctuation: `%207QX` and `\n7QX` hold the token `7QX`.
const TOKEN_START = `(?:(?<!${WORD})|(?<=%[0-9A-Fa-f]{2})|(?<=\\\\[nrtbf/])|(?<=\\\\u[0-9A-Fa-f]{4}))`;
const TOKEN_END = `(?!${WORD})`;

// Characters every encoding below leaves as they are: a run of them is in every printed form.
const UNCHANGED_RUN = /[A-Za-z0-9_.-]+/g;

// What the WHATWG URL parser percent-encodes in a path and in a query (a `links.next` a server sent
// comes back in these forms): all but printable ASCII, and a few of those.
const PATH_ENCODED = /[^!-~]|["#<>?`{}]/gu;
const QUERY_ENCODED = /[^!-~]|["#<>']/gu;

/** `encodeURIComponent`, or `undefined` for a string it cannot encode (a lone surrogate). */
function tryEncode(text: string, encode: (text: string) => string): string | undefined {
  try {
    return encode(text);
  } catch {
    return undefined;
  }
}

/**
 * Every form in which a secret may be printed: as sent; URL-encoded (`encodeURIComponent`, with
 * commas kept as our query strings keep them, form-encoded, as a parsed URL's path and query
 * serialise it); JSON-escaped (as `JSON.stringify` writes it, and as PHP's `json_encode` does by
 * default: `\/` and `\uXXXX`). Hex digits are matched in either case by the pattern.
 */
function printedForms(secret: string): Set<string> {
  const forms = new Set([secret]);
  const component = tryEncode(secret, encodeURIComponent);
  if (component !== undefined) {
    forms.add(component);
    forms.add(component.replaceAll('%2C', ','));
    forms.add(new URLSearchParams([['', secret]]).toString().slice(1));
  }
  const path = tryEncode(secret, (text) => text.replace(PATH_ENCODED, encodeURIComponent));
  if (path !== undefined) forms.add(path).add(path.replaceAll('\\', '/'));
  const query = tryEncode(secret, (text) => text.replace(QUERY_ENCODED, encodeURIComponent));
  if (query !== undefined) forms.add(query);
  const json = JSON.stringify(secret).slice(1, -1);
  const ascii = json.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  forms.add(json).add(json.replaceAll('/', '\\/')).add(ascii).add(ascii.replaceAll('/', '\\/'));
  return forms;
}

function hexDigit(digit: string): string {
  const lower = digit.toLowerCase();
  return lower === digit.toUpperCase() ? digit : `[${lower}${digit.toUpperCase()}]`;
}

/** A pattern for one printed form: literal, hex digits of escapes in either case, bounded if short. */
function formPattern(form: string, wholeToken: boolean): string {
  const literal = form
    .replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
    .replace(/%([0-9A-Fa-f])([0-9A-Fa-f])/g, (_, a: string, b: string) => `%${hexDigit(a)}${hexDigit(b)}`)
    .replace(/\\\\u([0-9A-Fa-f]{4})/g, (_, hex: string) => `\\\\u${[...hex].map(hexDigit).join('')}`);
  if (!wholeToken) return literal;
  const first = String.fromCodePoint(form.codePointAt(0) as number);
  const last = [...form].at(-1) as string;
  return `${WORD_CHAR.test(first) ? TOKEN_START : ''}${literal}${WORD_CHAR.test(last) ? TOKEN_END : ''}`;
}

/** What redacting needs, built from the values on first use. */
interface Matcher {
  /** One substring per secret that each of its forms contains; `undefined` when some secret has none. */
  anchors: string[] | undefined;
  /** The exact values, for numbers and whole strings. */
  exact: Set<string>;
  /** Every form of every secret, longest first; built on the first text that may hold one. */
  pattern: RegExp | undefined;
}

/**
 * The secrets one request must never reveal, and how to remove them from anything reservekit
 * prints. Every non-empty value is a secret, whatever its length: values of
 * {@link WHOLE_TOKEN_BELOW} characters or more are removed wherever they occur, shorter ones only
 * as whole tokens. Each is removed in every printed form (see `printedForms`).
 *
 * Building one is cheap (a call with per-call secrets builds one): the patterns are compiled on
 * first use, which is an error or event path, and a text that cannot hold a secret is not searched.
 */
export class Secrets {
  readonly #values: readonly string[];
  #matcher: Matcher | undefined;

  constructor(values: Iterable<string | undefined>) {
    const kept: string[] = [];
    for (const value of values) if (typeof value === 'string' && value !== '') kept.push(value);
    this.#values = kept;
  }

  /** These secrets and `values`. */
  with(values: Iterable<string | undefined>): Secrets {
    return new Secrets([...this.#values, ...values]);
  }

  /** The text with every secret, in each of its printed forms, replaced by {@link REDACTED}. */
  redactText(text: string): string {
    if (this.#values.length === 0 || text === '') return text;
    const matcher = this.#getMatcher();
    if (matcher.anchors !== undefined && !matcher.anchors.some((anchor) => text.includes(anchor)))
      return text;
    matcher.pattern ??= this.#compile();
    // (REDACTED has no `$`: replace inserts it literally.)
    return text.replace(matcher.pattern, REDACTED);
  }

  /**
   * The value with every secret removed from its strings, keys and numbers, at any depth; errors in
   * it are redacted as {@link redactError} does. Parts without a secret are shared, not copied;
   * the value itself is never changed.
   */
  redactValue<T>(value: T): T {
    if (this.#values.length === 0) return value;
    return this.#redact(value, 0) as T;
  }

  /**
   * The error itself when nothing in it (message, stack, fields, causes) holds a secret; else a
   * copy with them removed, of the same class (so `instanceof` and `code` still work).
   */
  redactError<T>(error: T): T {
    return this.redactValue(error);
  }

  /** Headers safe to print: credentials and cookies replaced, secrets removed from the rest. */
  redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(headers)) {
      if (raw === undefined) continue;
      const value = Array.isArray(raw) ? raw.join(', ') : raw;
      out[name] = isSecretHeader(name) ? REDACTED : this.redactText(value);
    }
    return out;
  }

  #getMatcher(): Matcher {
    if (this.#matcher) return this.#matcher;
    const exact = new Set(this.#values);
    let anchors: string[] | undefined = [];
    for (const secret of exact) {
      const runs = secret.match(UNCHANGED_RUN);
      const longest = runs?.reduce((a, b) => (b.length > a.length ? b : a));
      if (longest === undefined) {
        anchors = undefined;
        break;
      }
      anchors.push(longest);
    }
    this.#matcher = { anchors, exact, pattern: undefined };
    return this.#matcher;
  }

  #compile(): RegExp {
    const forms: { form: string; whole: boolean }[] = [];
    for (const secret of this.#getMatcher().exact) {
      const whole = secret.length < WHOLE_TOKEN_BELOW;
      for (const form of printedForms(secret)) forms.push({ form, whole });
    }
    // Longest first: a secret that contains another is removed whole.
    forms.sort((a, b) => b.form.length - a.form.length);
    return new RegExp(forms.map(({ form, whole }) => formPattern(form, whole)).join('|'), 'gu');
  }

  #redact(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (typeof value === 'number' || typeof value === 'bigint')
      return this.#getMatcher().exact.has(String(value)) ? REDACTED : value;
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_DEPTH) return REDACTED;
    if (value instanceof Error) return this.#redactError(value, depth);
    if (Array.isArray(value)) {
      let changed = false;
      const out = value.map((item: unknown) => {
        const redacted = this.#redact(item, depth + 1);
        changed ||= redacted !== item;
        return redacted;
      });
      return changed ? out : value;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    // Only JSON-like objects are copied; class instances (a socket, a Buffer) are left alone.
    if (proto !== Object.prototype && proto !== null) return value;
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const redactedKey = this.redactText(key);
      const redacted = this.#redact(item, depth + 1);
      changed ||= redacted !== item || redactedKey !== key;
      out[redactedKey] = redacted;
    }
    return changed ? out : value;
  }

  #redactError(error: Error, depth: number): Error {
    const keys = Reflect.ownKeys(error);
    const changes = new Map<PropertyKey, unknown>();
    for (const key of keys) {
      const descriptor = Object.getOwnPropertyDescriptor(error, key);
      // Node 22 keeps `stack` behind an accessor: read through it. Other accessors are left alone.
      if (!descriptor || !('value' in descriptor || key === 'stack')) continue;
      const value: unknown = 'value' in descriptor ? descriptor.value : error.stack;
      const redacted = this.#redact(value, depth + 1);
      if (redacted !== value) changes.set(key, redacted);
    }
    if (changes.size === 0) return error;
    // A real Error (so that inspect prints it as one) with the original's prototype and fields.
    const copy = new Error();
    if (!keys.includes('stack')) delete copy.stack;
    Object.setPrototypeOf(copy, Object.getPrototypeOf(error));
    for (const key of keys) {
      const descriptor = Object.getOwnPropertyDescriptor(error, key) as PropertyDescriptor;
      if (!changes.has(key)) Object.defineProperty(copy, key, descriptor);
      else
        Object.defineProperty(copy, key, {
          value: changes.get(key),
          writable: true,
          enumerable: descriptor.enumerable ?? false,
          configurable: true,
        });
    }
    return copy;
  }
}
