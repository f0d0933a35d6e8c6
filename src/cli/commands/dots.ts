import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputValidationError } from '../../core/errors.js';
import { prefilledClaimUrl } from '../../dots/claim-url.js';
import type { CreateManyItem, CreateManyResult } from '../../dots/create-many.js';
import type { CreateEcoClubOfferingParams } from '../../dots/create-params.js';
import type { EcoClubOffering } from '../../dots/offering.js';
import type { CommandContext } from '../context.js';
import { batchExitCode, EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { describeFailure, describeLookupKey, renderFields, renderTable } from '../output.js';
import { createProgress } from '../progress.js';
import type { ProviderFlags } from '../providers.js';
import { type FileRecord, recordFormatOf, writeRecords } from '../record-file.js';

/**
 * An offering as the CLI shows it. `code` and `prefilledClaimUrl` are the redeem code and the URL
 * that holds it: whoever has either can claim the gift, so they go only to `--json` and `--out`.
 */
function offeringRecord(offering: EcoClubOffering) {
  return {
    uuid: offering.uuid,
    externalUniqueId: offering.externalUniqueId,
    quantity: offering.quantity,
    title: offering.title,
    claimUrl: offering.claimUrl,
    code: offering.code,
    prefilledClaimUrl: prefilledClaimUrl(offering),
  };
}

const HIDDEN = '(hidden: --json shows it)';

/** An offering for people: the fields, the redeem code hidden. */
function offeringText(offering: EcoClubOffering, extra: [string, string][] = []): string {
  return renderFields([
    ['uuid', offering.uuid],
    ['external id', offering.externalUniqueId ?? ''],
    ['quantity', offering.quantity],
    ['title', offering.title ?? ''],
    ['claim URL', offering.claimUrl],
    ['redeem code', offering.code === undefined ? '' : HIDDEN],
    ...extra,
  ]);
}

/** The options of `reservekit dots create`. */
export interface DotsCreateOptions {
  quantity: number;
  title?: string;
  externalId?: string;
  mail?: string;
  nameOnCertificate?: string;
  remoteUserId?: string;
  expirationDate?: string;
}

/**
 * `reservekit dots create`: one offering, exactly once. With `--external-id`, `createOrGet`: running
 * the same command again returns the offering it made instead of a second one.
 */
export async function dotsCreate(
  ctx: CommandContext,
  flags: ProviderFlags,
  options: DotsCreateOptions,
): Promise<ExitCode> {
  const client = ctx.providers.dots(flags);
  const params: CreateEcoClubOfferingParams = {
    quantity: options.quantity,
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.externalId === undefined ? {} : { externalUniqueId: options.externalId }),
    ...(options.mail === undefined ? {} : { mail: options.mail }),
    ...(options.nameOnCertificate === undefined ? {} : { nameOnCertificate: options.nameOnCertificate }),
    ...(options.remoteUserId === undefined ? {} : { remoteUserId: options.remoteUserId }),
    ...(options.expirationDate === undefined ? {} : { expirationDate: options.expirationDate }),
  };
  const offerings = client.ecoClubOfferings;
  const { data, meta } = await (options.externalId === undefined
    ? offerings.create(params)
    : offerings.createOrGet(params)
  ).withMeta();
  const existing = meta.existing === true;
  if (ctx.printer.json) ctx.printer.jsonLine({ offering: offeringRecord(data), existing });
  else
    ctx.printer.text(
      offeringText(data, [
        ['created', existing ? 'no: it existed already (same external id and fields)' : 'yes'],
      ]),
    );
  return EXIT.done;
}

/** `reservekit dots find <external-id>`: exit 2 when no offering has it. */
export async function dotsFind(
  ctx: CommandContext,
  flags: ProviderFlags,
  externalId: string,
): Promise<ExitCode> {
  const client = ctx.providers.dots(flags);
  const offering = await client.ecoClubOfferings.findByExternalUniqueId(externalId);
  if (ctx.printer.json) ctx.printer.jsonLine({ offering: offering ? offeringRecord(offering) : null });
  else if (offering) ctx.printer.text(offeringText(offering));
  if (!offering) {
    ctx.printer.note(`reservekit dots find: no offering has the external id ${externalId}`);
    return EXIT.refused;
  }
  return EXIT.done;
}

/** How each column of a `--from` CSV becomes a `createMany` item field (docs/cli.md, "dots create-many"). */
type ColumnKind = 'text' | 'integer' | 'boolean' | 'integers';

const CSV_COLUMNS: Readonly<Record<keyof CreateEcoClubOfferingParams & string, ColumnKind>> = {
  externalUniqueId: 'text',
  quantity: 'integer',
  title: 'text',
  mail: 'text',
  nameOnCertificate: 'text',
  remoteUserId: 'text',
  code: 'text',
  langcode: 'text',
  currency: 'text',
  activationDate: 'text',
  activationHour: 'text',
  expirationDate: 'text',
  expirationHour: 'text',
  maxClaimsTotal: 'integer',
  maxClaimsPerEmail: 'integer',
  sendEmailOnActivationDate: 'boolean',
  limitAllocations: 'integers',
  appToken: 'text',
  roundHours: 'text',
};

