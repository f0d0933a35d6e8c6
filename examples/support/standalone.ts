/**
 * Runs the examples as a user would: against the reservekit simulator on loopback (no credentials,
 * no network), or, per provider, against the real API when that provider's variables are set.
 *
 * | provider | variables (all of a provider's required ones, or none)                                  |
 * |----------|------------------------------------------------------------------------------------------|
 * | Arianee  | `RESERVEKIT_ARIANEE_BASE_URL`, `RESERVEKIT_ARIANEE_API_KEY`; optional `RESERVEKIT_ARIANEE_TAG` (default `vip`), `RESERVEKIT_ARIANEE_CAMPAIGN_TAG` (default: the same tag) |
 * | DIDWW    | `RESERVEKIT_DIDWW_API_KEY`; optional `RESERVEKIT_DIDWW_COUNTRY_ISO` (default `GB`), `RESERVEKIT_DIDWW_ENV` (`sandbox`, the default, or `production`), `RESERVEKIT_DIDWW_BASE_URL`, `RESERVEKIT_DIDWW_TOKEN_URL` (API 2026-11-19's token service; unset: API 2026-04-16 with `Api-Key`) |
 * | Dots.eco | `RESERVEKIT_DOTS_AUTH_TOKEN`, `RESERVEKIT_DOTS_APP_TOKEN`; optional `RESERVEKIT_DOTS_BASE_URL` |
 */
import { pathToFileURL } from 'node:url';
import { DIDWW_BASE_URLS } from 'reservekit/didww';
import { DOTS_DEFAULT_BASE_URL } from 'reservekit/dots';
import { createSimulator, type Simulator, type SimulatorUrls } from 'reservekit/testing';
import type { ExampleEnv, ExampleSummary } from './example-env.js';

/** The three providers an example environment points at. */
export type ExampleProvider = 'arianee' | 'didww' | 'dots';

/** Where a provider's calls go. */
export type ExampleSource = 'simulator' | 'live';

/** The provider part of an {@link ExampleEnv}. */
export type ProviderSettings = Pick<ExampleEnv, ExampleProvider>;

/** Environment variables, as `process.env` holds them. */
export type Variables = Readonly<Record<string, string | undefined>>;

/** How the simulator is stocked for the examples. */
export const SIMULATED = {
  /** Fewer than the 50 the Arianee example asks for, so the demo shows an exhausted pool handled. */
  passports: 37,
  tag: 'vip',
  /** The campaign example's own pool, larger than the 30 it asks for. */
  campaignTag: 'spring-campaign',
  campaignPassports: 40,
  /** The country the examples find numbers in: one of the simulator's built-in countries. */
  countryIso: 'GB',
  availableDids: 8,
} as const;

const PROVIDERS: readonly ExampleProvider[] = ['arianee', 'didww', 'dots'];

/** A provider's variables: those that must all be set to go live, and the optional ones. */
const VARIABLES: Record<ExampleProvider, { required: readonly string[]; optional: readonly string[] }> = {
  arianee: {
    required: ['RESERVEKIT_ARIANEE_BASE_URL', 'RESERVEKIT_ARIANEE_API_KEY'],
    optional: ['RESERVEKIT_ARIANEE_TAG', 'RESERVEKIT_ARIANEE_CAMPAIGN_TAG'],
  },
  didww: {
    required: ['RESERVEKIT_DIDWW_API_KEY'],
    optional: [
      'RESERVEKIT_DIDWW_COUNTRY_ISO',
      'RESERVEKIT_DIDWW_ENV',
      'RESERVEKIT_DIDWW_BASE_URL',
      'RESERVEKIT_DIDWW_TOKEN_URL',
    ],
  },
  dots: {
    required: ['RESERVEKIT_DOTS_AUTH_TOKEN', 'RESERVEKIT_DOTS_APP_TOKEN'],
    optional: ['RESERVEKIT_DOTS_BASE_URL'],
  },
};

function value(variables: Variables, name: string): string | undefined {
  const raw = variables[name]?.trim();
  return raw ? raw : undefined;
}

/**
 * The live settings of one provider when its variables are set, or `undefined` when none is (the
 * examples then use the simulator for it).
 *
 * @throws Error when only some of the provider's required variables are set, or
 *   `RESERVEKIT_DIDWW_ENV` is neither `sandbox` nor `production`: a half-configured provider is a
 *   mistake, not a reason to fall back to the simulator silently.
 */
