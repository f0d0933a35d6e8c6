import { CredentialHeader, type CredentialSource, type ReadCredential } from './credential.js';
import type { RepeatableOperation } from './operation.js';
import type { ProviderProfile } from './transport.js';

/**
 * A bearer access token minted from an API key, as a {@link TokenStore} keeps it. Times are ms
 * since the epoch, read from this machine's clock when the token was minted.
 */
export interface AccessToken {
  /** The token itself: a secret, like the key it was minted from. */
  readonly token: string;
  /** When the token service says it stops working. */
  readonly expiresAt: number;
  /** When it was minted: with `expiresAt`, how long it lives, so a short-lived one is not refreshed on every call. */
  readonly issuedAt: number;
}

/**
 * Where minted tokens are kept, so that every call and every client that shares the store uses
 * one token per (token service, API key) instead of minting its own. The default is a
 * {@link MemoryTokenStore} per client; pass one store to several clients to share it in a process,
 * or implement this on a shared cache (Redis) to share it across a fleet.
 *
 * Keys are opaque strings (a hash of the token service's URL and the API key: never the key
 * itself). A store may drop an entry at any time; it should not return one past its `expiresAt`.
 * A store that throws is not fatal: a failed `get` counts as a miss (a token is minted), a failed
 * `set` keeps the token for this call only.
 */
export interface TokenStore {
  /** The token kept under `key`, or `undefined`. */
  get(key: string): AccessToken | undefined | Promise<AccessToken | undefined>;
  /** Keeps `token` under `key`, until its `expiresAt` at the latest. */
  set(key: string, token: AccessToken): void | Promise<void>;
  /**
   * Optional, for a store shared by many processes: runs `mint` (which mints and `set`s a token)
   * so that one process of the fleet mints at a time, e.g. under a short lock, and answers the
   * token, minted by this call or by another process while this one waited. `replaces` is the
   * token the caller found unusable (expired, due for refresh, or refused by the provider), or
   * `undefined`: a stored token other than it is one another process has just minted. Without this
   * method each process mints on its own, one mint at a time per process (docs/fleet.md, "Tokens").
   */
  mintOnce?(
    key: string,
    mint: () => Promise<AccessToken>,
    replaces: string | undefined,
  ): Promise<AccessToken>;
}

/** The default {@link TokenStore}: a map in this process, dropping tokens once they expire. */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, AccessToken>();

  get(key: string): AccessToken | undefined {
    const token = this.#tokens.get(key);
    if (token && token.expiresAt <= Date.now()) {
      this.#tokens.delete(key);
      return undefined;
    }
    return token;
  }

  set(key: string, token: AccessToken): void {
    this.#tokens.set(key, token);
  }
}

/** What a provider describes for bearer tokens; the transport mints, caches and refreshes them. */
export interface AccessTokenSpec {
  /** The header the token goes in, lower case: `authorization`. */
  readonly header: string;
  /** Put before the token in that header: `Bearer`. */
  readonly scheme: string;
  /** The key tokens are minted from, and its option's name and advice, as for any key option. */
  readonly key: CredentialSource;
  readonly keyOption: string;
  readonly bareKeyAdvice: string;
  /** The token service, as a provider profile: its base URL is the token URL. */
  readonly service: ProviderProfile;
  /** The mint request for a key: its path below the token URL, headers, decoder. */
  mint(key: string): RepeatableOperation<AccessToken>;
  readonly store: TokenStore;
  /** Refresh a token this long before it expires (half its lifetime when it lives less than twice this). */
  readonly refreshMarginMs: number;
}

// One mint in flight per store and store key, shared by every client of this copy of reservekit
// that shares the store.
const IN_FLIGHT = new WeakMap<TokenStore, Map<string, Promise<AccessToken>>>();

// Store keys are kept per API key, for the few keys a rotating key function gives.
const STORE_KEYS_KEPT = 16;
// Tokens the provider refused (401): never handed out again, even while a store still holds them.
const REJECTED_KEPT = 16;

/**
 * The tokens of one client: one per API key, taken from the store while fresh, minted once at a
 * time when missing, due (within the refresh margin) or refused.
 */
export class AccessTokens {
  readonly #spec: AccessTokenSpec;
  readonly #mint: (key: string) => Promise<AccessToken>;
  readonly #scope: string;
  readonly #storeKeys = new Map<string, Promise<string>>();
  #rejected: string[] = [];

