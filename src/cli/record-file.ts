import { closeSync, fsyncSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from './exit-codes.js';

/** The formats the CLI writes records in, chosen by the file's extension. */
export type RecordFormat = 'csv' | 'jsonl';

/** A record: one row of a CSV file, one line of a JSON-lines file. */
export type FileRecord = Readonly<Record<string, string | number | boolean | undefined>>;

/** The format of an output file, from its extension: `.csv`, or `.jsonl` / `.ndjson`. */
export function recordFormatOf(path: string): RecordFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  throw new UsageError(`${path}: the file name must end in .csv or .jsonl (it says which format to write)`);
}

/** One CSV row (RFC 4180 quoting: a link's comma, a quote, a line break are quoted), with its line end. */
export function csvLine(columns: readonly string[], record: FileRecord): string {
  return stringify([columns.map((column) => record[column] ?? '')], { record_delimiter: 'unix' });
}

/** One record as a line of text in `format`, with its line end. */
export function recordLine(format: RecordFormat, columns: readonly string[], record: FileRecord): string {
  if (format === 'csv') return csvLine(columns, record);
  const ordered: Record<string, unknown> = {};
  for (const column of columns) if (record[column] !== undefined) ordered[column] = record[column];
  return `${JSON.stringify(ordered)}\n`;
}

/** The CSV header line of `columns`. */
export function csvHeader(columns: readonly string[]): string {
  return csvLine(columns, Object.fromEntries(columns.map((column) => [column, column])));
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
}

/**
 * How many records a file the CLI wrote holds, checked to be one it can append to: its columns
 * (CSV header), every line whole (a file cut mid-line is refused: its last record may be cut).
 * 0 when the file does not exist or is empty.
 */
export function countRecords(path: string, format: RecordFormat, columns: readonly string[]): number {
  if (!sizeOf(path)) return 0;
  const text = readFileSync(path, 'utf8');
  if (!text.endsWith('\n'))
    throw new UsageError(`${path} ends in the middle of a line: check its last record before resuming`);
  if (format === 'jsonl') {
    const lines = text.split('\n').slice(0, -1);
    lines.forEach((line, index) => {
      try {
        JSON.parse(line);
      } catch {
        throw new UsageError(`${path}: line ${index + 1} is not JSON`);
      }
    });
    return lines.length;
  }
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: false });
  } catch (error) {
    throw new UsageError(`${path} is not CSV the CLI can append to: ${(error as Error).message}`);
  }
  const [header, ...records] = rows;
  if (header?.join(',') !== columns.join(','))
    throw new UsageError(`${path}: its header is not ${columns.join(',')}: not a file this command wrote`);
  return records.length;
}

/**
 * A file records are appended to, each written and flushed to disk (`fsync`) before `append`
 * returns: a crash (even SIGKILL) loses no record that was appended (docs/cli.md, "Links on disk").
 * Created with mode 0600 when new: its records may hold secrets (passphrases, redeem codes).
 */
export class RecordAppender {
  readonly #fd: number;
  readonly #format: RecordFormat;
  readonly #columns: readonly string[];

  /** Opens `path` for appending; writes the CSV header when the file is new or empty. */
  constructor(path: string, format: RecordFormat, columns: readonly string[]) {
    const empty = !sizeOf(path);
    try {
      this.#fd = openSync(path, 'a', 0o600);
    } catch (error) {
      throw new UsageError(`${path}: ${(error as Error).message}`);
    }
    this.#format = format;
    this.#columns = columns;
    if (empty && format === 'csv') this.#write(csvHeader(columns));
  }

  /** Appends one record and flushes it to disk. Throws the system's error (ENOSPC, EIO…). */
  append(record: FileRecord): void {
    this.#write(recordLine(this.#format, this.#columns, record));
  }

  close(): void {
    closeSync(this.#fd);
  }

  #write(text: string): void {
    // The whole line in one write (a regular file takes it whole; the loop is for a short write):
    // a kill leaves the line written or not, and the fsync puts it on disk before the next call.
    const bytes = Buffer.from(text);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written);
    fsyncSync(this.#fd);
  }
}

/**
 * Writes `records` to `path` whole (replacing the file), CSV with its header or JSON lines. Created
 * with mode 0600 when new: its records may hold secrets.
 */
export function writeRecords(
  path: string,
  format: RecordFormat,
  columns: readonly string[],
  records: readonly FileRecord[],
): void {
  const lines = records.map((record) => recordLine(format, columns, record));
  const text = (format === 'csv' ? csvHeader(columns) : '') + lines.join('');
  writeFileSync(path, text, { mode: 0o600 });
}
