import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ReservationError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { arianeeReserve, type ReserveOptions } from './commands/arianee-reserve.js';
import {
  didwwCountries,
  didwwHold,
  didwwHolds,
  didwwNumbers,
  didwwRelease,
  type HoldOptions,
} from './commands/didww.js';
import { type DotsCreateOptions, dotsCreate, dotsCreateMany, dotsFind } from './commands/dots.js';
import { type SimulateOptions, simulate } from './commands/simulate.js';
import type { CommandContext } from './context.js';
import { EXIT, EXIT_CODES_HELP, type ExitCode, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';
import { createPrinter, describeFailure } from './output.js';
import { Providers, SETTINGS } from './providers.js';

/** A whole number within `min`…`max`, for commander to parse an option with. */
function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max)
      throw new InvalidArgumentError(
        `${name} takes a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}.`,
      );
    return number;
  };
}

function settingOption(setting: { flag: string; env: string }, argument: string, what: string): Option {
  return new Option(`${setting.flag} <${argument}>`, `${what} (default: $${setting.env})`);
}

const TOP_HELP = `
Environment variables (a flag of the same meaning wins):
  RESERVEKIT_ARIANEE_BASE_URL, RESERVEKIT_ARIANEE_API_KEY
  RESERVEKIT_DIDWW_API_KEY, RESERVEKIT_DIDWW_ENV (sandbox|production), RESERVEKIT_DIDWW_BASE_URL, RESERVEKIT_DIDWW_TOKEN_URL
  RESERVEKIT_DOTS_AUTH_TOKEN, RESERVEKIT_DOTS_APP_TOKEN, RESERVEKIT_DOTS_BASE_URL

Secrets (passphrases, redeem codes) go only to --out files and --json output, never to a table or stderr.

${EXIT_CODES_HELP}

Examples:
  reservekit arianee reserve --tags vip --count 50 --out vip.csv
  reservekit didww numbers --country GB --limit 5
  reservekit dots create-many --from gifts.csv --out created.csv
  reservekit simulate --port 4010
  reservekit arianee reserve --tags vip --count 3 --json --simulator   # no credentials needed

Full guide: docs/cli.md in the package (node_modules/reservekit/docs/cli.md).
`;

/**
 * Builds the `reservekit` command: its subcommands run against `io` and report their exit status
 * through `setExit` (docs/cli.md).
 */
