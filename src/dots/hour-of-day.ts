/** How an hour that is not on a 15-minute step is handled; unset means it is refused. */
export type RoundHours = 'nearest' | 'down' | 'up';

/** `HH:MM` or `HH:MM:SS`, 24-hour clock. */
export const HOUR_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

const STEP_SECONDS = 15 * 60;
const DAY_SECONDS = 24 * 60 * 60;

/** Seconds since midnight of an hour matching {@link HOUR_PATTERN}. */
export function secondsOfHour(value: string): number {
  const match = HOUR_PATTERN.exec(value);
  if (!match) throw new RangeError('not an hour');
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

/** Whether Dots.eco takes this time as is (:00, :15, :30 or :45, zero seconds). */
export function isOnQuarterHour(seconds: number): boolean {
  return seconds % STEP_SECONDS === 0;
}

/**
 * Moves a time to a 15-minute step. The result may be 86,400 (midnight of the next day) when
 * rounding up past 23:45; the caller decides what that means.
 */
export function roundToQuarterHour(seconds: number, mode: RoundHours): number {
  const steps = seconds / STEP_SECONDS;
  const rounded = mode === 'down' ? Math.floor(steps) : mode === 'up' ? Math.ceil(steps) : Math.round(steps);
  return rounded * STEP_SECONDS;
}

/** `HH:MM:SS`, the form the Dots.eco docs use. */
export function formatHour(seconds: number): string {
  const within = seconds % DAY_SECONDS;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(within / 3600))}:${pad(Math.floor((within % 3600) / 60))}:${pad(within % 60)}`;
}

export const SECONDS_PER_DAY = DAY_SECONDS;
