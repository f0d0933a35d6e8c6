import { parseArianeeLink } from '../../arianee/parse-link.js';
import type { ArianeeLinkObject } from '../../arianee/reservation.js';
import type { ArianeeBatchOutcome } from '../../arianee/reservation-run.js';
import type { CommandContext } from '../context.js';
import { batchExitCode, EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { describeFailure, renderFields } from '../output.js';
import { createProgress } from '../progress.js';
import type { ProviderFlags } from '../providers.js';
import { countRecords, RecordAppender, recordFormatOf } from '../record-file.js';

/** The options of `reservekit arianee reserve`. */
export interface ReserveOptions {
  tags: string;
  count: number;
  format: 'link' | 'linkObject';
  concurrency?: number;
  maxFailures?: number;
  out?: string;
  resume?: boolean;
}

/** A reserved passport as the CLI stores it: a row of the CSV, a line of the JSON-lines file. */
export interface LinkRecord {
  certificateId: number | undefined;
  passphrase: string | undefined;
  link: string;
}

/** The columns of a links file, in order. */
export const LINK_COLUMNS = ['certificateId', 'passphrase', 'link'] as const;

/** A reservation of either format as a {@link LinkRecord}. */
export function linkRecord(reservation: string | ArianeeLinkObject): LinkRecord {
  if (typeof reservation !== 'string') {
    const { certificateId, passphrase, deeplink } = reservation;
    return { certificateId, passphrase, link: deeplink.link };
  }
  try {
    const { certificateId, passphrase } = parseArianeeLink(reservation);
    return { certificateId, passphrase, link: reservation };
  } catch {
    // A link of another shape is stored as it came: it is the passport, whatever its form.
    return { certificateId: undefined, passphrase: undefined, link: reservation };
  }
}

/** Where the links go: a file (appended and flushed link by link), or JSON lines on stdout. */
interface LinkSink {
  /** Links already in the file before this run (`--resume`). */
  readonly already: number;
  /** Stores one link; `false` when it could not and printed it on stdout instead. */
  store(record: LinkRecord): boolean;
  /** Why the file could no longer be written, if it could not. */
  readonly failure: Error | undefined;
  close(): void;
}

function fileSink(ctx: CommandContext, path: string, appender: RecordAppender, already: number): LinkSink {
  let failure: Error | undefined;
  return {
    already,
    get failure() {
      return failure;
    },
    store(record) {
      if (!failure) {
        try {
          appender.append({ ...record });
          return true;
        } catch (error) {
          failure = error as Error;
          ctx.printer.note(
            `reservekit: could not write ${path} (${failure.message}): the links that land from now on are printed on stdout, their only copy`,
          );
        }
      }
      ctx.printer.jsonLine({ type: 'passport', ...record });
      return false;
    },
    close() {
      appender.close();
    },
  };
}

/** Links as JSON lines on stdout (`--json` without `--out`). */
const stdoutSink = (ctx: CommandContext): LinkSink => ({
  already: 0,
  failure: undefined,
  store: (record) => {
    ctx.printer.jsonLine({ type: 'passport', ...record });
    return true;
  },
  close: () => undefined,
});

/**
 * `reservekit arianee reserve`: reserves `count` passports with `reserveStream` and stores each link
 * the moment it lands, before the next call is let go (docs/cli.md, "arianee reserve").
 */
export async function arianeeReserve(
  ctx: CommandContext,
  flags: ProviderFlags,
  options: ReserveOptions,
): Promise<ExitCode> {
  if (options.out === undefined && !ctx.printer.json)
    throw new UsageError(
      'reservekit arianee reserve: say where the links go: --out links.csv (or .jsonl), or --json to print them as JSON lines. They hold passphrases: no table shows them',
    );
  const file =
    options.out === undefined ? undefined : { path: options.out, format: recordFormatOf(options.out) };
  const already = file ? countRecords(file.path, file.format, LINK_COLUMNS) : 0;
  if (file && already > 0 && !options.resume)
    throw new UsageError(
      `${file.path} already holds ${already} links: --resume reserves only those still missing of --count ${options.count}, or write to another file`,
    );
  const wanted = options.count - already;
  if (wanted <= 0) {
    const sink = { ...stdoutSink(ctx), already };
    report(ctx, options, { wanted: 0, reserved: 0, sink, outcome: undefined });
    return EXIT.done;
  }

  const client = ctx.providers.arianee(flags);
  const tags = options.tags.split(',').map((tag) => tag.trim());
  const controller = new AbortController();
  // Checked before anything is sent (InputValidationError); calls start with the loop.
  const stream = client.reserveStream(
    {
      tags,
      count: wanted,
      format: options.format,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.maxFailures === undefined ? {} : { maxFailures: options.maxFailures }),
    },
    { signal: controller.signal },
  );
  // Opened before the first call (a file that cannot be written refuses the run, nothing taken).
  const sink = file
    ? fileSink(ctx, file.path, new RecordAppender(file.path, file.format, LINK_COLUMNS), already)
    : stdoutSink(ctx);
  const progress = createProgress(ctx.io, 'reserved', ctx.progress);
  let interrupted = false;
  const stopListening = ctx.io.onInterrupt(() => {
    if (interrupted) ctx.io.exit(EXIT.partial);
    interrupted = true;
    controller.abort();
    ctx.printer.note(
      'reservekit: stopping: no new call; the calls in flight finish and their links are kept. Interrupt again to quit now and lose them',
    );
  });
  let reserved = 0;
  const take = (reservation: string | ArianeeLinkObject) => {
    if (!sink.store(linkRecord(reservation))) controller.abort();
    reserved += 1;
    progress.update(already + reserved, options.count);
  };
  try {
    for await (const reservation of stream) take(reservation);
    const outcome = await stream.summary();
    // Only a loop left early leaves passports here; kept all the same.
    for (const reservation of outcome.undelivered) take(reservation);
    progress.stop();
    report(ctx, options, { wanted, reserved, sink, outcome });
    const cause =
      sink.failure || (outcome.aborted && !outcome.exhausted)
        ? undefined
        : (outcome.stoppedBy ?? outcome.failed.at(-1)?.error);
    return batchExitCode({ asked: wanted, got: reserved, cause });
  } finally {
    progress.stop();
    stopListening();
    sink.close();
  }
}

