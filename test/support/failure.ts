import { ReservationError } from '../../src/core/errors.js';

/** The ReservationError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function failure(promise: PromiseLike<unknown>): Promise<ReservationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ReservationError))
    throw new Error(`expected a ReservationError, got ${String(error)}`);
  return error;
}
