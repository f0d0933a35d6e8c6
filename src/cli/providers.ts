import { ArianeeClient } from '../arianee/client.js';
import { DidwwClient } from '../didww/client.js';
import { DotsClient } from '../dots/client.js';
import { applySeed } from '../testing/simulator/seed.js';
import {
  createSimulator,
  DEFAULT_DISPATCHER_BASE_URLS,
  type Simulator,
} from '../testing/simulator/simulator.js';
import { DEMO_SEED } from './demo-seed.js';
import { UsageError } from './exit-codes.js';

/** A setting a provider command reads from a flag, else from an environment variable. */
interface Setting {
  flag: string;
  env: string;
}

/** Every setting of the provider commands: the variables the docs and examples already use. */
export const SETTINGS = {
  arianee: {
    baseUrl: { flag: '--base-url', env: 'RESERVEKIT_ARIANEE_BASE_URL' },
    apiKey: { flag: '--api-key', env: 'RESERVEKIT_ARIANEE_API_KEY' },
  },
  didww: {
    apiKey: { flag: '--api-key', env: 'RESERVEKIT_DIDWW_API_KEY' },
    env: { flag: '--env', env: 'RESERVEKIT_DIDWW_ENV' },
    baseUrl: { flag: '--base-url', env: 'RESERVEKIT_DIDWW_BASE_URL' },
    tokenUrl: { flag: '--token-url', env: 'RESERVEKIT_DIDWW_TOKEN_URL' },
  },
  dots: {
    authToken: { flag: '--auth-token', env: 'RESERVEKIT_DOTS_AUTH_TOKEN' },
    appToken: { flag: '--app-token', env: 'RESERVEKIT_DOTS_APP_TOKEN' },
    baseUrl: { flag: '--base-url', env: 'RESERVEKIT_DOTS_BASE_URL' },
  },
} as const satisfies Record<string, Record<string, Setting>>;

/** The flags of a provider command, as commander parsed them (camelCase). */
export type ProviderFlags = Readonly<Record<string, unknown>>;

/** Reads a provider's settings: each flag, else its variable; blank counts as unset. */
function readSettings<K extends string>(
  settings: Record<K, Setting>,
  flags: ProviderFlags,
  env: Readonly<Record<string, string | undefined>>,
): Record<K, string | undefined> {
  const out = {} as Record<K, string | undefined>;
  for (const key of Object.keys(settings) as K[]) {
    const given = flags[key];
    const value = (typeof given === 'string' ? given : env[settings[key].env])?.trim();
    out[key] = value ? value : undefined;
  }
  return out;
}

/**
 * Refuses, in one line, when required settings are unset: each named by its variable and its flag.
 * The values are never quoted (they are credentials).
 */
function requireSettings(
  provider: string,
  settings: Record<string, Setting>,
  read: Record<string, string | undefined>,
  required: readonly string[],
): void {
  const missing = required.filter((key) => read[key] === undefined).map((key) => settings[key] as Setting);
  if (missing.length === 0) return;
  const names = missing.map((setting) => setting.env).join(' and ');
  const flags = missing.map((setting) => setting.flag).join(' and ');
  throw new UsageError(
    `reservekit ${provider}: ${names} ${missing.length === 1 ? 'is' : 'are'} not set (or pass ${flags}); --simulator runs the command against a local simulator without credentials`,
  );
}

/**
 * The clients a command uses: against the provider, from the flags and environment, or (with
 * `--simulator`) against a simulator in this process, stocked with {@link DEMO_SEED}.
 */
export class Providers {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #simulated: boolean;
  #simulator: Simulator | undefined;
  readonly #clients: { close(): Promise<void> }[] = [];

  constructor(env: Readonly<Record<string, string | undefined>>, simulated: boolean) {
    this.#env = env;
    this.#simulated = simulated;
  }

  /** The embedded simulator (with `--simulator`), made and stocked on first use. */
  #sim(): Simulator {
    if (!this.#simulator) {
      this.#simulator = createSimulator();
      applySeed(this.#simulator, DEMO_SEED);
    }
    return this.#simulator;
  }

  #keep<T extends { close(): Promise<void> }>(client: T): T {
    this.#clients.push(client);
    return client;
  }

  /** An Arianee client. @throws {UsageError} naming an unset base URL or key. */
  arianee(flags: ProviderFlags): ArianeeClient {
    if (this.#simulated) {
      const sim = this.#sim();
      const [baseUrl] = DEFAULT_DISPATCHER_BASE_URLS.arianee;
      return this.#keep(
        new ArianeeClient({
          baseUrl: baseUrl as string,
          apiKey: sim.credentials.arianee.apiKey,
          dispatcher: sim.dispatcher(),
        }),
      );
    }
    const read = readSettings(SETTINGS.arianee, flags, this.#env);
    requireSettings('arianee', SETTINGS.arianee, read, ['baseUrl', 'apiKey']);
    return this.#keep(new ArianeeClient({ baseUrl: read.baseUrl as string, apiKey: read.apiKey as string }));
  }

  /** A DIDWW client; a token URL selects API 2026-11-19 (bearer tokens). @throws {UsageError} */
  didww(flags: ProviderFlags): DidwwClient {
    if (this.#simulated) {
      const sim = this.#sim();
      return this.#keep(
        new DidwwClient({ apiKey: sim.credentials.didww.apiKey, dispatcher: sim.dispatcher() }),
      );
    }
    const read = readSettings(SETTINGS.didww, flags, this.#env);
    requireSettings('didww', SETTINGS.didww, read, ['apiKey']);
    const environment = read.env ?? 'sandbox';
    if (environment !== 'sandbox' && environment !== 'production')
      throw new UsageError(
        `reservekit didww: ${SETTINGS.didww.env.env} (or ${SETTINGS.didww.env.flag}) must be sandbox or production`,
      );
    return this.#keep(
      new DidwwClient({
        apiKey: read.apiKey as string,
        environment,
        ...(read.baseUrl === undefined ? {} : { baseUrl: read.baseUrl }),
        // As the examples do (examples/support/didww-client.ts): a token service means API 2026-11-19.
        ...(read.tokenUrl === undefined ? {} : { apiVersion: '2026-11-19', tokenUrl: read.tokenUrl }),
      }),
    );
  }

  /** A Dots.eco client with its app token. @throws {UsageError} naming an unset token. */
  dots(flags: ProviderFlags): DotsClient {
    if (this.#simulated) {
      const { credentials } = this.#sim();
      return this.#keep(
        new DotsClient({
          authToken: credentials.dots.authToken,
          appToken: credentials.dots.appToken,
          dispatcher: this.#sim().dispatcher(),
        }),
      );
    }
    const read = readSettings(SETTINGS.dots, flags, this.#env);
    requireSettings('dots', SETTINGS.dots, read, ['authToken', 'appToken']);
    return this.#keep(
      new DotsClient({
        authToken: read.authToken as string,
        appToken: read.appToken as string,
        ...(read.baseUrl === undefined ? {} : { baseUrl: read.baseUrl }),
      }),
    );
  }

  /** Closes every client made (their calls settle first). */
  async close(): Promise<void> {
    await Promise.all(this.#clients.map((client) => client.close()));
  }
}
