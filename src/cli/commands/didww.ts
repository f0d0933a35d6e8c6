import { NotFoundError, ReservationError } from '../../core/errors.js';
import type { DidwwClient } from '../../didww/client.js';
import type { DidReservation } from '../../didww/did-reservation-model.js';
import type { CommandContext } from '../context.js';
import { batchExitCode, EXIT, type ExitCode, NOTHING_LEFT, UsageError } from '../exit-codes.js';
import {
  type Column,
  describeFailure,
  describeLookupKey,
  type FailureReport,
  renderTable,
} from '../output.js';
import type { ProviderFlags } from '../providers.js';

/** `reservekit didww countries [--iso GB]` */
export async function didwwCountries(
  ctx: CommandContext,
  flags: ProviderFlags,
  options: { iso?: string },
): Promise<ExitCode> {
  const client = ctx.providers.didww(flags);
  const { data } = await client.countries.list(
    options.iso === undefined ? {} : { filter: { iso: options.iso } },
  );
  if (ctx.printer.json) ctx.printer.jsonLine({ countries: data });
  else
    ctx.printer.text(
      renderTable(data, [
        { heading: 'ID', value: (country) => country.id },
        { heading: 'ISO', value: (country) => country.iso },
        { heading: 'NAME', value: (country) => country.name },
        { heading: 'PREFIX', value: (country) => (country.prefix === null ? '' : `+${country.prefix}`) },
      ]),
    );
  return EXIT.done;
}

// A DIDWW country id is a UUID; two letters are an ISO code to look up.
const ISO_CODE = /^[A-Za-z]{2}$/;

/** The DIDWW id of `country`: an id as given, an ISO code looked up (`countries.list`). */
async function countryId(client: DidwwClient, country: string): Promise<string> {
  if (!ISO_CODE.test(country)) return country;
  const [found] = (await client.countries.list({ filter: { iso: country } })).data;
  if (!found)
    throw new NotFoundError({
      message: `DIDWW has no country ${country.toUpperCase()} (reservekit didww countries lists them)`,
      status: 404,
      provider: 'didww',
      operation: 'didww.countries.list',
    });
  return found.id;
}

/** `reservekit didww numbers --country GB [--city id] [--limit N]` */
export async function didwwNumbers(
  ctx: CommandContext,
  flags: ProviderFlags,
  options: { country: string; city?: string; limit: number },
): Promise<ExitCode> {
  const client = ctx.providers.didww(flags);
  const filter = {
    countryId: await countryId(client, options.country),
    ...(options.city === undefined ? {} : { cityId: options.city }),
  };
  const { data, meta } = await client.availableDids.list({ filter, include: 'didGroup' });
  const numbers = data.slice(0, options.limit).map((did) => ({
    id: did.id,
    number: did.number,
    areaName: did.didGroup?.areaName,
    features: did.didGroup?.features ?? [],
  }));
  if (ctx.printer.json) ctx.printer.jsonLine({ numbers, totalCount: meta.totalCount });
  else {
    ctx.printer.text(
      renderTable(numbers, [
        { heading: 'ID', value: (did) => did.id },
        { heading: 'NUMBER', value: (did) => `+${did.number}` },
        { heading: 'AREA', value: (did) => did.areaName },
        { heading: 'FEATURES', value: (did) => did.features.join(',') },
      ]),
    );
    if (meta.totalCount > numbers.length)
      ctx.printer.note(`${numbers.length} of ${meta.totalCount} numbers in stock shown (--limit)`);
  }
  return EXIT.done;
}

const HOLD_COLUMNS: readonly Column<DidReservation & { status?: string }>[] = [
  { heading: 'HOLD ID', value: (hold) => hold.id },
  { heading: 'NUMBER', value: (hold) => (hold.availableDid ? `+${hold.availableDid.number}` : '') },
  { heading: 'AVAILABLE DID', value: (hold) => hold.availableDidId },
  { heading: 'DESCRIPTION', value: (hold) => hold.description },
  { heading: 'EXPIRES', value: (hold) => hold.expiresAt.toISOString() },
];

/** The options of `reservekit didww hold`. */
export interface HoldOptions {
  description?: string;
  country?: string;
  count?: number;
}

/**
 * `reservekit didww hold <available-did-id>…` (each number held, in turn) or `--country GB --count 3
 * --description …` (a block, with `holdMany`: a re-run tops it up, never doubles it).
 */
export async function didwwHold(
  ctx: CommandContext,
  flags: ProviderFlags,
  ids: readonly string[],
  options: HoldOptions,
): Promise<ExitCode> {
  const block = options.country !== undefined || options.count !== undefined;
  if (block && ids.length > 0)
    throw new UsageError('reservekit didww hold: give available DID ids, or --country and --count, not both');
  if (!block && ids.length === 0)
    throw new UsageError(
      'reservekit didww hold: give available DID ids, or --country GB --count 3 --description …',
    );
  if (
    block &&
    (options.country === undefined || options.count === undefined || options.description === undefined)
  )
    throw new UsageError(
      "reservekit didww hold: a block needs --country, --count and --description (the block's name: a re-run finds its holds by it)",
    );
  const client = ctx.providers.didww(flags);
  return block
    ? holdBlock(ctx, client, options as Required<HoldOptions>)
    : holdEach(ctx, client, ids, options.description);
}

