/** What replaces a secret in anything reservekit prints, logs or throws. */
export const REDACTED = '[REDACTED]';

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

/** The secrets one request must never reveal. Short values are ignored: redacting "a" would mangle text. */
export class Secrets {
  readonly #values: string[];

  constructor(values: Iterable<string | undefined>) {
    this.#values = [
      ...new Set([...values].filter((v): v is string => typeof v === 'string' && v.length >= 4)),
    ];
    // Longest first, so a secret that contains another is removed whole.
    this.#values.sort((a, b) => b.length - a.length);
  }

  with(values: Iterable<string | undefined>): Secrets {
    return new Secrets([...this.#values, ...values]);
  }

  /** The text with every secret (and its URL-encoded form) replaced. */
  redactText(text: string): string {
    let out = text;
    // As sent and as it appears in a URL. (REDACTED has no `$`: replaceAll inserts it literally.)
    for (const secret of this.#values) {
      out = out.replaceAll(secret, REDACTED).replaceAll(encodeURIComponent(secret), REDACTED);
    }
    return out;
  }

  /** A deep copy of a JSON-like value with every secret removed from its strings. */
  redactValue<T>(value: T): T {
    if (this.#values.length === 0) return value;
    return this.#redact(value, 0) as T;
  }

  #redact(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (depth > 20 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.#redact(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = this.#redact(item, depth + 1);
    return out;
  }

  /** Headers safe to print: credentials and cookies replaced, secrets removed from the rest. */
  redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(headers)) {
      if (raw === undefined) continue;
      const value = Array.isArray(raw) ? raw.join(', ') : raw;
      out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : this.redactText(value);
    }
    return out;
  }
}
