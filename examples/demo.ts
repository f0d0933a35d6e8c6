/**
 * `npm run demo`: starts the reservekit simulator on loopback and runs every example in this folder
 * against it, as a user would, then prints a summary table. No credentials, no network.
 *
 * With a provider's variables set (see ./support/standalone.ts) that provider's examples run
 * against the real API instead. `npm run demo -- dots-gift-card` runs only the named examples.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ExampleSummary } from './support/example-env.js';
import {
  type ExampleModule,
  formatSummaryTable,
  isMainModule,
  type StartExampleEnvOptions,
  startExampleEnv,
} from './support/standalone.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Example files of this folder, in name order (`demo.ts` and `support/` are not examples). */
export async function exampleNames(): Promise<string[]> {
  const entries = await readdir(HERE, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && entry.name !== 'demo.ts')
    .map((entry) => entry.name.slice(0, -'.ts'.length))
    .sort();
}

/** Options of {@link runDemo}: which examples, and the environment options (variables, output). */
export interface DemoOptions extends StartExampleEnvOptions {
  /** Examples to run, by file name without `.ts`. Default: all of them. */
  names?: readonly string[];
  /** Error output. Default: stderr. */
  error?: (line: string) => void;
}

/**
 * Runs the examples one after the other in one environment and prints their summaries as a table.
 * Resolves with the exit code: 0, 1 when an example failed, 2 for an unknown example name.
 */
export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const error = options.error ?? ((line: string) => process.stderr.write(`${line}\n`));
  const available = await exampleNames();
  const asked = options.names ?? [];
  const unknown = asked.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    error(`Unknown example(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
    return 2;
  }
  const names = asked.length > 0 ? asked : available;
  const started = await startExampleEnv(options);
  const { env, sources, progress } = started;
  const summaries: ExampleSummary[] = [];
  let code = 0;
  try {
    env.log('reservekit demo');
    env.log(
      `  Arianee: ${sources.arianee} · DIDWW: ${sources.didww} · Dots.eco: ${sources.dots}` +
        (started.simulator ? ' (simulator on 127.0.0.1, no credentials needed)' : ''),
    );
    for (const name of names) {
      env.log(`\n▶ ${name}`);
      const module = (await import(pathToFileURL(`${HERE}${name}.ts`).href)) as Partial<ExampleModule>;
      if (typeof module.run !== 'function') {
        env.log(`  (skipped: ${name}.ts exports no run(env) function)`);
        continue;
      }
      try {
        summaries.push(await module.run(env));
      } catch (failure) {
        code = 1;
        // reservekit errors never carry credentials, so their message can be shown as is.
        const message = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
        env.log(`  failed: ${message}`);
        summaries.push({ title: name, rows: [['failed', message]] });
      } finally {
        progress.finish();
      }
    }
    env.log(`\nSummary\n${formatSummaryTable(summaries)}`);
  } finally {
    await started.close();
  }
  return code;
}

if (isMainModule(import.meta.url)) process.exitCode = await runDemo({ names: process.argv.slice(2) });
