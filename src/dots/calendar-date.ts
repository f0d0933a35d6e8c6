const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The days a `YYYY-MM-DD` can name. Year 0 is not a calendar year (it is 1 BC), and `toISOString`
 * writes years past 9999 with a sign and six digits (`+010000-01-01`), which no `YYYY-MM-DD` reader
 * takes: such a day is refused, never sent.
 */
export const FIRST_DAY = '0001-01-01';
/** The last day a `YYYY-MM-DD` can name; see {@link FIRST_DAY}. */
export const LAST_DAY = '9999-12-31';

/** A `YYYY-MM-DD` string naming a day that exists (no February 30th, no month 13, no year 0). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1) return false;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The UTC calendar day of a `Date`, as `YYYY-MM-DD` (Dots.eco dates and hours are GMT), or
 * `undefined` for an invalid Date or one outside {@link FIRST_DAY}…{@link LAST_DAY}.
 */
export function formatUtcDate(date: Date): string | undefined {
  const year = date.getUTCFullYear();
  // NaN (an invalid Date) fails both comparisons.
  if (!(year >= 1 && year <= 9999)) return undefined;
  return date.toISOString().slice(0, 10);
}

/** The day after a `YYYY-MM-DD` date, or `undefined` after {@link LAST_DAY}. */
export function nextDay(value: string): string | undefined {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day + 1);
  return formatUtcDate(date);
}
