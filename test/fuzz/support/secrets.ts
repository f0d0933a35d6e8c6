import { inspect } from 'node:util';
import { createSimulator, type Simulator } from 'reservekit/testing';
import { printedForms } from '../../support/printed-forms.js';

/**
 * Planted secrets: distinctive, each with `" \ % + /` (which change under URL-encoding and JSON
 * escaping), a tag at both ends (so that half a secret, cut at a length limit, is still
 * recognised), and non-ASCII where the secret never travels in a header. Header credentials stay
 * in printable ASCII: a header cannot carry `€`, and a client must refuse such a key anyway.
 */
export const PLANTED = {
  arianeeApiKey: 'ARIkey"Q\\z%2B+/ARI9',
  didwwApiKey: 'DWWkey"R\\w%2F+/DWW7',
  dotsAuthToken: 'DTSauth"S\\x%3D+/DTS5',
  dotsReadToken: 'DTSread"T\\y%40+/DTS3',
  // An app token is a path segment (no `/`, `?`, `#`) and is issued in ASCII: both are refused.
  dotsAppToken: 'APPtok"U\\v%2B+=APP8',
  dotsCode: 'CODE"V\\u%2B+/é€CODE6',
  /** Redeem codes can be short: three characters are still a bearer credential for the gift. */
  dotsShortCode: '7QX',
  /** Arianee passphrases come from the simulator; this one is planted in answers the tests write. */
  arianeePassphrase: 'PASS"W\\t%2B+/é€PASS4',
} as const;

/** One secret a test must never find, by name. */
export interface Secret {
  name: string;
  value: string;
}

/** The planted secrets by name. */
export function planted(...names: (keyof typeof PLANTED)[]): Secret[] {
  return names.map((name) => ({ name, value: PLANTED[name] }));
}

/** A simulator that accepts the planted credentials, with the planted app. */
export function plantedSimulator(): Simulator {
  return createSimulator({
    arianee: { apiKey: PLANTED.arianeeApiKey },
    didww: { apiKey: PLANTED.didwwApiKey, rateLimitPerSecond: false },
    dots: {
      authToken: PLANTED.dotsAuthToken,
      readAuthToken: PLANTED.dotsReadToken,
      apps: [{ appToken: PLANTED.dotsAppToken, appId: 101 }],
    },
  });
}

/** The forms a secret takes in text: as is, in a URL, inside a JSON string. */
export function formsOf(value: string): [form: string, text: string][] {
  const forms: [string, string][] = [
    ['raw', value],
    ['URL-encoded', encodeURIComponent(value)],
    ['JSON-escaped', JSON.stringify(value).slice(1, -1)],
  ];
  return forms.filter(([, text], i) => forms.findIndex(([, other]) => other === text) === i);
}

/** The shortest piece of a secret that counts as a leak: half a key is a leak, a letter is not. */
const FRAGMENT = 8;

/** A secret found in a printed form. */
export interface Leak {
  secret: string;
  form: string;
  where: string;
  excerpt: string;
}

function excerpt(text: string, at: number, length: number): string {
  return JSON.stringify(text.slice(Math.max(0, at - 30), at + length + 30));
}

/**
 * Every place `sites` shows a secret: whole, in any of its forms, or — for secrets long enough —
 * the first or last {@link FRAGMENT} characters of a form (a secret cut at a length limit).
 */
export function scan(sites: readonly [where: string, text: string][], secrets: readonly Secret[]): Leak[] {
  const leaks: Leak[] = [];
  for (const [where, text] of sites) {
    for (const secret of secrets) {
      const forms = formsOf(secret.value);
      let found = false;
      for (const [form, shown] of forms) {
        const at = text.indexOf(shown);
        if (at < 0) continue;
        found = true;
        leaks.push({ secret: secret.name, form, where, excerpt: excerpt(text, at, shown.length) });
      }
      // Pieces only when no form shows whole (two forms of one secret share their last characters).
      if (!found) leaks.push(...pieces(text, where, secret, forms));
    }
  }
  return leaks;
}

/** The first or last {@link FRAGMENT} characters of a form, where the whole form is not shown. */
function pieces(text: string, where: string, secret: Secret, forms: [string, string][]): Leak[] {
  for (const [form, shown] of forms) {
    if (shown.length < 2 * FRAGMENT) continue;
    for (const [part, piece] of [
      ['first', shown.slice(0, FRAGMENT)],
      ['last', shown.slice(-FRAGMENT)],
    ] as const) {
      const at = text.indexOf(piece);
      if (at >= 0)
        return [
          {
            secret: secret.name,
            form: `${form}, its ${part} ${FRAGMENT} characters`,
            where,
            excerpt: excerpt(text, at, piece.length),
          },
        ];
    }
  }
  return [];
}

/**
 * One line per secret and form, for a failure message: the first excerpt, and every place it
 * showed (an error's message also shows in its stack, String(), inspect() and JSON).
 */
export function describeLeaks(leaks: readonly Leak[]): string[] {
  const groups = new Map<string, Leak[]>();
  for (const leak of leaks) {
    const key = `${leak.secret} (${leak.form})`;
    groups.set(key, [...(groups.get(key) ?? []), leak]);
  }
  return [...groups].map(([key, group]) => {
    const places = [...new Set(group.map((leak) => leak.where))];
    const listed = places.length > 6 ? [...places.slice(0, 6), `and ${places.length - 6} more`] : places;
    return `${key} ${group[0]?.excerpt} — in ${listed.join(', ')}`;
  });
}

const FORM_NAMES = ['message', 'stack', 'String()', 'inspect(showHidden)', 'JSON.stringify'];

/** Every printed form of an error and of each error of its cause chain, labelled. */
export function errorSites(error: unknown, label: string): [string, string][] {
  const sites = printedForms(error).map((text, i): [string, string] => {
    const depth = Math.floor(i / FORM_NAMES.length);
    const chain = depth === 0 ? label : `${label}${'.cause'.repeat(depth)}`;
    return [`${chain} ${FORM_NAMES[i % FORM_NAMES.length]}`, String(text)];
  });
  const requestId = (error as { requestId?: unknown } | null)?.requestId;
  if (typeof requestId === 'string') sites.push([`${label}.requestId`, requestId]);
  return sites;
}

/** A value (an event, a log entry) printed deeply, as a logger or a JSON log line would. */
export function valueSites(value: unknown, label: string): [string, string][] {
  let json: string;
  try {
    json = JSON.stringify(value) ?? '';
  } catch (error) {
    json = `(JSON.stringify threw ${String(error)})`;
  }
  return [
    [`${label} inspect`, inspect(value, { depth: 10, showHidden: true })],
    [`${label} JSON`, json],
  ];
}
