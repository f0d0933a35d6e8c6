/**
 * The simulator's notion of "now", which a test can move forward: DIDWW holds lapse after ten
 * minutes, and no test should wait ten minutes to see it.
 *
 * @example
 * ```ts
 * sim.clock.advance(10 * 60_000); // every DIDWW hold made before now has expired
 * ```
 */
export interface SimClock {
  /** The simulated time, in ms since the epoch. */
  now(): number;
  /** Moves the clock forward by `ms` (not backward: a negative value throws a RangeError). */
  advance(ms: number): void;
  /** The simulated time as a `Date`. */
  date(): Date;
}

/** Options of the simulator's clock. */
export interface SimClockOptions {
  /**
   * A fixed start time (a `Date`, ms since the epoch, or an ISO 8601 string). When set the clock is frozen there and moves only with `advance()`, which
   * makes every timestamp the simulator writes predictable. When unset the clock follows the real
   * time, plus whatever `advance()` added.
   */
  start?: Date | number | string;
}

/** The simulator's side of the clock: `clear()` puts it back where it started. */
export interface ResettableClock extends SimClock {
  reset(): void;
}

/** Builds a {@link SimClock}. */
export function createClock(options: SimClockOptions = {}): ResettableClock {
  const frozenAt = options.start === undefined ? undefined : new Date(options.start).getTime();
  if (frozenAt !== undefined && Number.isNaN(frozenAt))
    throw new RangeError('clock start is not a valid time');
  let offset = 0;
  const now = () => (frozenAt ?? Date.now()) + offset;
  return {
    now,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock.advance() takes a finite ms >= 0');
      offset += ms;
    },
    date: () => new Date(now()),
    reset() {
      offset = 0;
    },
  };
}
