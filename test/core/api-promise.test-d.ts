// Type-level checks, verified by `npm run typecheck` (tsc covers test/); never executed.
import { expectTypeOf } from 'vitest';
import type { ApiPromise, WithMeta } from '../../src/core/api-promise.js';
import type { PagePromise } from '../../src/core/pagination.js';

interface Passport {
  id: string;
}

declare const promise: ApiPromise<Passport>;
declare const page: PagePromise<Passport, { total: number }>;

// A real Promise of the data: it goes wherever a Promise<T> does.
expectTypeOf(promise).toExtend<Promise<Passport>>();
expectTypeOf(promise).toExtend<PromiseLike<Passport>>();
expectTypeOf(page).toExtend<Promise<unknown>>();
expectTypeOf(promise).resolves.toEqualTypeOf<Passport>();
expectTypeOf(promise.withMeta()).toEqualTypeOf<Promise<WithMeta<Passport>>>();

// then, catch and finally are Promise's own, and give plain Promises.
expectTypeOf(promise.then((passport) => passport.id)).toEqualTypeOf<Promise<string>>();
expectTypeOf(promise.catch(() => null)).toEqualTypeOf<Promise<Passport | null>>();
expectTypeOf(promise.finally(() => {})).toEqualTypeOf<Promise<Passport>>();
// The rejection reason is typed as Promise types it.
promise.catch((reason) => expectTypeOf(reason).toBeAny());
promise.then(undefined, (reason) => expectTypeOf(reason).toBeAny());