export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  let providers: Providers | undefined;

  /** Runs a command with its context; the clients it made are closed after it. */
  const run =
    <A extends unknown[]>(
      body: (ctx: CommandContext, flags: Record<string, unknown>, ...args: A) => Promise<ExitCode>,
    ) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const flags = command.optsWithGlobals<Record<string, unknown>>();
      providers = new Providers(io.env, flags.simulator === true);
      const ctx: CommandContext = {
        io,
        printer: createPrinter(io, flags.json === true),
        providers,
        progress: flags.progress !== false,
      };
      try {
        // commander passes the arguments, then the command's own options, then the command.
        setExit(await body(ctx, flags, ...(args.slice(0, -1) as A)));
      } finally {
        await providers.close();
      }
    };

  const program = new Command('reservekit')
    .description(
      'Reserve Arianee passports, DIDWW numbers and Dots.eco gifts from the command line, or serve a simulator of the three.',
    )
    .version(VERSION, '-V, --version')
    .option('--json', 'print JSON for scripts: one document, or JSON lines for streams')
    .option(
      '--simulator',
      'run against a simulator in this process (no credentials, nothing leaves the machine)',
    )
    .option('--no-progress', 'no progress on stderr')
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .addHelpText('after', TOP_HELP);

  const arianee = program
    .command('arianee')
    .description('Arianee NMP: reserve digital passports from a tagged pool')
    .addOption(settingOption(SETTINGS.arianee.baseUrl, 'url', "the brand's NMP host"))
    .addOption(settingOption(SETTINGS.arianee.apiKey, 'key', 'an NMP API key with the certCreate right'));
  arianee
    .command('reserve')
    .description(
      'reserve passports and store each link the moment it lands: appended and flushed to --out (a crash loses none), or JSON lines on stdout (--json)',
    )
    .requiredOption('--tags <tags>', "the pool's tag (several: comma-separated)")
    .requiredOption('--count <n>', 'how many passports', wholeNumber('--count', 1))
    .addOption(
      new Option('--format <format>', 'what the NMP is asked for')
        .choices(['link', 'linkObject'])
        .default('linkObject'),
    )
    .option(
      '--concurrency <n>',
      'calls in flight at once, 1-64 (default 4): also the most a kill can cost',
      wholeNumber('--concurrency', 1, 64),
    )
    .option(
      '--max-failures <n>',
      'stop after this many failed calls (default 10)',
      wholeNumber('--max-failures', 1),
    )
    .option('--out <file>', 'append the links to this .csv or .jsonl file (mode 0600 when new)')
    .option('--resume', '--out already holds links of an earlier run: reserve only the rest of --count')
    .addHelpText(
      'after',
      `
The file gets certificateId, passphrase, link per passport (CSV with a header, or JSON lines).
Without --out, --json prints each passport as a JSON line, then a summary line.
Interrupt (Ctrl-C) stops launching calls; those in flight finish and are stored.`,
    )
    .action(run((ctx, flags, options: ReserveOptions) => arianeeReserve(ctx, flags, options)));

  const didww = program
    .command('didww')
    .description('DIDWW: find numbers in stock, hold them, release them')
    .addOption(settingOption(SETTINGS.didww.apiKey, 'key', 'the DIDWW API key'))
    .addOption(settingOption(SETTINGS.didww.env, 'environment', 'sandbox (default) or production'))
    .addOption(settingOption(SETTINGS.didww.baseUrl, 'url', 'another host (with /v3)'))
    .addOption(
      settingOption(
        SETTINGS.didww.tokenUrl,
        'url',
        'the token service: uses API 2026-11-19 with bearer tokens',
      ),
    );
  didww
    .command('countries')
    .description('countries and their DIDWW ids')
    .option('--iso <code>', 'only this ISO code, e.g. GB')
    .action(run((ctx, flags, options: { iso?: string }) => didwwCountries(ctx, flags, options)));
  didww
    .command('numbers')
    .description('numbers in stock in a country')
    .requiredOption('--country <iso-or-id>', 'an ISO code (GB) or a DIDWW country id')
    .option('--city <id>', 'a DIDWW city id')
    .option('--limit <n>', 'show at most this many', wholeNumber('--limit', 1), 20)
    .action(
      run((ctx, flags, options: { country: string; city?: string; limit: number }) =>
        didwwNumbers(ctx, flags, options),
      ),
    );
  didww
    .command('hold')
    .description(
      'hold numbers (10 minutes): the ids given, or a block of --count in --country named by --description',
    )
    .argument('[available-did-id...]', 'ids from `reservekit didww numbers`')
    .option(
      '--description <text>',
      'a note on each hold; for a block, its name (a re-run tops the block up, never doubles it)',
    )
    .option('--country <iso-or-id>', 'block: the country to hold numbers in')
    .option('--count <n>', 'block: how many holds it should have', wholeNumber('--count', 1))
    .action(run((ctx, flags, ids: string[], options: HoldOptions) => didwwHold(ctx, flags, ids, options)));
  didww
    .command('holds')
    .description('your holds, with their numbers and expiry')
    .action(run((ctx, flags) => didwwHolds(ctx, flags)));
  didww
    .command('release')
    .description('release holds (a hold already gone counts as released)')
    .argument('<hold-id...>', 'ids from `reservekit didww holds`')
    .action(run((ctx, flags, ids: string[]) => didwwRelease(ctx, flags, ids)));

  const dots = program
    .command('dots')
    .description('Dots.eco: create eco-club offerings (gift cards) exactly once, find them')
    .addOption(settingOption(SETTINGS.dots.authToken, 'token', 'the company auth token'))
    .addOption(settingOption(SETTINGS.dots.appToken, 'token', "the app's token"))
    .addOption(settingOption(SETTINGS.dots.baseUrl, 'url', 'another host (with /api/v1)'));
  dots
    .command('create')
    .description('create one offering; with --external-id, running it again returns the same offering')
    .requiredOption('--quantity <n>', 'its impact quantity', wholeNumber('--quantity', 1))
    .option('--title <text>', 'its title')
    .option('--external-id <id>', 'your unique id for it (default: a random UUID)')
    .option('--mail <address>', 'the recipient (clubs that are not code-only)')
    .option('--name-on-certificate <name>', 'whom the certificate is for')
    .option('--remote-user-id <id>', 'your id of the recipient')
    .option('--expiration-date <YYYY-MM-DD>', 'when it expires')
    .addHelpText('after', '\nThe redeem code is shown with --json only.')
    .action(run((ctx, flags, options: DotsCreateOptions) => dotsCreate(ctx, flags, options)));
  dots
    .command('find')
    .description('the offering with this external id (exit 2 when none)')
    .argument('<external-id>')
    .action(run((ctx, flags, externalId: string) => dotsFind(ctx, flags, externalId)));
  dots
    .command('create-many')
    .description('create an offering per row of a CSV file; running it again creates nothing twice')
    .requiredOption(
      '--from <file.csv>',
      'a header row of fields (externalUniqueId and quantity required), one offering per row',
    )
    .option(
      '--out <file>',
      "write each row's result, redeem code included, to this .csv or .jsonl file (mode 0600)",
    )
    .option('--concurrency <n>', 'items in flight, 1-64 (default 8)', wholeNumber('--concurrency', 1, 64))
    .addHelpText(
      'after',
      '\nColumns: externalUniqueId, quantity, title, mail, nameOnCertificate, remoteUserId, code, langcode, currency,\nactivationDate, activationHour, expirationDate, expirationHour, maxClaimsTotal, maxClaimsPerEmail,\nsendEmailOnActivationDate (yes/no), limitAllocations (ids separated by ;), appToken, roundHours.',
    )
    .action(
      run((ctx, flags, options: { from: string; out?: string; concurrency?: number }) =>
        dotsCreateMany(ctx, flags, options),
      ),
    );

  program
    .command('simulate')
    .description(
      'serve simulated Arianee, DIDWW and Dots.eco on loopback, with a control API under /_sim, until interrupted',
    )
    .option('--port <port>', 'the port on 127.0.0.1 (0: a free one)', wholeNumber('--port', 0, 65535), 4010)
    .option('--port-each', 'also serve each provider on its own port (--port + 1, 2, 3)')
    .option(
      '--seed <state.json>',
      'inventory to start with, and to go back to on reset (default: the demo inventory)',
    )
    .option('--clock <iso-time>', 'freeze the simulated clock at this time')
    .addHelpText(
      'after',
      '\nThe control API and the seed file: docs/testing.md, "The simulator as a server".',
    )
    .action(run((ctx, _flags, options: SimulateOptions) => simulate(ctx, options)));

  return program;
}

/**
 * Runs `reservekit` with `argv` (the arguments after the program's name) and resolves to its exit
 * status (docs/cli.md, "Exit codes"). Errors are reported on stderr in one line, and with `--json`
 * also as a JSON document on stdout; no secret is ever in them.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.done;
  const program = buildProgram(io, (exit) => {
    code = exit;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    // Help and --version end with code 0; every other complaint of commander is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.done : EXIT.usage;
    const exit = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${message.startsWith('reservekit') ? message : `reservekit: ${message}`}\n`);
    if (argv.includes('--json'))
      io.out(
        `${JSON.stringify({ error: error instanceof ReservationError ? describeFailure(error) : { name: error instanceof Error ? error.name : 'Error', message } })}\n`,
      );
    return exit;
  }
}
