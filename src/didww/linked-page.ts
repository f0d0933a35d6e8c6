import type { Page } from '../core/pagination.js';
import { nextLinkKey } from './next-link.js';

/**
 * The `links.next` a chain of pages followed to reach a page, the latest first. A page whose
 * `links.next` is among them has looped (a page naming itself, or an earlier one, as next): the
 * chain ends there instead of running forever.
 */
export interface FollowedLinks {
  /** The link's key (see `nextLinkKey`). */
  readonly key: string;
  /** The links followed before it. */
  readonly before: FollowedLinks | undefined;
}

function hasFollowed(followed: FollowedLinks | undefined, key: string): boolean {
  for (let at = followed; at; at = at.before) if (at.key === key) return true;
  return false;
}

/** A page of a DIDWW list; the next page is the one `links.next` names, unless the chain already followed it. */
export class LinkedPage<Item, Meta> implements Page<Item, Meta> {
  readonly data: Item[];
  readonly meta: Meta;
  readonly #next: string | undefined;
  readonly #followed: FollowedLinks | undefined;
  readonly #fetch: (link: string, followed: FollowedLinks) => Promise<Page<Item, Meta>>;

  /**
   * @param followed The links followed to reach this page (`undefined` for the first page).
   * @param fetch Fetches the page a link names; `followed` then includes that link.
   */
  constructor(
    data: Item[],
    meta: Meta,
    next: string | undefined,
    followed: FollowedLinks | undefined,
    fetch: (link: string, followed: FollowedLinks) => Promise<Page<Item, Meta>>,
  ) {
    this.data = data;
    this.meta = meta;
    this.#followed = followed;
    this.#next = next === undefined || hasFollowed(followed, nextLinkKey(next)) ? undefined : next;
    this.#fetch = fetch;
  }

  /** Whether DIDWW sent a `links.next` that this chain of pages has not followed yet. */
  hasNextPage(): boolean {
    return this.#next !== undefined;
  }

  /**
   * Fetches the page `links.next` names, or `undefined` at the end (also when `links.next` names a
   * page this chain already followed).
   * @throws ResponseValidationError when `links.next` points outside the configured base URL.
   */
  async getNextPage(): Promise<Page<Item, Meta> | undefined> {
    if (this.#next === undefined) return undefined;
    return this.#fetch(this.#next, { key: nextLinkKey(this.#next), before: this.#followed });
  }
}
