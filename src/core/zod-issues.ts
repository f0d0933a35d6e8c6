import type { $ZodError } from 'zod/v4/core';

/** One problem found by a schema: where, what kind, and a message. Never the offending value. */
export interface ZodIssue {
  /** Where the problem is, e.g. `['filter', 'countryId']`; `[]` for the value as a whole. */
  readonly path: readonly (string | number)[];
  /** The kind of problem, e.g. `invalid_type`, `too_big`, `custom`. */
  readonly code: string;
  /** What is wrong, in words. */
  readonly message: string;
}

/** Keeps only path, code and message: zod issues can carry the input, which may be a secret. */
export function toIssues(error: $ZodError): ZodIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
    code: issue.code,
    message: issue.message,
  }));
}

/** `quantity: Too big: expected number to be <=100000000000; mail: Invalid email address` */
export function describeIssues(issues: readonly ZodIssue[]): string {
  return issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
