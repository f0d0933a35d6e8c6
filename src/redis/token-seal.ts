import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { AccessToken } from '../core/access-token.js';

// Tokens are kept in Redis sealed with AES-256-GCM, under a key derived (HKDF-SHA256) from a
// secret the fleet has and Redis does not, and bound to the entry's name (the associated data):
// a dump shows neither the token nor its times, and an entry copied under another name, or
// altered, does not open (docs/fleet.md, "What a Redis dump reveals").
const FORMAT = 'v1';
const SALT = 'reservekit redis token store v1';

/** The 32-byte key that seals the entry named `name`. */
function entryKey(secret: string, name: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, name, 32));
}

/** `token` sealed for the entry `name`: `v1.<iv>.<ciphertext>.<tag>`, base64url. */
export function sealToken(token: AccessToken, secret: string, name: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', entryKey(secret, name), iv);
  cipher.setAAD(Buffer.from(name));
  const plain = JSON.stringify({ t: token.token, e: token.expiresAt, i: token.issuedAt });
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [FORMAT, iv, sealed, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/**
 * The token sealed in `value` for the entry `name`, or `undefined` when it does not open: another
 * secret, another entry's value, an altered or unknown format. Never says why with the value in it.
 */
export function openToken(value: string, secret: string, name: string): AccessToken | undefined {
  const [format, iv, sealed, tag, ...rest] = value.split('.');
  if (format !== FORMAT || iv === undefined || sealed === undefined || tag === undefined || rest.length > 0)
    return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', entryKey(secret, name), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(name));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
    const read: unknown = JSON.parse(plain.toString('utf8'));
    if (!isSealedToken(read)) return undefined;
    return { token: read.t, expiresAt: read.e, issuedAt: read.i };
  } catch {
    return undefined;
  }
}

function isSealedToken(value: unknown): value is { t: string; e: number; i: number } {
  if (typeof value !== 'object' || value === null) return false;
  const { t, e, i } = value as Record<string, unknown>;
  return typeof t === 'string' && typeof e === 'number' && typeof i === 'number';
}
