// Type-level checks of client.request(), verified by `npm run typecheck` (tsc covers test/); never executed.
import { expectTypeOf } from 'vitest';
import type { ArianeeClient } from '../../src/arianee/index.js';
import type { ApiPromise } from '../../src/core/api-promise.js';
import type { DidwwClient } from '../../src/didww/index.js';
import type { DotsClient } from '../../src/dots/index.js';

declare const dots: DotsClient;
declare const didww: DidwwClient;
declare const arianee: ArianeeClient;

// Every client has it, and it resolves to the parsed body, unknown until the caller checks it.
expectTypeOf(dots.request({ method: 'GET', path: '/x' })).toEqualTypeOf<ApiPromise<unknown>>();
expectTypeOf(didww.request({ method: 'post', path: '/orders', body: { data: {} } })).toEqualTypeOf<
  ApiPromise<unknown>
>();
expectTypeOf(
  arianee.request({
    method: 'GET',
    path: '/x',
    query: { a: 1, b: [true, 'c'], d: undefined },
    idempotent: false,
  }),
).toEqualTypeOf<ApiPromise<unknown>>();
expectTypeOf(
  dots.request({ method: 'DELETE', path: '/x' }, { headers: { 'x-trace-id': 't' } }),
).toEqualTypeOf<ApiPromise<unknown>>();

// @ts-expect-error: a GET takes no body.
dots.request({ method: 'GET', path: '/x', body: { a: 1 } });
// @ts-expect-error: nor does a HEAD.
dots.request({ method: 'head', path: '/x', body: 'a' });
// @ts-expect-error: methods are GET, HEAD, POST, PUT, PATCH and DELETE.
dots.request({ method: 'TRACE', path: '/x' });
// @ts-expect-error: a query value is a string, a number, a boolean or an array of them.
dots.request({ method: 'GET', path: '/x', query: { filter: { a: 1 } } });
// @ts-expect-error: header values are strings.
dots.request({ method: 'GET', path: '/x', headers: { 'x-count': 1 } });
// @ts-expect-error: path is required.
dots.request({ method: 'GET' });