export function environmentFor<P extends ExampleProvider>(
  provider: P,
  variables: Variables = process.env,
): ExampleEnv[P] | undefined {
  const { required, optional } = VARIABLES[provider];
  const set = [...required, ...optional].filter((name) => value(variables, name) !== undefined);
  if (set.length === 0) return undefined;
  const missing = required.filter((name) => value(variables, name) === undefined);
  if (missing.length > 0)
    throw new Error(
      `${provider}: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not. Set all of them to use the real API, or none to use the simulator.`,
    );
  const get = (name: string) => value(variables, name) ?? '';
  const settings = ((): ExampleEnv[ExampleProvider] => {
    if (provider === 'arianee') {
      const campaignTag = value(variables, 'RESERVEKIT_ARIANEE_CAMPAIGN_TAG');
      return {
        baseUrl: get('RESERVEKIT_ARIANEE_BASE_URL'),
        apiKey: get('RESERVEKIT_ARIANEE_API_KEY'),
        tag: value(variables, 'RESERVEKIT_ARIANEE_TAG') ?? SIMULATED.tag,
        ...(campaignTag === undefined ? {} : { campaignTag }),
      };
    }
    if (provider === 'didww') {
      const environment = value(variables, 'RESERVEKIT_DIDWW_ENV') ?? 'sandbox';
      if (environment !== 'sandbox' && environment !== 'production')
        throw new Error(`didww: RESERVEKIT_DIDWW_ENV must be sandbox or production, not "${environment}"`);
      return {
        baseUrl: value(variables, 'RESERVEKIT_DIDWW_BASE_URL') ?? DIDWW_BASE_URLS[environment],
        apiKey: get('RESERVEKIT_DIDWW_API_KEY'),
        environment,
        countryIso: value(variables, 'RESERVEKIT_DIDWW_COUNTRY_ISO') ?? SIMULATED.countryIso,
        tokenUrl: value(variables, 'RESERVEKIT_DIDWW_TOKEN_URL'),
      };
    }
    return {
      baseUrl: value(variables, 'RESERVEKIT_DOTS_BASE_URL') ?? DOTS_DEFAULT_BASE_URL,
      authToken: get('RESERVEKIT_DOTS_AUTH_TOKEN'),
      appToken: get('RESERVEKIT_DOTS_APP_TOKEN'),
    };
  })();
  return settings as ExampleEnv[P];
}

/** Stocks a simulator the way the examples expect: a short VIP pool, numbers in one country. */
export function seedSimulator(simulator: Simulator): void {
  simulator.arianee.addPassports(SIMULATED.tag, SIMULATED.passports);
  simulator.arianee.addPassports(SIMULATED.campaignTag, SIMULATED.campaignPassports);
  simulator.didww.addAvailableDids({
    countryIso: SIMULATED.countryIso,
    // London numbers: 44 20 7946 0xxx is Ofcom's range for drama, never a real subscriber.
    numbers: Array.from({ length: SIMULATED.availableDids }, (_, index) => `4420794600${10 + index}`),
    areaName: 'London',
  });
}

/** The simulated side of an example environment. */
function simulatedSettings(simulator: Simulator, urls: SimulatorUrls): ProviderSettings {
  const { credentials } = simulator;
  return {
    arianee: {
      baseUrl: urls.arianee.url,
      apiKey: credentials.arianee.apiKey,
      tag: SIMULATED.tag,
      campaignTag: SIMULATED.campaignTag,
    },
    didww: {
      baseUrl: urls.didww.url,
      apiKey: credentials.didww.apiKey,
      environment: 'sandbox',
      countryIso: SIMULATED.countryIso,
      // The simulator speaks DIDWW's latest version: the examples mint bearer tokens there.
      tokenUrl: urls.didww.tokenUrl,
    },
    dots: {
      baseUrl: urls.dots.url,
      authToken: credentials.dots.authToken,
      appToken: credentials.dots.appToken,
    },
  };
}

/** A one-line progress bar: redrawn in place on a terminal, printed once when done elsewhere. */
export interface ProgressBar {
  /** Shows `done` of `total` for `label`. */
  update(label: string, done: number, total: number): void;
  /** Ends the current bar (it may stop short of its total, e.g. an exhausted pool). */
  finish(): void;
}