interface Ending {
  wanted: number;
  reserved: number;
  sink: LinkSink;
  outcome: ArianeeBatchOutcome | undefined;
}

/** The summary: on stdout, as a table or the last JSON line; and what to do about what is missing. */
function report(ctx: CommandContext, options: ReserveOptions, end: Ending): void {
  const { outcome, sink } = end;
  const failed = outcome?.failed ?? [];
  const unknown = outcome?.unknownOutcomes ?? 0;
  const advice: string[] = [];
  if (unknown > 0)
    advice.push(
      `${unknown} call${unknown === 1 ? '' : 's'} may have reserved a passport whose link never arrived (the NMP has no lookup): reset unclaimed passports tagged ${options.tags} in the NMP back office`,
    );
  const stored = sink.already + end.reserved;
  if (end.reserved < end.wanted && options.out !== undefined)
    advice.push(
      `to reserve the ${options.count - stored} still missing later, run the same command with --resume`,
    );
  if (sink.failure)
    advice.push(
      `${options.out} could not be written: the links printed on stdout after that are their only copy`,
    );
  const summary = {
    type: 'summary',
    asked: options.count,
    alreadyStored: sink.already,
    reserved: end.reserved,
    ...(options.out === undefined ? {} : { out: options.out, stored }),
    poolEmpty: outcome?.exhausted ?? false,
    interrupted: (outcome?.aborted ?? false) && !sink.failure,
    stoppedBy: outcome?.stoppedBy ? describeFailure(outcome.stoppedBy) : null,
    failed: failed.map(({ error, mayHaveReserved }) => ({ ...describeFailure(error), mayHaveReserved })),
    unknownOutcomes: unknown,
    advice,
  };
  if (ctx.printer.json) {
    ctx.printer.jsonLine(summary);
    return;
  }
  const fields: [string, string | number][] = [
    [
      'reserved',
      `${end.reserved} of ${end.wanted} asked${sink.already ? ` (${sink.already} were already in the file)` : ''}`,
    ],
  ];
  if (options.out !== undefined) fields.push(['stored', `${stored} links in ${options.out}`]);
  fields.push(
    ['pool empty', summary.poolEmpty ? 'yes' : 'no'],
    ['interrupted', summary.interrupted ? 'yes' : 'no'],
    ['failed calls', failed.length],
    ['unknown outcomes', unknown],
  );
  if (outcome?.stoppedBy && !outcome.exhausted) fields.push(['stopped by', outcome.stoppedBy.message]);
  let text = renderFields(fields);
  if (failed.length > 0)
    text += `\nFailed calls:\n${failed
      .map(
        ({ error, mayHaveReserved }) =>
          `  ${error.name} (${mayHaveReserved ? 'may have reserved' : 'nothing reserved'}): ${error.message}\n`,
      )
      .join('')}`;
  if (advice.length > 0) text += `\nWhat to do:\n${advice.map((line) => `  ${line}\n`).join('')}`;
  ctx.printer.text(text);
}
