/**
 * A value built on first use and kept: zod schemas cost time to build, and importing the entry
 * point should not pay for the ones a program never calls.
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
