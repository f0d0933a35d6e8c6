import fc from 'fast-check';
import type { FaultSpec, SimOperation } from 'reservekit/testing';
import type { Secret } from './secrets.js';
import type { Provider } from './wire.js';

/**
 * Every error class the simulator can produce, as the secret scan drives them: each status with a
 * body that echoes secrets (as JSON, as text, as a long text cut at 300 characters), resets before
 * and after acting, a body cut in half, a connection dying mid-body, a stale read, an answer slower
 * than the timeout, a 2xx body that is not JSON and starts with a secret, and DIDWW's links.next
 * pointing outside the base URL.
 */
export type ScanFault =
  | { kind: 'none' }
  | {
      kind: 'status';
      status: number;
      echo: 'json' | 'text' | 'long text' | 'long json' | 'none';
      secret: number;
    }
  | { kind: 'request id'; status: number; secret: number }
  | { kind: 'reset'; when: 'before' | 'after' }
  | { kind: 'malformed' }
  | { kind: 'cut body' }
  | { kind: 'stale' }
  | { kind: 'slow' }
  | { kind: 'unreadable 2xx'; secret: number }
  | { kind: 'links.next outside'; secret: number };

/** The per-call timeout of scanned clients; a `slow` answer comes later than this. */
export const SCAN_TIMEOUT_MS = 100;

/** Client options of scanned clients: a short timeout, fast retries, no budget. */
export const SCAN_CLIENT = {
  timeoutMs: SCAN_TIMEOUT_MS,
  totalTimeoutMs: 1_500,
  maxRetries: 2,
  retry: { baseDelayMs: 1, maxDelayMs: 4 },
  retryBudget: false as const,
};

const STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503];

/** Faults for one operation; `links.next outside` only where a list has pages. */
export function scanFaults(operation: SimOperation): fc.Arbitrary<ScanFault> {
  const secret = fc.nat({ max: 20 });
  const kinds: fc.Arbitrary<ScanFault>[] = [
    fc.constant({ kind: 'none' }),
    fc.record({
      kind: fc.constant('status' as const),
      status: fc.constantFrom(...STATUSES),
      echo: fc.constantFrom(
        'json' as const,
        'text' as const,
        'long text' as const,
        'long json' as const,
        'none' as const,
      ),
      secret,
    }),
    fc.record({
      kind: fc.constant('request id' as const),
      status: fc.constantFrom(200, ...STATUSES),
      secret,
    }),
    fc.record({
      kind: fc.constant('reset' as const),
      when: fc.constantFrom('before' as const, 'after' as const),
    }),
    fc.constant({ kind: 'malformed' }),
    fc.constant({ kind: 'cut body' }),
    fc.constant({ kind: 'stale' }),
    fc.constant({ kind: 'slow' }),
    fc.record({ kind: fc.constant('unreadable 2xx' as const), secret }),
  ];
  if (operation === 'didww.listReservations')
    kinds.push(fc.record({ kind: fc.constant('links.next outside' as const), secret }));
  return fc.oneof(...kinds);
}

const ECHOES = ['json', 'text', 'long text', 'long json', 'none'] as const;

/**
 * Every fault once, each secret of a small pool in turn: the schedules every run starts with, so
 * that each error class is driven whatever the random search then picks.
 */
export function everyFault(operation: SimOperation): ScanFault[] {
  const faults: ScanFault[] = [
    { kind: 'none' },
    ...STATUSES.flatMap((status, i) =>
      ECHOES.map((echo, j) => ({ kind: 'status' as const, status, echo, secret: i + j })),
    ),
    ...[200, ...STATUSES].map((status, i) => ({ kind: 'request id' as const, status, secret: i })),
    { kind: 'reset', when: 'before' },
    { kind: 'reset', when: 'after' },
    { kind: 'malformed' },
    { kind: 'cut body' },
    { kind: 'stale' },
    { kind: 'slow' },
    ...[0, 1, 2, 3].map((secret) => ({ kind: 'unreadable 2xx' as const, secret })),
  ];
  if (operation === 'didww.listReservations')
    faults.push({ kind: 'links.next outside', secret: 0 }, { kind: 'links.next outside', secret: 1 });
  return faults;
}

/** A schedule: the faults of the method's own requests in turn, and of the lookups it makes. */
export interface ScanSchedule {
  faults: ScanFault[];
  lookups: ScanFault[];
}

export function scanSchedules(operation: SimOperation, lookup?: SimOperation): fc.Arbitrary<ScanSchedule> {
  return fc.record({
    faults: fc.array(scanFaults(operation), { minLength: 1, maxLength: 3 }),
    lookups: lookup ? fc.array(scanFaults(lookup), { maxLength: 3 }) : fc.constant([]),
  });
}

/** Text that echoes every secret in every form: what a careless provider or proxy sends back. */
function echoText(secrets: readonly Secret[]): string {
  return secrets
    .map(
      ({ value }) =>
        `${value} (in a URL: /x/${encodeURIComponent(value)}, in JSON: {"token":"${JSON.stringify(value).slice(1, -1)}"})`,
    )
    .join('; ');
}

