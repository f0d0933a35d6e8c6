import type { Page } from '../core/pagination.js';

/** A page of a DIDWW list; the next page is the one `links.next` names. */
export class LinkedPage<Item, Meta> implements Page<Item, Meta> {
  readonly data: Item[];
  readonly meta: Meta;
  readonly #next: string | undefined;
  readonly #fetch: (link: string) => Promise<Page<Item, Meta>>;

  constructor(
    data: Item[],
    meta: Meta,
    next: string | undefined,
    fetch: (link: string) => Promise<Page<Item, Meta>>,
  ) {
    this.data = data;
    this.meta = meta;
    this.#next = next;
    this.#fetch = fetch;
  }

  /** Whether DIDWW sent a `links.next`. */
  hasNextPage(): boolean {
    return this.#next !== undefined;
  }

  /**
   * Fetches the page `links.next` names, or `undefined` at the end.
   * @throws ResponseValidationError when `links.next` points outside the configured base URL.
   */
  async getNextPage(): Promise<Page<Item, Meta> | undefined> {
    return this.#next === undefined ? undefined : this.#fetch(this.#next);
  }
}