function cellValue(kind: ColumnKind, cell: string, where: string): unknown {
  if (kind === 'text') return cell;
  if (kind === 'integer') {
    if (!/^\d+$/.test(cell)) throw new UsageError(`${where}: expected a whole number`);
    return Number(cell);
  }
  if (kind === 'boolean') {
    const value = cell.toLowerCase();
    if (['yes', 'true', '1'].includes(value)) return true;
    if (['no', 'false', '0'].includes(value)) return false;
    throw new UsageError(`${where}: expected yes or no`);
  }
  const parts = cell.split(/[;,\s]+/).filter(Boolean);
  if (!parts.every((part) => /^\d+$/.test(part)))
    throw new UsageError(`${where}: expected allocation ids (whole numbers) separated by ; or ,`);
  return parts.map(Number);
}

/**
 * The items of a `--from` CSV: a header row of field names (`externalUniqueId` and `quantity`
 * required), one offering per row; an empty cell leaves the field unset. Problems name the line and
 * the column, never the value (a code is a secret).
 */
export function readGiftsCsv(path: string, text: string): CreateManyItem[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new UsageError(`${path} is not valid CSV: ${(error as Error).message}`);
  }
  const header = rows.length > 0 ? Object.keys(rows[0] as object) : [];
  const unknown = header.filter((name) => !(name in CSV_COLUMNS));
  if (unknown.length > 0)
    throw new UsageError(
      `${path}: unknown column${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; the columns are ${Object.keys(CSV_COLUMNS).join(', ')}`,
    );
  for (const required of ['externalUniqueId', 'quantity'])
    if (rows.length > 0 && !header.includes(required))
      throw new UsageError(`${path}: the ${required} column is required`);
  return rows.map((row, index) => {
    const line = `${path} line ${index + 2}`;
    const fields: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(row)) {
      if (cell === '') continue;
      const kind = CSV_COLUMNS[column as keyof typeof CSV_COLUMNS];
      fields[column] = cellValue(kind, cell, `${line}, ${column}`);
    }
    const { externalUniqueId, quantity, ...rest } = fields;
    if (typeof externalUniqueId !== 'string') throw new UsageError(`${line}: externalUniqueId is empty`);
    if (typeof quantity !== 'number') throw new UsageError(`${line}: quantity is empty`);
    // Each value has its column's type; createMany checks every field before any request.
    return { ...(rest as Partial<CreateEcoClubOfferingParams>), externalUniqueId, quantity };
  });
}

/** An InputValidationError of `createMany`, its items named by their CSV line (item 0 is line 2). */
function byLine(path: string, error: InputValidationError): UsageError {
  const problems = error.issues.map((issue) => {
    const [index, ...field] = issue.path;
    const where = typeof index === 'number' ? `line ${index + 2}` : 'the file';
    return `${where}${field.length ? `, ${field.join('.')}` : ''}: ${issue.message}`;
  });
  return new UsageError(`${path}: ${problems.join('; ')}`);
}

const RESULT_COLUMNS = [
  'externalUniqueId',
  'status',
  'uuid',
  'code',
  'claimUrl',
  'prefilledClaimUrl',
  'lookupKey',
  'error',
] as const;

/** One record per item: what happened to it, with its offering (and redeem code) when there is one. */
function resultRecords(items: readonly CreateManyItem[], result: CreateManyResult): FileRecord[] {
  const byId = new Map<string, FileRecord>();
  const offered = (status: string) => (entry: { item: CreateManyItem; offering: EcoClubOffering }) => {
    const { uuid, code, claimUrl, prefilledClaimUrl: prefilled } = offeringRecord(entry.offering);
    byId.set(entry.item.externalUniqueId, {
      externalUniqueId: entry.item.externalUniqueId,
      status,
      uuid,
      code,
      claimUrl,
      prefilledClaimUrl: prefilled,
    });
  };
  result.created.forEach(offered('created'));
  result.existing.forEach(offered('existing'));
  for (const { item, error } of result.failed)
    byId.set(item.externalUniqueId, {
      externalUniqueId: item.externalUniqueId,
      status: 'failed',
      error: error.message,
    });
  for (const { item, error, lookupKey } of result.unknown)
    byId.set(item.externalUniqueId, {
      externalUniqueId: item.externalUniqueId,
      status: 'unknown',
      lookupKey: describeLookupKey(lookupKey),
      error: error.message,
    });
  for (const item of result.notStarted)
    byId.set(item.externalUniqueId, { externalUniqueId: item.externalUniqueId, status: 'not started' });
  // In the order of the file.
  return items
    .map((item) => byId.get(item.externalUniqueId))
    .filter((record): record is FileRecord => record !== undefined);
}

