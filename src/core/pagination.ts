import { ApiPromise, type WithMeta } from './api-promise.js';

/** One page of a list, and the way to the next. */
export interface Page<Item, Meta> {
  /** The items of this page. */
  readonly data: Item[];
  /** What the provider said beside the items (totals, links). */
  readonly meta: Meta;
  /** Whether the provider announced a next page. */
  hasNextPage(): boolean;
  /** The next page, or `undefined` at the end. */
  getNextPage(): Promise<Page<Item, Meta> | undefined>;
}

/**
 * A list call: `await` it for the first page, or `for await` over it for every item of every page.
 *
 * @example
 * ```ts
 * const first = await client.didReservations.list();           // one page
 * for await (const hold of client.didReservations.list()) {}   // every item
 * ```
 */
export class PagePromise<Item, Meta> extends ApiPromise<Page<Item, Meta>> implements AsyncIterable<Item> {
  constructor(inner: Promise<WithMeta<Page<Item, Meta>>>) {
    super(inner);
  }

  /** Every item of every page, fetching the next page when this one is used up. */
  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    let page: Page<Item, Meta> | undefined = await this;
    while (page) {
      yield* page.data;
      page = page.hasNextPage() ? await page.getNextPage() : undefined;
    }
  }
}
