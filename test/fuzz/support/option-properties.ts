import fc from 'fast-check';
import { expect, it } from 'vitest';
import { isPlainObject, show } from './hostile.js';
import { callProblems, type Observed, observe, refusalProblems } from './judge.js';
import { boundedOptions, CALL_BOUND, requestOptions, requestOptionsProblem } from './options-domain.js';
import { fuzzSettings, PROPERTY_TIMEOUT_MS } from './settings.js';
import type { ExpectedOperations, Wire } from './wire.js';

/** A valid `totalTimeoutMs` longer than a hang: the call may legitimately run that long. */
function hasLongDeadline(options: unknown): boolean {
  const total = isPlainObject(options) ? options.totalTimeoutMs : undefined;
  return typeof total === 'number' && Number.isFinite(total) && total > CALL_BOUND.totalTimeoutMs;
}

/** One public method with valid arguments, called with the per-call options given. */
export interface OptionsTarget<C extends AsyncDisposable> {
  /** e.g. `arianee.reserveOne` */
  name: string;
  wire: Wire;
  client(): C;
  /** Prepares the simulator before each case (stock to reserve, a hold to read). */
  seed?(client: C): void | Promise<void>;
  call(client: C, options: unknown): PromiseLike<unknown>;
  expected: ExpectedOperations;
  /** Method-specific checks of the result (a batch's own errors). */
  extraProblems?(observed: Observed): string[];
}

/**
 * The two per-call options properties of one method: any options keep the call invariant; options
 * clearly outside their domain (null, not an object, a typo, NaN, -1, 1.5 retries…) are refused.
 */
export function optionsProperties<C extends AsyncDisposable>(target: OptionsTarget<C>): void {
  const run = async (check: (observed: Observed, options: unknown) => string[]) => {
    await fc.assert(
      fc.asyncProperty(requestOptions, async (fuzzed) => {
        // A client per case: closing it ends whatever a case left running (a call that hung).
        await using client = target.client();
        await target.seed?.(client);
        const options = boundedOptions(fuzzed);
        const observed = await observe(target.wire, () => target.call(client, options));
        expect(check(observed, options), `options ${show(options)}`).toEqual([]);
      }),
      fuzzSettings(`${target.name} options`),
    );
  };

  it(
    `${target.name}: any per-call options are refused before sending, or the call is sent well formed and answered`,
    () =>
      run((observed, options) => [
        ...callProblems(observed, { expected: target.expected, longDeadline: hasLongDeadline(options) }),
        ...(target.extraProblems?.(observed) ?? []),
      ]),
    PROPERTY_TIMEOUT_MS,
  );

  it(
    `${target.name}: per-call options outside their documented domain are refused before sending`,
    () => run((observed, options) => refusalProblems(observed, requestOptionsProblem(options))),
    PROPERTY_TIMEOUT_MS,
  );
}
