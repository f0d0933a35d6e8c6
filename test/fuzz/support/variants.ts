import fc from 'fast-check';
import { anything, fieldValue, TYPO_KEYS } from './hostile.js';

/** A copy of `base` with the value at a dotted path (`filter.countryId`) replaced or removed. */
export function withPath(base: unknown, path: string, value: unknown, remove = false): unknown {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const object = base !== null && typeof base === 'object' ? { ...(base as Record<string, unknown>) } : {};
  if (rest.length === 0) {
    if (remove) delete object[head];
    else object[head] = value;
    return object;
  }
  object[head] = withPath(object[head], rest.join('.'), value, remove);
  return object;
}

/** Per field (a dotted path), the careless values typical of it. */
export type FieldValues = Record<string, readonly unknown[]>;

/**
 * Arguments a careless caller builds from a valid `base`: one field or several replaced by a
 * hostile value, a field left out, a misspelled key added, or something that is no object at all.
 */
export function variantsOf(base: Record<string, unknown>, fields: FieldValues): fc.Arbitrary<unknown> {
  const paths = Object.keys(fields);
  const one = fc
    .constantFrom(...paths)
    .chain((path) => fieldValue(fields[path]).map((value) => withPath(base, path, value)));
  // A record of optional replacements shrinks by dropping them: a counterexample keeps only the
  // fields that matter.
  const several =
    paths.length < 2
      ? one
      : fc
          .record(Object.fromEntries(paths.map((path) => [path, fieldValue(fields[path])])), {
            requiredKeys: [],
          })
          .filter((replaced) => Object.keys(replaced).length >= 1)
          .map((replaced) =>
            Object.entries(replaced).reduce<unknown>(
              (acc, [path, value]) => withPath(acc, path, value),
              base,
            ),
          );
  const missing = fc.constantFrom(...paths).map((path) => withPath(base, path, undefined, true));
  const typo = fc
    .tuple(fc.constantFrom(...TYPO_KEYS, ...paths.map((path) => `${path.split('.').pop()}s`)), anything)
    .map(([key, value]) => ({ ...base, [key]: value }));
  return fc.oneof(
    { weight: 5, arbitrary: one },
    { weight: 2, arbitrary: several },
    { weight: 1, arbitrary: missing },
    { weight: 1, arbitrary: typo },
    { weight: 1, arbitrary: anything },
  );
}
