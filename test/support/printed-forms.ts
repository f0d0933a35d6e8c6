import { inspect } from 'node:util';

/**
 * Every printed form of an error (message, stack, `String()`, `inspect()` with hidden fields,
 * JSON), for it and each error of its cause chain: where a leaked secret would show.
 */
export function printedForms(error: unknown): string[] {
  const forms: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    forms.push(
      current.message,
      String(current.stack),
      String(current),
      inspect(current, { depth: 10, showHidden: true }),
      JSON.stringify(current),
    );
    current = current.cause;
  }
  return forms;
}