/** The provider's own error document around a message (so its parser reads the message). */
function errorDocument(
  provider: Provider,
  status: number,
  message: string,
  secrets: readonly Secret[],
): unknown {
  if (provider === 'arianee')
    return { name: 'API Error', description: message, code: `nmp.back.http.${status}`, httpCode: status };
  if (provider === 'didww')
    return {
      errors: [
        {
          title: 'Echo',
          detail: message,
          code: '100',
          status: String(status),
          source: { pointer: `/data/attributes/${secrets[0]?.value ?? ''}` },
        },
      ],
    };
  return { message };
}

/** A secret that can be written in a header: as is when ASCII, else URL-encoded. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}

/**
 * Text padded so that the 300th character falls in the middle of `value`. A space sets the value
 * apart: a secret under 8 characters is redacted as a whole token (docs/errors.md, "Redaction").
 */
function straddling(value: string, before = 0): string {
  return `${'x'.repeat(299 - before - Math.floor(value.length / 2))} ${value} and more`;
}

const JSON_TYPE: Record<Provider, string> = {
  arianee: 'application/json',
  didww: 'application/vnd.api+json',
  dots: 'application/json',
};

/** The success status of an operation (DIDWW answers a create with 201). */
function successStatus(operation: SimOperation): number {
  return operation === 'didww.createReservation' ? 201 : 200;
}

/**
 * What a fault may put in an answer: `known` — the secrets the client was given (credentials, the
 * call's redeem code), which a careless provider echoes in errors; `answered` — secrets a success
 * body carries (a passphrase, a code), which an unreadable 2xx shows.
 */
export interface FaultSecrets {
  known: readonly Secret[];
  answered: readonly Secret[];
}

/** The simulator fault for a scan fault. */
export function toFaultSpec(
  fault: ScanFault,
  provider: Provider,
  operation: SimOperation,
  { known: secrets, answered }: FaultSecrets,
  didwwBaseUrl?: string,
): FaultSpec {
  const pick = (index: number): Secret => secrets[index % secrets.length] as Secret;
  switch (fault.kind) {
    case 'none':
      return { delayMs: 0 };
    case 'status': {
      const retryAfter: Record<string, string> =
        fault.status === 429 || fault.status === 503 ? { 'retry-after': '0' } : {};
      if (fault.echo === 'none') return { status: fault.status, headers: retryAfter };
      if (fault.echo === 'json')
        return {
          status: fault.status,
          body: errorDocument(provider, fault.status, `echo: ${echoText(secrets)}`, secrets),
          headers: retryAfter,
        };
      if (fault.echo === 'long json')
        return {
          status: fault.status,
          // A JSON body in no documented shape: kept as its compact text, cut at 300 characters.
          body: { unexpected: straddling(pick(fault.secret).value, '{"unexpected":"'.length) },
          headers: retryAfter,
        };
      const text =
        fault.echo === 'text' ? `upstream said: ${echoText(secrets)}` : straddling(pick(fault.secret).value);
      return { status: fault.status, body: text, headers: { ...retryAfter, 'content-type': 'text/plain' } };
    }
    case 'request id': {
      const id = headerSafe(pick(fault.secret).value);
      const headers = { 'x-request-id': id, 'x-correlation-id': id, 'x-echo': id };
      // A 2xx acts first and answers a body that is not what the operation returns: a
      // ResponseValidationError, which carries the request id too.
      return fault.status === 200
        ? { status: successStatus(operation), actFirst: true, headers }
        : { status: fault.status, headers };
    }
    case 'reset':
      return { reset: fault.when };
    case 'malformed':
      return { malformed: true };
    case 'cut body':
      return { cutBody: true };
    case 'stale':
      return { staleMs: 60_000 };
    case 'slow':
      return { delayMs: SCAN_TIMEOUT_MS + 50 };
    case 'unreadable 2xx': {
      // Not JSON, under a JSON content type: V8's SyntaxError quotes the start of such a body.
      const pool = [...answered, ...secrets];
      const secret = (pool[fault.secret % pool.length] as Secret).value;
      return {
        status: successStatus(operation),
        body: `{"id":"1","code":${secret},"passphrase":${secret}}`,
        headers: { 'content-type': JSON_TYPE[provider] },
      };
    }
    case 'links.next outside': {
      const secret = pick(fault.secret).value;
      const origin = 'https://elsewhere.example';
      const path = new URL(didwwBaseUrl ?? 'http://127.0.0.1/v3').pathname;
      return {
        status: 200,
        headers: { 'content-type': JSON_TYPE.didww },
        body: {
          data: [],
          meta: { total_records: 1, available_count: 9, api_version: '2026-04-16' },
          links: { next: `${origin}${path}/did_reservations/${encodeURIComponent(secret)}?page[number]=2` },
        },
      };
    }
  }
}
