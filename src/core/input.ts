import type * as z from 'zod/mini';
import { InputValidationError, type ProviderName } from './errors.js';
import { safeParseValue } from './zod.js';
import { describeIssues, toIssues } from './zod-issues.js';

/**
 * Validates a call's arguments before any request: a typed {@link InputValidationError} naming
 * every problem, or the parsed value.
 */
export function parseInput<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  provider: ProviderName | undefined,
  operation: string,
): z.output<S> {
  const result = safeParseValue(schema, value);
  if (result.success) return result.data;
  const issues = toIssues(result.error);
  throw new InputValidationError({
    provider,
    operation,
    message: `${operation}: invalid arguments: ${describeIssues(issues)}`,
    issues,
  });
}
