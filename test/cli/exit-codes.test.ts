import { describe, expect, it } from 'vitest';
import { batchExitCode, EXIT, exitCodeFor, NOTHING_LEFT, UsageError } from '../../src/cli/exit-codes.js';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InputValidationError,
  NoInventoryError,
  NotFoundError,
  ProviderValidationError,
  RateLimitError,
  ReconcileError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from '../../src/core/errors.js';

const api = { message: 'refused', status: 400 };

describe('exitCodeFor: what an error that ended a command says', () => {
  it.each([
    ['a usage error', new UsageError('no --out'), EXIT.usage],
    [
      'an InputValidationError (refused before sending)',
      new InputValidationError({ message: 'bad', issues: [] }),
      EXIT.usage,
    ],
    ['an AuthenticationError', new AuthenticationError({ ...api, status: 401 }), EXIT.refused],
    ['a NoInventoryError', new NoInventoryError(api), EXIT.refused],
    ['a ConflictError', new ConflictError({ ...api, status: 422 }), EXIT.refused],
    ['a NotFoundError', new NotFoundError({ ...api, status: 404 }), EXIT.refused],
    ['a ProviderValidationError', new ProviderValidationError({ ...api, status: 422 }), EXIT.refused],
    ['a RateLimitError (after its retries)', new RateLimitError({ ...api, status: 429 }), EXIT.refused],
    ['a ServerError (5xx)', new ServerError({ ...api, status: 502, outcome: 'unknown' }), EXIT.transport],
    ['a TimeoutError', new TimeoutError({ message: 'slow', scope: 'attempt', timeoutMs: 1 }), EXIT.transport],
    [
      'a ConnectionError',
      new ConnectionError({ message: 'refused', systemCode: 'ECONNREFUSED' }),
      EXIT.transport,
    ],
    [
      'a ResponseValidationError',
      new ResponseValidationError({ message: 'cut', status: 200 }),
      EXIT.transport,
    ],
    [
      'a ReconcileError',
      new ReconcileError({ message: 'lookup failed', outcome: 'unknown' }),
      EXIT.transport,
    ],
    ['the provider having nothing left', NOTHING_LEFT, EXIT.refused],
  ])('%s → %i', (_name, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('batchExitCode: how a command that asked for several items ended', () => {
  const empty = new NoInventoryError(api);
  const down = new ServerError({ ...api, status: 503, outcome: 'unknown' });

  it('everything asked for → 0', () => {
    expect(batchExitCode({ asked: 3, got: 3, cause: undefined })).toBe(EXIT.done);
  });

  it('some but not all (the pool ran dry part way) → 3', () => {
    expect(batchExitCode({ asked: 50, got: 37, cause: empty })).toBe(EXIT.partial);
  });

  it('nothing, the provider refused (an empty pool) → 2', () => {
    expect(batchExitCode({ asked: 5, got: 0, cause: empty })).toBe(EXIT.refused);
  });

  it('nothing, the provider failed → 4', () => {
    expect(batchExitCode({ asked: 5, got: 0, cause: down })).toBe(EXIT.transport);
  });

  it('nothing, interrupted before anything landed → 3', () => {
    expect(batchExitCode({ asked: 5, got: 0, cause: undefined })).toBe(EXIT.partial);
  });
});
