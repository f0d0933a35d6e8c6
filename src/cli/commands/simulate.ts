import { readFileSync } from 'node:fs';
import { type SimulatorServer, serveSimulator } from '../../testing/simulator/http-server.js';
import type { SimProvider } from '../../testing/simulator/operations.js';
import { parseSeed, type SimulatorSeed } from '../../testing/simulator/seed.js';
import { createSimulator, type Simulator } from '../../testing/simulator/simulator.js';
import type { CommandContext } from '../context.js';
import { DEMO_SEED } from '../demo-seed.js';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { renderFields } from '../output.js';
import { SETTINGS } from '../providers.js';

/** The options of `reservekit simulate`. */
export interface SimulateOptions {
  port: number;
  seed?: string;
  clock?: string;
  portEach?: boolean;
}

function readSeed(path: string): SimulatorSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
  try {
    return parseSeed(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
}

/** The environment variables that point the CLI, the examples or an app at the server. */
function variablesFor(server: SimulatorServer): Record<string, string> {
  const { urls, credentials } = server;
  return {
    [SETTINGS.arianee.baseUrl.env]: urls.arianee.url,
    [SETTINGS.arianee.apiKey.env]: credentials.arianee.apiKey,
    [SETTINGS.didww.baseUrl.env]: urls.didww.url,
    [SETTINGS.didww.apiKey.env]: credentials.didww.apiKey,
    [SETTINGS.dots.baseUrl.env]: urls.dots.url,
    [SETTINGS.dots.authToken.env]: credentials.dots.authToken,
    [SETTINGS.dots.appToken.env]: credentials.dots.appToken,
  };
}

async function start(
  sim: Simulator,
  options: SimulateOptions,
  seed: SimulatorSeed,
): Promise<SimulatorServer> {
  const each: Partial<Record<SimProvider, number>> | true | undefined = !options.portEach
    ? undefined
    : options.port === 0
      ? true
      : { arianee: options.port + 1, didww: options.port + 2, dots: options.port + 3 };
  try {
    return await serveSimulator(sim, {
      port: options.port,
      seed,
      ...(each === undefined ? {} : { providerPorts: each }),
    });
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw new UsageError(
        `reservekit simulate: a port is taken or not allowed (${code}): choose another --port, or --port 0 for free ones`,
      );
    if (error instanceof RangeError)
      throw new UsageError(`reservekit simulate: the seed does not fit: ${error.message}`);
    throw error;
  }
}

/**
 * `reservekit simulate`: the three simulated providers and the control API on loopback, until
 * SIGINT or SIGTERM (docs/testing.md, "The simulator as a server").
 */
export async function simulate(ctx: CommandContext, options: SimulateOptions): Promise<ExitCode> {
  const seed = options.seed === undefined ? DEMO_SEED : readSeed(options.seed);
  let sim: Simulator;
  try {
    sim = createSimulator(options.clock === undefined ? {} : { clock: { start: options.clock } });
  } catch (error) {
    throw new UsageError(`reservekit simulate: --clock: ${(error as Error).message}`);
  }
  // Listening before the server starts: a signal that comes as soon as the URLs are printed (a
  // harness that read them) must stop the server cleanly, not kill the process.
  let stopListening = () => {};
  const interrupted = new Promise<void>((resolve) => {
    stopListening = ctx.io.onInterrupt(() => resolve());
  });
  let server: SimulatorServer;
  try {
    server = await start(sim, options, seed);
  } catch (error) {
    stopListening();
    throw error;
  }
  const variables = variablesFor(server);
  const seeded = {
    passports: server.seeded.arianee.passports.length,
    availableDids: server.seeded.didww.availableDids.length,
    apps: sim.dots.apps().length,
  };
  if (ctx.printer.json)
    ctx.printer.jsonLine({
      url: server.url,
      urls: server.urls,
      controlUrl: server.controlUrl,
      credentials: server.credentials,
      env: variables,
      seeded,
      clock: sim.clock.date().toISOString(),
    });
  else {
    const { urls, credentials } = server;
    ctx.printer.text(
      `reservekit simulator on ${server.url} (Ctrl-C stops it)\n\n${renderFields([
        ['arianee', `${urls.arianee.url}   api key ${credentials.arianee.apiKey}`],
        [
          'didww',
          `${urls.didww.url}   api key ${credentials.didww.apiKey} (token service ${urls.didww.tokenUrl})`,
        ],
        [
          'dots',
          `${urls.dots.url}   auth token ${credentials.dots.authToken}, app token ${credentials.dots.appToken}`,
        ],
        ['control API', `${server.controlUrl} (docs/testing.md, "The simulator as a server")`],
        [
          'seeded',
          `${seeded.passports} passports, ${seeded.availableDids} numbers, ${seeded.apps} Dots.eco app(s)`,
        ],
        ['clock', `${sim.clock.date().toISOString()}${options.clock === undefined ? '' : ' (frozen)'}`],
      ])}\nTo point reservekit (or your app) at it:\n${Object.entries(variables)
        .map(([name, value]) => `  export ${name}=${value}\n`)
        .join('')}`,
    );
  }
  await interrupted;
  stopListening();
  await server.close();
  ctx.printer.note('reservekit simulate: stopped');
  // An answer held back by a `delayMs` fault keeps its timer after the server closed: the process
  // would wait for it (minutes, maybe). Nothing else is left to do, so it ends a moment later.
  setTimeout(() => ctx.io.exit(EXIT.done), 1_000).unref();
  return EXIT.done;
}
