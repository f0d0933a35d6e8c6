// Type-level checks, verified by `npm run typecheck` (tsc covers test/); never executed.
import { expectTypeOf } from 'vitest';
import type {
  ArianeeClient,
  ArianeeContent,
  ArianeeLinkObject,
  ArianeeReservation,
  ArianeeReserveManyResult,
  ArianeeReserveStream,
  ArianeeReserveStreamSummary,
} from '../../src/arianee/index.js';

declare const client: ArianeeClient;
declare const dynamicFormat: 'link' | 'content';

// reserveOne: the result follows `format`; linkObject when it is left out.
expectTypeOf(client.reserveOne({ tags: 'vip' })).resolves.toEqualTypeOf<ArianeeLinkObject>();
expectTypeOf(
  client.reserveOne({ tags: ['a', 'b'], format: 'linkObject' }),
).resolves.toEqualTypeOf<ArianeeLinkObject>();
expectTypeOf(client.reserveOne({ tags: 'vip', format: 'link' })).resolves.toEqualTypeOf<string>();
expectTypeOf(client.reserveOne({ tags: 'vip', format: 'content' })).resolves.toEqualTypeOf<ArianeeContent>();
expectTypeOf(client.reserveOne({ tags: 'vip', format: dynamicFormat })).resolves.toEqualTypeOf<
  ArianeeReservation<'link' | 'content'>
>();
expectTypeOf(client.reserveOne({ tags: 'vip' }).withMeta()).resolves.toHaveProperty('meta');

// reserveMany: the same, per reserved item.
expectTypeOf(client.reserveMany({ tags: 'vip', count: 2 })).resolves.toEqualTypeOf<
  ArianeeReserveManyResult<ArianeeLinkObject>
>();
expectTypeOf(client.reserveMany({ tags: 'vip', count: 2, format: 'link' })).resolves.toEqualTypeOf<
  ArianeeReserveManyResult<string>
>();
expectTypeOf(client.reserveMany({ tags: 'vip', count: 2, format: 'content' })).resolves.toEqualTypeOf<
  ArianeeReserveManyResult<ArianeeContent>
>();

// onReserved gets the format's type.
client.reserveMany({
  tags: 'vip',
  count: 2,
  onReserved: (passport) => expectTypeOf(passport).toEqualTypeOf<ArianeeLinkObject>(),
});
client.reserveMany({
  tags: 'vip',
  count: 2,
  format: 'link',
  onReserved: async (link) => expectTypeOf(link).toEqualTypeOf<string>(),
});

// reserveStream: an async iterable of the format's type, with a summary.
expectTypeOf(client.reserveStream({ tags: 'vip', count: 2 })).toEqualTypeOf<
  ArianeeReserveStream<ArianeeLinkObject>
>();
expectTypeOf(client.reserveStream({ tags: 'vip', count: 2, format: 'link' })).toEqualTypeOf<
  ArianeeReserveStream<string>
>();
expectTypeOf(client.reserveStream({ tags: 'vip', count: 2 })).toExtend<AsyncIterable<ArianeeLinkObject>>();
expectTypeOf(
  client.reserveStream({ tags: 'vip', count: 2, format: 'content' }).summary(),
).resolves.toEqualTypeOf<ArianeeReserveStreamSummary<ArianeeContent>>();

// @ts-expect-error: an unknown format does not type-check.
client.reserveOne({ tags: 'vip', format: 'xml' });
