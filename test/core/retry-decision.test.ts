import { describe, expect, it } from 'vitest';
import {
  type AttemptVerdict,
  type CallStanding,
  decideRetry,
  type RetryTiming,
  worstOutcome,
} from '../../src/core/retry-decision.js';

const timing: RetryTiming = {
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxRetryAfterMs: 5_000,
  backoff: () => 50,
};

function standing(overrides: Partial<CallStanding> = {}): CallStanding {
  return {
    effect: 'once',
    canLookUp: false,
    attempts: 1,
    maxRetries: 2,
    mayHaveActed: false,
    msLeft: 10_000,
    canAfford: true,
    canRefreshCredential: true,
    ...overrides,
  };
}

const notSent: AttemptVerdict = { outcome: 'not_sent', transient: true };
const rateLimited: AttemptVerdict = { outcome: 'rejected', transient: true, retryAfterMs: 200 };
const gateway503: AttemptVerdict = { outcome: 'unknown', transient: true };
const refused: AttemptVerdict = { outcome: 'rejected', transient: false };
const cutBody: AttemptVerdict = { outcome: 'applied', transient: true };

describe('decideRetry: a once call without a lookup (Arianee reserveOne)', () => {
  it('resends what provably did nothing', () => {
    expect(decideRetry(notSent, standing(), timing)).toEqual({
      action: 'resend',
      delayMs: 50,
      reason: 'backoff',
      lookUpFirst: false,
    });
    expect(decideRetry(rateLimited, standing(), timing)).toMatchObject({
      action: 'resend',
      delayMs: 200,
      reason: 'retry-after',
    });
  });

  it('never resends what may have acted', () => {
    expect(decideRetry(gateway503, standing({ mayHaveActed: true }), timing)).toEqual({ action: 'stop' });
    expect(decideRetry(cutBody, standing({ mayHaveActed: true }), timing)).toEqual({ action: 'stop' });
  });
});

describe('decideRetry: a once call that can look up (Dots.eco, DIDWW creates)', () => {
  const lookUp = standing({ canLookUp: true });

  it('looks up before resending after an unknown outcome', () => {
    expect(decideRetry(gateway503, { ...lookUp, mayHaveActed: true }, timing)).toMatchObject({
      action: 'resend',
      lookUpFirst: true,
    });
  });

  it('resends a 429 without a lookup', () => {
    expect(decideRetry(rateLimited, lookUp, timing)).toMatchObject({ action: 'resend', lookUpFirst: false });
  });

  it('after an applied outcome, only looks up: a resend would make a second one', () => {
    expect(decideRetry(cutBody, { ...lookUp, mayHaveActed: true }, timing)).toEqual({
      action: 'look-up',
      delayMs: 0,
    });
  });

  it('ends with a last lookup when it may have acted and cannot resend', () => {
    const acted = { ...lookUp, mayHaveActed: true };
    expect(decideRetry(gateway503, { ...acted, attempts: 3 }, timing)).toMatchObject({ action: 'look-up' });
    expect(decideRetry(refused, acted, timing)).toMatchObject({ action: 'look-up' });
    expect(decideRetry(rateLimited, { ...acted, canAfford: false }, timing)).toMatchObject({
      action: 'look-up',
    });
    expect(decideRetry({ ...rateLimited, retryAfterMs: 60_000 }, acted, timing)).toMatchObject({
      action: 'look-up',
    });
  });

  it('stops without a lookup when nothing may have acted, or the call must end', () => {
    expect(decideRetry(refused, lookUp, timing)).toEqual({ action: 'stop' });
    expect(decideRetry({ ...gateway503, final: true }, { ...lookUp, mayHaveActed: true }, timing)).toEqual({
      action: 'stop',
    });
    expect(decideRetry(gateway503, { ...lookUp, mayHaveActed: true, msLeft: 0 }, timing)).toEqual({
      action: 'stop',
    });
    const unreadable: AttemptVerdict = { outcome: 'applied', transient: false, unreadable: true };
    expect(decideRetry(unreadable, { ...lookUp, mayHaveActed: true }, timing)).toEqual({ action: 'stop' });
  });
});

describe('decideRetry: reads and idempotent calls', () => {
  it('resend any transient failure, until retries, budget or time run out', () => {
    const read = standing({ effect: 'read' });
    expect(decideRetry({ outcome: 'rejected', transient: true }, read, timing)).toMatchObject({
      action: 'resend',
    });
    expect(
      decideRetry({ outcome: 'unknown', transient: true }, standing({ effect: 'idempotent' }), timing),
    ).toMatchObject({
      action: 'resend',
    });
    expect(decideRetry(notSent, { ...read, attempts: 3 }, timing)).toEqual({ action: 'stop' });
    expect(decideRetry(notSent, { ...read, canAfford: false }, timing)).toEqual({ action: 'stop' });
    expect(decideRetry(notSent, { ...read, msLeft: 40 }, timing)).toEqual({ action: 'stop' });
    expect(decideRetry(refused, read, timing)).toEqual({ action: 'stop' });
  });
});

describe('decideRetry: a 401 refusing a minted bearer token', () => {
  const unauthorized: AttemptVerdict = { outcome: 'rejected', transient: false, credentialRejected: true };
  const refresh = { action: 'resend', delayMs: 0, reason: 'credential-refresh', lookUpFirst: false };

  it('resends once at once, whatever the effect, retries or budget left', () => {
    for (const effect of ['read', 'idempotent', 'once'] as const)
      expect(
        decideRetry(unauthorized, standing({ effect, maxRetries: 0, canAfford: false }), timing),
      ).toEqual(refresh);
  });

  it('stops the second time, and at the deadline', () => {
    expect(decideRetry(unauthorized, standing({ canRefreshCredential: false }), timing)).toEqual({
      action: 'stop',
    });
    expect(decideRetry(unauthorized, standing({ msLeft: 0 }), timing)).toEqual({ action: 'stop' });
  });

  it('a 401 on a key (no minted token) stops, as before', () => {
    expect(decideRetry({ outcome: 'rejected', transient: false }, standing(), timing)).toEqual({
      action: 'stop',
    });
  });
});

describe('worstOutcome', () => {
  it('never lets a later answer undo what an earlier attempt may have done', () => {
    expect(worstOutcome('unknown', 'rejected')).toBe('unknown');
    expect(worstOutcome('not_sent', 'rejected')).toBe('rejected');
    expect(worstOutcome('unknown', 'applied')).toBe('applied');
    expect(worstOutcome('applied', 'not_sent')).toBe('applied');
  });
});
