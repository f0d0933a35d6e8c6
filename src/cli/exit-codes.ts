import {
  ApiError,
  InputValidationError,
  NoInventoryError,
  RateLimitError,
  ServerError,
} from '../core/errors.js';

/**
 * What the `reservekit` command's exit status says (docs/cli.md, "Exit codes"): scripts switch on it.
 */
export const EXIT = {
  /** Done: everything asked for was done. */
  done: 0,
  /** Usage or bad input: refused before any request was sent. */
  usage: 1,
  /** The provider refused (authentication, no inventory, not found, a conflict) and nothing was reserved. */
  refused: 2,
  /** Partial: fewer items than asked (the pool ran dry part way, some failed or are unknown, interrupted). */
  partial: 3,
  /** Transport failure: the provider could not be reached, timed out, failed (5xx) or answered unreadably. */
  transport: 4,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The lines `reservekit --help` ends with (and docs/cli.md repeats). */
export const EXIT_CODES_HELP = `Exit codes:
  0  done
  1  usage or bad input (nothing was sent)
  2  the provider refused (authentication, no inventory, not found, conflict): nothing reserved
  3  partial: fewer items than asked (the pool ran dry part way, some failed or are unknown: listed)
  4  transport failure (unreachable, timeout, 5xx, unreadable answer)`;

/** A problem with the command line or its files, found before any request: exit 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A {@link BatchEnd.cause} for a batch that stopped because the provider had nothing more to give
 * without an error to show for it (a DIDWW block that found no number left, or hit the plan's limit).
 */
export const NOTHING_LEFT: unique symbol = Symbol('nothing left');

/** The exit status of a command that ended with `error` and nothing done. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error === NOTHING_LEFT) return EXIT.refused;
  if (error instanceof UsageError || error instanceof InputValidationError) return EXIT.usage;
  if (error instanceof ServerError) return EXIT.transport;
  // A refusal: 4xx, the pool empty (a 400 at Arianee), rate limited even after retries.
  if (error instanceof NoInventoryError || error instanceof RateLimitError) return EXIT.refused;
  if (error instanceof ApiError) return error.status >= 500 ? EXIT.transport : EXIT.refused;
  // Timeouts, connection failures, unreadable answers, failed lookups, a closed client; and an
  // error that is none of ours, which did not come from the provider refusing.
  return EXIT.transport;
}

/** How a command that asked for several items ended. */
export interface BatchEnd {
  /** Items asked for. */
  asked: number;
  /** Items the command has (made now, or found made by an earlier run). */
  got: number;
  /**
   * What ended it with nothing: the refusal or failure that explains it (the stop, or a failed
   * item). `undefined` when it was interrupted, or there was nothing to do.
   */
  cause: unknown;
}

/**
 * Everything → 0; something but not everything → 3; nothing → what the cause says (2 refused,
 * 4 transport), or 3 when it was interrupted before anything landed.
 */
export function batchExitCode(end: BatchEnd): ExitCode {
  if (end.got >= end.asked) return EXIT.done;
  if (end.got > 0 || end.cause === undefined) return EXIT.partial;
  return exitCodeFor(end.cause);
}
