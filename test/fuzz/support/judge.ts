import { AbortedError, InputValidationError, ReservationError, TimeoutError } from 'reservekit';
import type { SimOperation } from 'reservekit/testing';
import { reachedWire, type Seen, type Wire } from './wire.js';

/**
 * How long a call may take before it counts as a hang. Fuzzed clients bound every call to 2 s in
 * all (unless the option fuzzed is that bound), and the simulator answers in milliseconds.
 */
export const HANG_MS = 3_000;

/** How long the loopback wire is left to settle before a call is observed. */
const QUIET_MS = 5;

/** How a call ended. */
export type Ending =
  | { kind: 'data'; data: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'threw'; error: unknown }
  | { kind: 'hang' };

/** A call's ending and what reached the providers while it ran. */
export interface Observed {
  ending: Ending;
  seen: Seen;
  /** Promise rejections nobody handled while the call ran (and one turn of the event loop after). */
  unhandled: unknown[];
}

// Rejections nobody handled, as they happen: a call must never leave one behind.
const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => {
  unhandled.push(reason);
});

/**
 * Runs one public call against the wire: how it ended (its data, its rejection, a synchronous
 * throw, or no end within {@link HANG_MS}) and every request it made.
 */
export async function observe(wire: Wire, invoke: () => PromiseLike<unknown>): Promise<Observed> {
  // A request an earlier case wrote just before giving up may still be arriving: let it land
  // before marking, so that it is not counted as this call's.
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  const mark = wire.mark();
  const unhandledBefore = unhandled.length;
  let ending: Ending;
  let pending: PromiseLike<unknown>;
  try {
    pending = invoke();
  } catch (error) {
    return { ending: { kind: 'threw', error }, seen: wire.since(mark), unhandled: [] };
  }
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Ending>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'hang' }), HANG_MS);
  });
  try {
    ending = await Promise.race([
      Promise.resolve(pending).then(
        (data): Ending => ({ kind: 'data', data }),
        (error: unknown): Ending => ({ kind: 'error', error }),
      ),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
  await new Promise((resolve) => setImmediate(resolve));
  return { ending, seen: wire.since(mark), unhandled: unhandled.slice(unhandledBefore) };
}

/** `Name: message` of anything thrown, short enough for a failure message. */
export function describeThrown(value: unknown): string {
  if (value instanceof Error) {
    const code = value instanceof ReservationError ? ` [${value.code}, outcome ${value.outcome}]` : '';
    return `${value.name}${code}: ${value.message.slice(0, 300)}`;
  }
  try {
    return `a non-error value ${String(value)}`;
  } catch {
    return 'a non-error value';
  }
}

// Errors of JavaScript itself: a bug of ours, whether thrown as is or kept as some error's cause.
const LANGUAGE_ERRORS = [TypeError, URIError, RangeError, ReferenceError] as const;

/** Problems of one error that ends a call: not ours, or ours hiding a language error in its causes. */
export function errorProblems(error: unknown, where = 'the call'): string[] {
  if (!(error instanceof ReservationError)) return [`${where} rejected with ${describeThrown(error)}`];
  const problems: string[] = [];
  let cause: unknown = error.cause;
  for (let depth = 1; cause !== undefined && depth < 10; depth += 1) {
    if (LANGUAGE_ERRORS.some((kind) => cause instanceof kind))
      problems.push(`${where} failed with ${error.name} whose cause is a bug: ${describeThrown(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return problems;
}

function hasCharOutside(text: string, allowed: RegExp): boolean {
  return !allowed.test(text);
}

const VISIBLE_ASCII = /^[\x21-\x7e]*$/;
// A field value: visible characters, spaces and tabs, and obs-text bytes (RFC 9110 §5.5).
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Is a path segment one a URL parser resolves away (`.`, `..`, also percent-encoded)? */
function isDotSegment(segment: string): boolean {
  const plain = segment.replace(/%2e/gi, '.');
  return plain === '.' || plain === '..';
}

/** Strings inside a parsed JSON value that are not well-formed UTF-16. */
function illFormedStrings(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return value.isWellFormed() ? [] : [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(key.isWellFormed() ? [] : [`${path} key`]),
    ...illFormedStrings(item, `${path}.${key}`),
  ]);
}

/** What is wrong with the requests a call made, as a server reads them. */
export function wireProblems(seen: Seen, expected: readonly SimOperation[]): string[] {
  const problems: string[] = [];
  for (const refused of seen.unparseable)
    problems.push(`the ${refused.provider} server could not parse a request (${refused.code})`);
  for (const request of seen.raw) {
    const target = JSON.stringify(request.target.slice(0, 200));
    if (hasCharOutside(request.target, VISIBLE_ASCII))
      problems.push(`request target with a character outside visible ASCII: ${target}`);
    const path = request.target.split('?')[0] ?? '';
    if (path.split('/').some(isDotSegment))
      problems.push(`request path with a dot segment (a server resolves it away): ${target}`);
    for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i] as string;
      const value = request.rawHeaders[i + 1] as string;
      if (!TOKEN.test(name)) problems.push(`header name that is not a token: ${JSON.stringify(name)}`);
      if (hasCharOutside(value, FIELD_VALUE))
        problems.push(`header ${name} with a control character: ${JSON.stringify(value.slice(0, 80))}`);
      if (value !== value.trim())
        problems.push(
          `header ${name} with surrounding whitespace, which HTTP strips: ${JSON.stringify(value)}`,
        );
    }
  }
  for (const request of seen.served) {
    if (request.body === '') continue;
    const type = request.headers['content-type'] ?? '';
    if (!type.includes('json')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      problems.push(`${request.method} ${request.path}: a JSON body that does not parse`);
      continue;
    }
    for (const path of illFormedStrings(parsed))
      problems.push(`${request.method} ${request.path}: a lone UTF-16 surrogate in the JSON body at ${path}`);
  }
  for (const entry of seen.sim) {
    if (entry.operation === 'unknown' || !expected.includes(entry.operation))
      problems.push(
        `reached ${entry.operation === 'unknown' ? 'no endpoint' : entry.operation} (${entry.method} ${entry.path}), expected ${expected.join(' or ')}`,
      );
    for (const [name, value] of Object.entries(entry.query))
      if (!name.isWellFormed() || !value.isWellFormed())
        problems.push(`query parameter ${JSON.stringify(name)} that is not well-formed Unicode`);
    if (entry.operation === 'dots.createOffering') problems.push(...dotsAddBodyProblems(entry.body));
  }
  return problems;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const HOUR = /^\d{2}:\d{2}(:\d{2})?$/;

/** The documented wire formats of an `eco-club-offering/add` body (dates, hours, ids). */
function dotsAddBodyProblems(body: unknown): string[] {
  if (body === null || typeof body !== 'object')
    return ['eco-club-offering/add: a body that is not an object'];
  const fields = body as Record<string, unknown>;
  const problems: string[] = [];
  for (const name of ['activation_date', 'expiration_date'])
    if (fields[name] !== undefined && !(typeof fields[name] === 'string' && DAY.test(fields[name])))
      problems.push(`eco-club-offering/add: ${name} ${JSON.stringify(fields[name])} is not YYYY-MM-DD`);
  for (const name of ['activation_hour', 'expiration_hour'])
    if (fields[name] !== undefined && !(typeof fields[name] === 'string' && HOUR.test(fields[name])))
      problems.push(`eco-club-offering/add: ${name} ${JSON.stringify(fields[name])} is not HH:MM:SS`);
  // Always sent (it is what finds a create whose answer was lost), never empty.
  const id = fields.external_unique_id;
  if (typeof id !== 'string' || id === '')
    problems.push(`eco-club-offering/add: external_unique_id ${JSON.stringify(id)} is not an id`);
  return problems;
}

/** What a public method is for: the simulator endpoints it may reach. */
export interface CallContext {
  /** The simulator operations this method may reach. */
  expected: readonly SimOperation[];
  /**
   * The call's own total time limit when a case sets one above the usual bound (a valid
   * `totalTimeoutMs` of days): a call still running after HANG_MS within it is slow, not hung.
   */
  longDeadline?: boolean;
}

/**
 * The invariant every public call keeps, whatever its arguments: EITHER it rejects with an
 * InputValidationError and nothing reached the providers, OR it went to the wire, every request
 * that arrived is well formed, and it ended in data or a ReservationError (never a TypeError,
 * URIError or RangeError, thrown or hidden as a cause; never a synchronous throw; never a hang).
 * A call that sent nothing and is not refused may only be one the caller stopped (an abort) or
 * gave too little time (a timeout); anything else that sends nothing — a client that cannot
 * write its own headers — is a validation that did not happen.
 */
export function callProblems(observed: Observed, context: CallContext): string[] {
  const { ending, seen } = observed;
  const problems = observed.unhandled.map(
    (reason) => `left an unhandled rejection: ${describeThrown(reason)}`,
  );
  if (ending.kind === 'threw')
    return [...problems, `threw synchronously instead of rejecting: ${describeThrown(ending.error)}`];
  if (ending.kind === 'hang')
    return context.longDeadline ? problems : [...problems, `did not settle within ${HANG_MS} ms`];
  if (ending.kind === 'error' && ending.error instanceof InputValidationError) {
    if (reachedWire(seen))
      problems.push(
        `rejected with an InputValidationError, yet ${seen.raw.length} request(s) reached the simulator`,
      );
    return problems;
  }
  problems.push(...wireProblems(seen, context.expected));
  if (ending.kind === 'error')
    problems.push(...errorProblems(ending.error), ...sentNothingProblems(ending.error, seen));
  return problems;
}

/**
 * A call that failed saying nothing was sent, with no request reaching the providers, and without
 * being refused as invalid: only the caller's abort or too little time may do that. Anything else
 * (a header undici will not write, a timeout undici refuses, a dispatcher that is not one) is a
 * validation that did not happen.
 */
export function sentNothingProblems(error: unknown, seen: Seen, where = 'the call'): string[] {
  if (reachedWire(seen) || !(error instanceof ReservationError)) return [];
  if (error instanceof AbortedError || error instanceof TimeoutError || error instanceof InputValidationError)
    return [];
  // Only when the error itself says nothing was sent: a request written just before the call gave
  // up may reach the server after the call settled.
  if (error.outcome !== 'not_sent') return [];
  return [`${where} failed with ${describeThrown(error)} — yet no request reached the simulator`];
}

/** How a call ended, in a few words. */
export function endedAs(observed: Observed): string {
  const { ending, seen } = observed;
  const sent = `${seen.raw.length} request(s) reached the simulator`;
  switch (ending.kind) {
    case 'data':
      return `resolved (${sent})`;
    case 'error':
      return `rejected with ${describeThrown(ending.error)} (${sent})`;
    case 'threw':
      return `threw ${describeThrown(ending.error)}`;
    case 'hang':
      return 'did not settle';
  }
}

/** When a value is clearly outside its documented domain (`why`), the call must refuse it. */
export function refusalProblems(observed: Observed, why: string | undefined): string[] {
  if (why === undefined) return [];
  const { ending } = observed;
  if (ending.kind === 'error' && ending.error instanceof InputValidationError) return [];
  return [`${why}: expected an InputValidationError before sending, but the call ${endedAs(observed)}`];
}

/** When every argument is valid (`valid` says which one the property is about), the call must not refuse it. */
export function acceptanceProblems(observed: Observed, valid: string): string[] {
  const { ending } = observed;
  if (ending.kind === 'error' && ending.error instanceof InputValidationError)
    return [`${valid} is valid, but the call refused it: ${describeThrown(ending.error)}`];
  return [];
}
