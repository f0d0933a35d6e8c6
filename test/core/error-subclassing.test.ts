import { describe, expect, it, vi } from 'vitest';
import * as errors from '../../src/core/errors.js';
import {
  ApiError,
  ConflictError,
  NoInventoryError,
  NotFoundError,
  ProviderValidationError,
  ReservationError,
} from '../../src/core/errors.js';

// A wrapper SDK subclasses our errors to add its own meaning (docs/errors.md, "Subclassing errors").
// Our classes are matched by brand (so that two copies of reservekit agree); a class the user defines
// is matched as JavaScript always does, by its prototype chain.

const init = { status: 400, message: 'pool empty', provider: 'arianee' as const };

class TenantPoolEmpty extends NoInventoryError {}
class VipPoolEmpty extends TenantPoolEmpty {}
class AcmeError extends ReservationError {}

describe('a subclass the user defines', () => {
  it('does not match a plain instance of the class it extends', () => {
    const plain = new NoInventoryError(init);
    expect(plain).not.toBeInstanceOf(TenantPoolEmpty);
    expect(plain).not.toBeInstanceOf(VipPoolEmpty);
  });

  it('extending ReservationError does not match every reservekit error', () => {
    expect(new NoInventoryError(init)).not.toBeInstanceOf(AcmeError);
    expect(new ReservationError({ message: 'x', code: 'api_error' })).not.toBeInstanceOf(AcmeError);
  });

  it('matches its own instances and those of its subclasses', () => {
    expect(new TenantPoolEmpty(init)).toBeInstanceOf(TenantPoolEmpty);
    expect(new VipPoolEmpty(init)).toBeInstanceOf(TenantPoolEmpty);
    expect(new VipPoolEmpty(init)).toBeInstanceOf(VipPoolEmpty);
    expect(new TenantPoolEmpty(init)).not.toBeInstanceOf(VipPoolEmpty);
    expect(new AcmeError({ message: 'x', code: 'api_error' })).toBeInstanceOf(AcmeError);
  });

  it('does not match a sibling subclass', () => {
    class TenantNotFound extends NotFoundError {}
    expect(new TenantNotFound(init)).not.toBeInstanceOf(TenantPoolEmpty);
    expect(new TenantPoolEmpty(init)).not.toBeInstanceOf(TenantNotFound);
  });

  it('has instances that are still instances of every class of ours above it', () => {
    const error = new VipPoolEmpty(init);
    expect(error).toBeInstanceOf(NoInventoryError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(ReservationError);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('no_inventory');
    expect(error.name).toBe('VipPoolEmpty');
  });

  it('cannot take over one of our brands by declaring its own kind', () => {
    class Impostor extends ApiError {
      static override readonly kind: string = 'NoInventoryError';
    }
    expect(new Impostor(init)).not.toBeInstanceOf(NoInventoryError);
    expect(new NoInventoryError(init)).not.toBeInstanceOf(Impostor);
    expect(new Impostor(init)).toBeInstanceOf(ApiError);
  });
});

describe('across two copies of reservekit', () => {
  // A second module instance stands for a second installed copy (or the other build).
  async function secondCopy(): Promise<typeof import('../../src/core/errors.js')> {
    vi.resetModules();
    const copy = await import('../../src/core/errors.js');
    expect(copy.NoInventoryError).not.toBe(NoInventoryError);
    return copy;
  }

  it('every error class of ours is branded: each matches the other copy’s instances of it', async () => {
    const other = await secondCopy();
    // One init with every class's fields: each constructor takes what it needs.
    const everyField = { ...init, issues: [], scope: 'total' as const, timeoutMs: 1 };
    const classes = Object.entries(errors).filter(
      (entry): entry is [string, typeof ReservationError] =>
        typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
    );
    expect(classes.length).toBeGreaterThanOrEqual(16);
    for (const [name, ours] of classes) {
      const theirs = (other as unknown as Record<string, new (init: typeof everyField) => Error>)[name];
      if (!theirs) throw new Error(`${name} is missing from the second copy`);
      const error = new theirs(everyField);
      expect(error, name).toBeInstanceOf(ours);
      expect(error.name).toBe(name);
    }
  });

  it('our classes still match the other copy’s instances', async () => {
    const other = await secondCopy();
    expect(new other.ConflictError(init)).toBeInstanceOf(ConflictError);
    expect(new other.ConflictError(init)).toBeInstanceOf(ProviderValidationError);
    expect(new ConflictError(init)).toBeInstanceOf(other.ApiError);
    expect(new other.NotFoundError(init)).not.toBeInstanceOf(NoInventoryError);
  });

  it('a subclass of the other copy’s class is an instance of ours', async () => {
    const other = await secondCopy();
    class OtherTenantPoolEmpty extends other.NoInventoryError {}
    const error = new OtherTenantPoolEmpty(init);
    expect(error).toBeInstanceOf(NoInventoryError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(ReservationError);
    expect(error).toBeInstanceOf(OtherTenantPoolEmpty);
  });

  it('a user subclass does not match the other copy’s plain instances', async () => {
    const other = await secondCopy();
    expect(new other.NoInventoryError(init)).not.toBeInstanceOf(TenantPoolEmpty);
    expect(new other.ConflictError(init)).not.toBeInstanceOf(AcmeError);
  });
});
