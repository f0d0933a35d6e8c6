import type { z } from 'zod';
import { InputValidationError, type ProviderName } from './errors.js';
import { describeIssues, toIssues } from './zod-issues.js';

/** How {@link parseInput} runs the schema. */
export interface ParseInputOptions {
  /**
   * The schema is parsed about once (e.g. a client's options): skip zod's compiled fast path for
   * objects, whose compilation on first parse costs more than one parse saves. Same result.
   */
  once?: boolean;
}

// zod's per-parse context that turns its compiled (eval) object fast path off.
const JITLESS = { jitless: true } as const;

/**
 * Validates a call's arguments before any request: a typed {@link InputValidationError} naming
 * every problem, or the parsed value.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  provider: ProviderName,
  operation: string,
  options?: ParseInputOptions,
): z.output<S> {
  const result = options?.once ? schema.safeParse(value, JITLESS) : schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toIssues(result.error);
  throw new InputValidationError({
    provider,
    operation,
    message: `${operation}: invalid arguments: ${describeIssues(issues)}`,
    issues,
  });
}
