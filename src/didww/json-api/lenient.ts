import * as z from 'zod/mini';

/** An optional field read leniently: a value of the wrong type reads as absent instead of failing the document. */
export function lenient<T extends z.ZodMiniType>(schema: T) {
  return z.catch(z.optional(schema), undefined);
}