  constructor(spec: AccessTokenSpec, mint: (key: string) => Promise<AccessToken>) {
    this.#spec = spec;
    this.#mint = mint;
    this.#scope = spec.service.baseUrl.href;
  }

  /**
   * A token for `key`: the stored one while fresh, else a new one (one mint in flight at a time).
   * A token inside its refresh margin is still used when minting its successor fails.
   * @throws the mint's error (a `ReservationError` of the token service's call).
   */
  async token(key: string): Promise<string> {
    const storeKey = await this.#storeKey(key);
    const seen = await this.#read(storeKey);
    const stored = seen && !this.#rejected.includes(seen.token) ? seen : undefined;
    const now = Date.now();
    if (stored === undefined || stored.expiresAt <= now)
      return (await this.#mintOnce(storeKey, key, seen?.token)).token;
    if (!isDue(stored, now, this.#spec.refreshMarginMs)) return stored.token;
    try {
      return (await this.#mintOnce(storeKey, key, stored.token)).token;
    } catch (error) {
      if (stored.expiresAt > Date.now()) return stored.token;
      throw error;
    }
  }

  /** The provider refused `token` (401): it is never handed out again; the next call mints anew. */
  reject(token: string): void {
    if (!this.#rejected.includes(token)) this.#rejected = [...this.#rejected, token].slice(-REJECTED_KEPT);
  }

  async #read(storeKey: string): Promise<AccessToken | undefined> {
    try {
      return await this.#spec.store.get(storeKey);
    } catch {
      return undefined;
    }
  }

  #mintOnce(storeKey: string, key: string, replaces: string | undefined): Promise<AccessToken> {
    const store = this.#spec.store;
    let flights = IN_FLIGHT.get(store);
    if (!flights) {
      flights = new Map();
      IN_FLIGHT.set(store, flights);
    }
    const running = flights.get(storeKey);
    if (running) return running;
    const mintAndStore = async () => {
      const token = await this.#mint(key);
      try {
        await store.set(storeKey, token);
      } catch {
        // Not fatal (see TokenStore): this call has its token; the next one mints again.
      }
      return token;
    };
    const minting = store.mintOnce ? store.mintOnce(storeKey, mintAndStore, replaces) : mintAndStore();
    const own = flights;
    own.set(storeKey, minting);
    const done = () => {
      if (own.get(storeKey) === minting) own.delete(storeKey);
    };
    minting.then(done, done);
    return minting;
  }

  /** The store key of an API key: a hash of the token URL and the key, never the key itself. */
  #storeKey(key: string): Promise<string> {
    let storeKey = this.#storeKeys.get(key);
    if (!storeKey) {
      storeKey = hashHex(`${this.#scope}\n${key}`).then((hash) => `reservekit:access-token:v1:${hash}`);
      this.#storeKeys.set(key, storeKey);
      if (this.#storeKeys.size > STORE_KEYS_KEPT)
        this.#storeKeys.delete(this.#storeKeys.keys().next().value as string);
    }
    return storeKey;
  }
}

/** Whether a token is within its refresh margin: half its lifetime when it lives less than twice the margin. */
function isDue(token: AccessToken, now: number, marginMs: number): boolean {
  const lifetime = token.expiresAt - token.issuedAt;
  return now >= token.expiresAt - Math.min(marginMs, Math.max(0, lifetime / 2));
}

async function hashHex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A read of {@link TokenHeader}: the header value, its secrets, and the token sent. */
export interface ReadToken extends ReadCredential {
  readonly token: string;
}

/**
 * The header carrying a bearer token, read before each request: the key is read (a key function
 * is called, and checked) and a token for it is taken from {@link AccessTokens}. The key and the
 * token both become secrets of the call.
 */
export class TokenHeader extends CredentialHeader {
  readonly tokens: AccessTokens;
  readonly scheme: string;

  constructor(spec: AccessTokenSpec, tokens: AccessTokens) {
    const key = spec.key;
    super(spec.keyOption, typeof key === 'string' ? () => key : key, spec.bareKeyAdvice);
    this.tokens = tokens;
    this.scheme = spec.scheme;
  }

  /**
   * @throws {CredentialSourceError} for a key function that fails; the mint's `ReservationError`
   *   when no token could be had.
   */
  override async resolve(): Promise<ReadToken> {
    const [key] = (await super.resolve()).secrets as [string];
    const token = await this.tokens.token(key);
    return { value: `${this.scheme} ${token}`, secrets: [key, token], token };
  }
}
