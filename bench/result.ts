import type { MeasurementId } from './cli-options.js';

/** One goal of the issue, checked against one measured value. */
export interface GoalCheck {
  /** e.g. `Throughput, concurrency 32`. */
  name: string;
  /** The measured value the goal is about (a ratio, µs, KB, MB). */
  value: number;
  /** The value as printed, e.g. `0.93× raw`. */
  shown: string;
  /** The goal as printed, e.g. `≥ 0.90× raw`. */
  goal: string;
  /** `undefined` for a value shown next to the goals without a goal of its own. */
  pass: boolean | undefined;
}

/** A value shown in the goals table for context, with no goal. */
export function shownOnly(name: string, value: number, shown: string): GoalCheck {
  return { name, value, shown, goal: '—', pass: undefined };
}

/** A table of absolute numbers for the report: printed, never compared against a goal. */
export interface DetailTable {
  title: string;
  columns: string[];
  rows: string[][];
  notes?: string[];
}

export interface MeasurementResult {
  id: MeasurementId;
  title: string;
  checks: GoalCheck[];
  details: DetailTable[];
  /** Everything measured, for results.json. */
  data: unknown;
  /** The measurement could not run (its error is in `data`). */
  failed?: boolean;
}

/** A goal of the form `value ≥ limit`. */
export function atLeast(name: string, value: number, limit: number, unit: string, digits = 2): GoalCheck {
  return {
    name,
    value,
    shown: `${value.toFixed(digits)}${unit}`,
    goal: `≥ ${limit.toFixed(digits)}${unit}`,
    pass: value >= limit,
  };
}

/** A goal of the form `value ≤ limit` (or `<` when `strict`). */
export function atMost(
  name: string,
  value: number,
  limit: number,
  unit: string,
  digits = 2,
  strict = false,
): GoalCheck {
  return {
    name,
    value,
    shown: `${value.toFixed(digits)}${unit}`,
    goal: `${strict ? '<' : '≤'} ${limit.toFixed(digits)}${unit}`,
    pass: strict ? value < limit : value <= limit,
  };
}

export function fixed(value: number, digits = 1): string {
  return value.toFixed(digits);
}

/** Rounded, with thousands separators, for call rates and counts. */
export function grouped(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
