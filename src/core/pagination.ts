import { ApiPromise, type WithMeta } from './api-promise.js';

/** One page of a list, and the way to the next. */
export interface Page<Item, Meta> {
  readonly data: Item[];
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

  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    let page: Page<Item, Meta> | undefined = await this;
    while (page) {
      yield* page.data;
      page = page.hasNextPage() ? await page.getNextPage() : undefined;
    }
  }
}
