import { InputValidationError } from '../core/errors.js';
import { describeIssues, type ZodIssue } from '../core/zod-issues.js';

/**
 * Refuses arguments that are well-formed but not part of the client's API version (a filter the
 * version replaced, a page size it does not allow): a typed InputValidationError before any
 * request, worded like the schema's own refusals.
 * @throws InputValidationError whenever `issues` is not empty.
 */
export function refuseForVersion(operation: string, issues: readonly ZodIssue[]): void {
  if (issues.length === 0) return;
  throw new InputValidationError({
    provider: 'didww',
    operation,
    message: `${operation}: invalid arguments: ${describeIssues(issues)}`,
    issues,
  });
}
