import { describe, expect, it } from 'vitest';
import { REDACTED, Secrets } from '../../src/core/redact.js';

// A key with every character that changes form when printed: a quote and a backslash (JSON), `%`,
// `+` and `/` (URLs, PHP's `\/`), and non-ASCII (percent-encoded as UTF-8, `\u00e9` in ASCII JSON).
const AWKWARD = 'k"e\\y%2B+/é€-long';

/** Every form a secret is printed in: as sent, URL-encoded, JSON-escaped. */
function printedForms(secret: string): Record<string, string> {
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return {
    raw: secret,
    urlEncoded: encodeURIComponent(secret),
    urlEncodedLowerHex: encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    formEncoded: new URLSearchParams({ v: secret }).toString().slice(2),
    // As a parsed URL prints it (a link a server sent, quoted in an error).
    urlPath: new URL(`https://h.example/${secret}`).pathname.slice(1),
    urlQuery: new URL(`https://h.example/?${secret}`).search.slice(1),
    jsonEscaped: json,
    phpJson: asciiJson.replaceAll('/', '\\/'),
    asciiJsonUpperHex: asciiJson.replace(/\\u[0-9a-f]{4}/g, (e) => `\\u${e.slice(2).toUpperCase()}`),
  };
}

describe('Secrets.redactText', () => {
  it.each(Object.entries(printedForms(AWKWARD)))('removes a key in its %s form', (_form, printed) => {
    const secrets = new Secrets([AWKWARD]);
    const out = secrets.redactText(`before ${printed} after`);
    expect(out).toBe(`before ${REDACTED} after`);
  });

  it.each(Object.entries(printedForms('7Q "é')))('removes a short code in its %s form', (_form, printed) => {
    const secrets = new Secrets(['7Q "é']);
    expect(secrets.redactText(`code=${printed}&x=1`)).toBe(`code=${REDACTED}&x=1`);
  });

  it('redacts a secret of any length, even one character', () => {
    const secrets = new Secrets(['7QX', 'Z']);
    expect(secrets.redactText('The code 7QX is taken; Z.')).toBe(
      `The code ${REDACTED} is taken; ${REDACTED}.`,
    );
  });

  it('matches a short secret as a whole token only, so unrelated text is kept', () => {
    const secrets = new Secrets(['7QX']);
    expect(secrets.redactText('17QX 7QXa a7QX _7QX 7QX_ 7QX')).toBe(`17QX 7QXa a7QX _7QX 7QX_ ${REDACTED}`);
    expect(secrets.redactText('/list/7QX?code=7QX&c="7QX"')).toBe(
      `/list/${REDACTED}?code=${REDACTED}&c="${REDACTED}"`,
    );
  });

  it('finds a short secret after a percent-escape or a JSON escape (not a word boundary in the text)', () => {
    const secrets = new Secrets(['7QX']);
    expect(secrets.redactText('a%207QX%20b')).toBe(`a%20${REDACTED}%20b`);
    expect(secrets.redactText('"line\\n7QX\\u00e97QX"')).toBe(`"line\\n${REDACTED}\\u00e9${REDACTED}"`);
  });

  it('a short secret that starts or ends with a non-word character needs no boundary there', () => {
    const secrets = new Secrets(['+7']);
    expect(secrets.redactText('call a+7 now')).toBe(`call a${REDACTED} now`);
  });

  it('matches credential-length secrets anywhere, even inside a word', () => {
    const secrets = new Secrets(['sk_live_abcdef']);
    expect(secrets.redactText('xsk_live_abcdefx')).toBe(`x${REDACTED}x`);
  });

  it('removes the longer of two overlapping secrets whole', () => {
    const secrets = new Secrets(['abcd1234']).with(['abcd1234-and-more']);
    expect(secrets.redactText('k=abcd1234-and-more')).toBe(`k=${REDACTED}`);
  });

  it('keeps text without secrets, and ignores empty and missing values', () => {
    const secrets = new Secrets(['', undefined, 'secret-value']);
    expect(secrets.redactText('nothing to hide: 100% + a\\b')).toBe('nothing to hide: 100% + a\\b');
  });

  it('a secret with a lone surrogate (no URL form) is still redacted as sent', () => {
    const lone = 'ab\uD800cdefgh';
    expect(new Secrets([lone]).redactText(`x ${lone} y`)).toBe(`x ${REDACTED} y`);
  });
});

describe('Secrets.redactValue', () => {
  it('redacts strings, keys and numbers equal to a secret, at any depth, on a copy', () => {
    const secrets = new Secrets(['1234', AWKWARD]);
    let deep: unknown = { leaf: `x ${AWKWARD}` };
    for (let i = 0; i < 30; i += 1) deep = { next: deep };
    const value = { [AWKWARD]: 'key', code: 1234, list: [`${AWKWARD}`, 12345], deep };
    const out = secrets.redactValue(value);
    const printed = JSON.stringify(out);
    expect(printed).not.toContain(JSON.stringify(AWKWARD).slice(1, -1));
    expect(printed).not.toContain('1234,');
    expect(out).toMatchObject({ [REDACTED]: 'key', code: REDACTED, list: [REDACTED, 12345] });
    expect(value.code).toBe(1234);
  });
});

describe('Secrets.redactError', () => {
  it('returns the same error when it holds no secret', () => {
    const error = new TypeError('fine');
    expect(new Secrets(['secret-value']).redactError(error)).toBe(error);
  });

  it('copies an error that holds one: message, stack, fields and causes, class kept', () => {
    const inner = new Error(`inner ${AWKWARD}`);
    const error = Object.assign(new TypeError(`outer ${encodeURIComponent(AWKWARD)}`, { cause: inner }), {
      code: 'E_X',
      path: `/list/${AWKWARD}`,
    });
    const out = new Secrets([AWKWARD]).redactError(error) as TypeError & { code: string; path: string };
    expect(out).not.toBe(error);
    expect(out).toBeInstanceOf(TypeError);
    expect(out.message).toBe(`outer ${REDACTED}`);
    expect(out.stack).not.toContain(encodeURIComponent(AWKWARD));
    expect(out.stack).toContain(`TypeError: outer ${REDACTED}`);
    expect(out.code).toBe('E_X');
    expect(out.path).toBe(`/list/${REDACTED}`);
    expect((out.cause as Error).message).toBe(`inner ${REDACTED}`);
    // The original is left as it was.
    expect(error.message).toContain(encodeURIComponent(AWKWARD));
  });
});