/** Renders progress bars on a stream (stderr by default), so stdout stays clean for output. */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr, width = 30): ProgressBar {
  let last: string | undefined;
  const line = (label: string, done: number, total: number) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    return `${label.padEnd(8)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
  };
  return {
    update(label, done, total) {
      last = line(label, done, total);
      if (stream.isTTY) stream.write(`\r\x1b[2K${last}`);
    },
    finish() {
      if (last === undefined) return;
      stream.write(stream.isTTY ? '\n' : `${last}\n`);
      last = undefined;
    },
  };
}

/** Options of {@link startExampleEnv}. */
export interface StartExampleEnvOptions {
  /** Where to read the provider variables. Default `process.env`; `{}` forces the simulator everywhere. */
  variables?: Variables;
  /** Human output. Default: stdout. */
  log?: (line: string) => void;
  /** Progress output. Default: a bar on stderr. */
  progress?: ProgressBar;
}

/** An example environment, where each provider's calls go, and how to stop it. */
export interface StartedExampleEnv {
  env: ExampleEnv;
  sources: Record<ExampleProvider, ExampleSource>;
  /** The simulator, when at least one provider is simulated. */
  simulator: Simulator | undefined;
  progress: ProgressBar;
  /** Stops the simulator, if one was started. */
  close(): Promise<void>;
}

/**
 * Builds the environment the examples run in: live settings for each provider whose variables are
 * set ({@link environmentFor}), the simulator (started on loopback, seeded by {@link seedSimulator})
 * for the others.
 *
 * @throws Error when a provider is only partly configured.
 */
export async function startExampleEnv(options: StartExampleEnvOptions = {}): Promise<StartedExampleEnv> {
  const variables = options.variables ?? process.env;
  const live: { [P in ExampleProvider]: ProviderSettings[P] | undefined } = {
    arianee: environmentFor('arianee', variables),
    didww: environmentFor('didww', variables),
    dots: environmentFor('dots', variables),
  };
  const needsSimulator = PROVIDERS.some((provider) => live[provider] === undefined);
  const simulator = needsSimulator ? createSimulator() : undefined;
  let simulated: ProviderSettings | undefined;
  if (simulator) {
    seedSimulator(simulator);
    simulated = simulatedSettings(simulator, await simulator.listen());
  }
  const pick = <P extends ExampleProvider>(provider: P): ProviderSettings[P] =>
    live[provider] ?? (simulated as ProviderSettings)[provider];
  const progress = options.progress ?? createProgressBar();
  const write = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // A bar still open on a terminal would have the line appended to it: end it first.
  const log = (line: string) => {
    progress.finish();
    write(line);
  };
  return {
    env: {
      arianee: pick('arianee'),
      didww: pick('didww'),
      dots: pick('dots'),
      log,
      progress: (label, done, total) => progress.update(label, done, total),
    },
    sources: {
      arianee: live.arianee ? 'live' : 'simulator',
      didww: live.didww ? 'live' : 'simulator',
      dots: live.dots ? 'live' : 'simulator',
    },
    simulator,
    progress,
    close: async () => {
      progress.finish();
      await simulator?.close();
    },
  };
}

/** What an example module exports. */
export interface ExampleModule {
  run(env: ExampleEnv): Promise<ExampleSummary>;
}

/** Prints summaries as a table: example, item, value. */
export function formatSummaryTable(summaries: readonly ExampleSummary[]): string {
  const rows: Array<[string, string, string]> = [];
  for (const summary of summaries) {
    summary.rows.forEach(([label, text], index) => {
      rows.push([index === 0 ? summary.title : '', label, text]);
    });
    if (summary.rows.length === 0) rows.push([summary.title, '', '']);
  }
  const header: [string, string, string] = ['Example', 'Item', 'Value'];
  const widths = [0, 1, 2].map((column) =>
    Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [format(header), rule, ...rows.map(format)].join('\n');
}

/** Whether the module at `moduleUrl` (`import.meta.url`) is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === moduleUrl;
}

/**
 * Runs one example on its own (`npx tsx examples/<file>.ts`), in the environment
 * {@link startExampleEnv} builds, and prints its summary. Sets a failing exit code on error.
 *
 * @example
 * ```ts
 * if (isMainModule(import.meta.url)) await runStandalone(run);
 * ```
 */
export async function runStandalone(run: ExampleModule['run']): Promise<void> {
  const started = await startExampleEnv();
  try {
    const summary = await run(started.env);
    started.progress.finish();
    started.env.log(`\n${formatSummaryTable([summary])}`);
  } catch (error) {
    started.progress.finish();
    process.exitCode = 1;
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    await started.close();
  }
}