/**
 * `reservekit dots create-many --from gifts.csv [--out created.csv]`: `createMany` over the rows; a
 * re-run of the same file creates nothing twice (each row's `externalUniqueId` is its key).
 */
export async function dotsCreateMany(
  ctx: CommandContext,
  flags: ProviderFlags,
  options: { from: string; out?: string; concurrency?: number },
): Promise<ExitCode> {
  const outFormat = options.out === undefined ? undefined : recordFormatOf(options.out);
  let text: string;
  try {
    text = readFileSync(options.from, 'utf8');
  } catch (error) {
    throw new UsageError(`${options.from}: ${(error as Error).message}`);
  }
  const items = readGiftsCsv(options.from, text);
  if (items.length === 0) throw new UsageError(`${options.from} has no rows: nothing to create`);
  const client = ctx.providers.dots(flags);
  const progress = createProgress(ctx.io, 'settled', ctx.progress);
  // Ctrl-C stops launching items; those already sent finish (a create cut off could leave an
  // offering nobody has). What was not started is listed: run the same file again.
  const controller = new AbortController();
  const stopListening = ctx.io.onInterrupt(() => {
    if (controller.signal.aborted) ctx.io.exit(EXIT.partial);
    controller.abort();
    ctx.printer.note(
      'reservekit: stopping: no new item; the items already sent finish. Interrupt again to quit now',
    );
  });
  let result: CreateManyResult;
  try {
    result = await client.ecoClubOfferings.createMany(items, {
      signal: controller.signal,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      onProgress: ({ done, total, created, existing, failed, unknown }) =>
        progress.update(
          done,
          total,
          `created ${created}, existing ${existing}, failed ${failed}, unknown ${unknown}`,
        ),
    });
  } catch (error) {
    if (error instanceof InputValidationError && error.operation === 'dots.ecoClubOfferings.createMany')
      throw byLine(options.from, error);
    throw error;
  } finally {
    progress.stop();
    stopListening();
  }
  const records = resultRecords(items, result);
  if (options.out !== undefined && outFormat !== undefined)
    writeRecords(options.out, outFormat, RESULT_COLUMNS, records);
  const got = result.created.length + result.existing.length;
  const summary = {
    items: items.length,
    created: result.created.length,
    existing: result.existing.length,
    failed: result.failed.map(({ item, error }) => ({
      externalUniqueId: item.externalUniqueId,
      ...describeFailure(error),
    })),
    unknown: result.unknown.map(({ item, error }) => ({
      externalUniqueId: item.externalUniqueId,
      ...describeFailure(error),
    })),
    notStarted: result.notStarted.map((item) => item.externalUniqueId),
    requests: result.requests,
    ...(options.out === undefined ? {} : { out: options.out }),
  };
  if (ctx.printer.json)
    ctx.printer.jsonLine(options.out === undefined ? { ...summary, offerings: records } : summary);
  else ctx.printer.text(createManyText(summary, records, options));
  const cause = result.stoppedBy ?? result.failed[0]?.error ?? result.unknown[0]?.error;
  return batchExitCode({ asked: items.length, got, cause });
}

function createManyText(
  summary: {
    items: number;
    created: number;
    existing: number;
    notStarted: string[];
    failed: unknown[];
    unknown: unknown[];
  },
  records: readonly FileRecord[],
  options: { from: string; out?: string },
): string {
  // The redeem codes go only to --out or --json: the table shows what happened, not the codes.
  let text = renderTable(records, [
    { heading: 'EXTERNAL ID', value: (record) => record.externalUniqueId },
    { heading: 'STATUS', value: (record) => record.status },
    { heading: 'UUID', value: (record) => record.uuid },
    {
      heading: 'DETAIL',
      value: (record) =>
        [record.lookupKey && `look up ${record.lookupKey}`, record.error].filter(Boolean).join(': '),
    },
  ]);
  text += `\n${renderFields([
    ['items', summary.items],
    ['created', summary.created],
    ['existing', `${summary.existing} (made by an earlier run: not sent again)`],
    ['failed', summary.failed.length],
    ['unknown', summary.unknown.length],
    ['not started', summary.notStarted.length],
    ...(options.out === undefined ? [] : ([['written to', options.out]] as [string, string][])),
  ])}`;
  const advice: string[] = [];
  if (summary.unknown.length > 0 || summary.notStarted.length > 0)
    advice.push(
      `run the same command again (reservekit dots create-many --from ${options.from}): it looks up each unknown item by its external id before creating anything, and starts what was not started`,
    );
  if (summary.unknown.length > 0) advice.push('or look one up: reservekit dots find <external id>');
  if (options.out === undefined && summary.created + summary.existing > 0)
    advice.push('the redeem codes are not shown here: --out created.csv or --json writes them');
  if (advice.length > 0) text += `\nWhat to do:\n${advice.map((line) => `  ${line}\n`).join('')}`;
  return text;
}
