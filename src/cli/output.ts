import Table from 'cli-table3';
import type { LookupKey, ReservationError } from '../core/errors.js';
import { ApiError } from '../core/errors.js';
import type { CliIo } from './io.js';

/** A column of a table: the record's key and its heading. */
export interface Column<R> {
  heading: string;
  value(record: R): string | number | boolean | undefined | null;
}

// No borders, two spaces between columns: readable in a terminal, and each row one line that grep
// and awk take as it is (as `kubectl get` and `docker ps` print).
const PLAIN = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/** The records as a table, with a heading row; every row one line. `(none)` when there are none. */
export function renderTable<R>(records: readonly R[], columns: readonly Column<R>[]): string {
  if (records.length === 0) return '(none)\n';
  const table = new Table({
    head: columns.map((column) => column.heading),
    chars: PLAIN,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const record of records) table.push(columns.map((column) => String(column.value(record) ?? '')));
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

/** Label/value lines, aligned: a summary. */
export function renderFields(fields: readonly [string, string | number][]): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${value}\n`).join('');
}

/** How a command prints its results: a table for people, JSON for scripts. */
export interface Printer {
  readonly json: boolean;
  /** One JSON document (or one line of a JSON-lines stream) on stdout. */
  jsonLine(value: unknown): void;
  /** Text for people on stdout. */
  text(text: string): void;
  /** A warning or a note on stderr: never a secret. */
  note(text: string): void;
}

export function createPrinter(io: CliIo, json: boolean): Printer {
  return {
    json,
    jsonLine: (value) => io.out(`${JSON.stringify(value)}\n`),
    text: (text) => io.out(text),
    note: (text) => io.err(`${text}\n`),
  };
}

/** What the CLI says about a failure: secret-free (an SDK error never holds one), and what to look up. */
export interface FailureReport {
  name: string;
  code: string;
  outcome: string;
  message: string;
  status?: number;
  providerCode?: string;
  lookupKey?: LookupKey;
}

export function describeFailure(error: ReservationError): FailureReport {
  const report: FailureReport = {
    name: error.name,
    code: error.code,
    outcome: error.outcome,
    message: error.message,
  };
  if (error instanceof ApiError) {
    report.status = error.status;
    if (error.providerCode !== undefined) report.providerCode = error.providerCode;
  }
  if (error.lookupKey !== undefined) report.lookupKey = error.lookupKey;
  return report;
}

/** `externalUniqueId=gift-7` */
export function describeLookupKey(key: LookupKey): string {
  return Object.entries(key)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
}
