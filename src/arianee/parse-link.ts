import { InputValidationError } from '../core/errors.js';
import { hasControlCharacter } from '../core/well-formed.js';

/** The parts of an Arianee claim link. */
export interface ArianeeLinkParts {
  /** Scheme and host, e.g. `https://test.arianee.net`. */
  origin: string;
  /** The passport's id on the Arianee protocol, e.g. `440105186`. */
  certificateId: number;
  /** Secret: whoever holds it can claim the passport. */
  passphrase: string;
}

const EXPECTED = 'expected a link like https://<host>/<certificateId>,<passphrase>';

// The message is fixed: the link holds a passphrase and must not end up in an error.
function malformed(): InputValidationError {
  return new InputValidationError({
    provider: 'arianee',
    operation: 'arianee.parseArianeeLink',
    message: `parseArianeeLink: ${EXPECTED}`,
    issues: [{ path: ['link'], code: 'invalid_format', message: EXPECTED }],
  });
}

/**
 * Splits an Arianee claim link (`https://<host>/<certificateId>,<passphrase>`, as the `link`
 * format returns it) into its parts. The `<certificateId>,<passphrase>` pair is read from the
 * last path segment; a query or fragment is ignored, and so are whitespace and line breaks around
 * the link.
 *
 * @throws {InputValidationError} when the link is not of that form, holds a control character or a
 * lone UTF-16 surrogate (the URL parser would drop or replace it silently), or its passphrase
 * decodes to blanks or a control character. The error never quotes the link.
 * @example
 * ```ts
 * const { certificateId } = parseArianeeLink('https://test.arianee.net/440105186,v6lsj4vhg5dx');
 * // certificateId === 440105186
 * ```
 */
export function parseArianeeLink(link: string): ArianeeLinkParts {
  if (typeof link !== 'string') throw malformed();
  const trimmed = link.trim();
  // The URL parser drops tabs and line breaks inside a URL and turns a lone surrogate into U+FFFD:
  // the id or passphrase read would not be the link's.
  if (!trimmed.isWellFormed() || hasControlCharacter(trimmed)) throw malformed();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw malformed();
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw malformed();
  const segment = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  const match = /^(\d+),([^,]+)$/.exec(segment);
  if (!match) throw malformed();
  const certificateId = Number(match[1]);
  if (!Number.isSafeInteger(certificateId)) throw malformed();
  let passphrase: string;
  try {
    passphrase = decodeURIComponent(match[2] as string);
  } catch {
    throw malformed();
  }
  if (passphrase.trim() === '' || hasControlCharacter(passphrase)) throw malformed();
  return { origin: url.origin, certificateId, passphrase };
}
