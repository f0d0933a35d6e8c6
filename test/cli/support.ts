import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

/** What one in-process run of the CLI printed, and its exit status. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command line's words: `'arianee reserve --count 2'` → `['arianee', 'reserve', '--count', '2']`. */
export function words(line: string): string[] {
  return line.split(' ').filter(Boolean);
}

/**
 * Runs `reservekit` in this process with `argv` (a line of words, or the arguments), an environment
 * of `env` only (none of the machine's variables), stdout and stderr captured, stderr not a terminal
 * (plain progress lines).
 */
export async function runInProcess(
  argv: string | readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    errStream: undefined,
    env,
    onInterrupt: () => () => undefined,
    exit: (code) => {
      throw new Error(`the CLI asked to exit with ${code}`);
    },
  };
  const code = await runCli(typeof argv === 'string' ? words(argv) : argv, io);
  return { code, stdout, stderr };
}