interface Failure {
  target: string;
  error: ReservationError;
}

function failureRecord({ target, error }: Failure): FailureReport & { target: string } {
  return { target, ...describeFailure(error) };
}

/** Failures, and for those whose outcome is unknown what to look up: on stdout, after the table. */
function failureText(failures: readonly Failure[], whatToDo: string): string {
  if (failures.length === 0) return '';
  const lines = failures.map(({ target, error }) => {
    const lookup = error.lookupKey ? ` (look up: ${describeLookupKey(error.lookupKey)})` : '';
    return `  ${target}: ${error.name} [${error.outcome}]: ${error.message}${lookup}\n`;
  });
  const unknown = failures.some(({ error }) => error.outcome === 'unknown' || error.outcome === 'applied');
  return `\nFailed:\n${lines.join('')}${unknown ? `\nWhat to do:\n  ${whatToDo}\n` : ''}`;
}

const UNKNOWN_HOLD_ADVICE =
  'a hold marked unknown or applied may exist: `reservekit didww holds` lists yours (it lapses by itself after 10 minutes)';

function asFailure(target: string, error: unknown): Failure {
  if (error instanceof ReservationError) return { target, error };
  throw error;
}

async function holdEach(
  ctx: CommandContext,
  client: DidwwClient,
  ids: readonly string[],
  description: string | undefined,
): Promise<ExitCode> {
  const holds: (DidReservation & { status: string })[] = [];
  const failures: Failure[] = [];
  for (const availableDidId of ids) {
    try {
      holds.push(
        await client.didReservations.create({
          availableDidId,
          ...(description === undefined ? {} : { description }),
          include: 'availableDid',
        }),
      );
    } catch (error) {
      failures.push(asFailure(availableDidId, error));
    }
  }
  if (ctx.printer.json) ctx.printer.jsonLine({ holds, failed: failures.map(failureRecord) });
  else
    ctx.printer.text(
      renderTable(holds, [...HOLD_COLUMNS, { heading: 'STATUS', value: (hold) => hold.status }]) +
        failureText(failures, UNKNOWN_HOLD_ADVICE),
    );
  return batchExitCode({ asked: ids.length, got: holds.length, cause: failures[0]?.error });
}

async function holdBlock(
  ctx: CommandContext,
  client: DidwwClient,
  options: Required<HoldOptions>,
): Promise<ExitCode> {
  const result = await client.didReservations.holdMany({
    filter: { countryId: await countryId(client, options.country) },
    count: options.count,
    description: options.description,
  });
  const failures = result.error ? [{ target: options.description, error: result.error }] : [];
  if (ctx.printer.json)
    ctx.printer.jsonLine({
      holds: result.holds,
      existing: result.existing,
      shortfall: result.shortfall ?? null,
      failed: failures.map(failureRecord),
    });
  else {
    let text = renderTable(result.holds, HOLD_COLUMNS);
    text += `\n${result.holds.length} of ${options.count} held (${result.existing} by an earlier run)${result.shortfall ? `; short: ${SHORTFALL[result.shortfall]}` : ''}\n`;
    ctx.printer.text(text + failureText(failures, UNKNOWN_HOLD_ADVICE));
  }
  const cause =
    result.error ??
    (result.shortfall === 'no_stock' || result.shortfall === 'plan_limit' ? NOTHING_LEFT : undefined);
  return batchExitCode({ asked: options.count, got: result.holds.length, cause });
}

const SHORTFALL = {
  no_stock: 'no number left to try in stock',
  plan_limit: "your plan's hold limit is reached",
  aborted: 'interrupted',
  failed: 'a request failed (below)',
} as const;

/** `reservekit didww holds`: every hold of yours, every page. */
export async function didwwHolds(ctx: CommandContext, flags: ProviderFlags): Promise<ExitCode> {
  const client = ctx.providers.didww(flags);
  const holds: DidReservation[] = [];
  for await (const hold of client.didReservations.list({ include: 'availableDid' })) holds.push(hold);
  if (ctx.printer.json) ctx.printer.jsonLine({ holds });
  else ctx.printer.text(renderTable(holds, HOLD_COLUMNS));
  return EXIT.done;
}

/** `reservekit didww release <hold-id>…`: a hold already gone counts as released (DIDWW's delete is idempotent). */
export async function didwwRelease(
  ctx: CommandContext,
  flags: ProviderFlags,
  ids: readonly string[],
): Promise<ExitCode> {
  const client = ctx.providers.didww(flags);
  const released: { id: string; released: boolean }[] = [];
  const failures: Failure[] = [];
  for (const id of ids) {
    try {
      released.push({ id, ...(await client.didReservations.delete(id)) });
    } catch (error) {
      failures.push(asFailure(id, error));
    }
  }
  if (ctx.printer.json) ctx.printer.jsonLine({ released, failed: failures.map(failureRecord) });
  else
    ctx.printer.text(
      renderTable(released, [
        { heading: 'HOLD ID', value: (entry) => entry.id },
        { heading: 'RESULT', value: (entry) => (entry.released ? 'released' : 'already gone') },
      ]) + failureText(failures, 'run the same release again: releasing twice is harmless'),
    );
  return batchExitCode({ asked: ids.length, got: released.length, cause: failures[0]?.error });
}
