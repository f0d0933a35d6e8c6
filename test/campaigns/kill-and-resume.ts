import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Kill-and-resume harness (issue 17): a child process runs one bulk call against the simulator
 * served on loopback by the test; the test `SIGKILL`s it part way and starts it again with the
 * same input, as a job runner would after a crash. Children live in ./children and are run
 * with tsx, from the sources.
 *
 * A child reads its input from the `CAMPAIGN_INPUT` environment variable (JSON) and prints one line
 * per event on stdout (`progress …`, `done …`); the harness can kill it after a number of lines or a
 * delay, whichever comes first.
 */

/**
 * When to kill the child: after it printed `afterLines` lines, `afterMs` after it was spawned, or
 * `afterMsFromFirstLine` after its first line (its work began: what tsx's start-up takes, which
 * varies with the machine, is not counted). Whichever comes first.
 */
export interface KillPoint {
  afterLines?: number;
  afterMs?: number;
  afterMsFromFirstLine?: number;
}

/** How a child run ended. */
export interface ChildRun {
  /** Killed by the harness (`SIGKILL`), before it ended by itself. */
  killed: boolean;
  /** Its exit code when it ended by itself. */
  code: number | null;
  /** What it printed on stdout, line by line (a line cut by the kill is dropped). */
  lines: string[];
  /** What it printed on stderr. */
  stderr: string;
}

const TSX = fileURLToPath(import.meta.resolve('tsx'));

/** The path of a child script of ./children. */
export function childScript(name: string): string {
  return fileURLToPath(new URL(`./children/${name}.ts`, import.meta.url));
}

/**
 * Runs a child script with `input`, killing it at `kill` (never when unset). Resolves when it
 * exited, by itself or killed. A run that outlives `timeoutMs` is killed and rejected.
 */
export function runChild(
  script: string,
  input: unknown,
  kill: KillPoint = {},
  timeoutMs = 60_000,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, script], {
      env: { ...process.env, CAMPAIGN_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    const killNow = () => {
      if (killed || child.exitCode !== null) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const killTimer = kill.afterMs === undefined ? undefined : setTimeout(killNow, kill.afterMs);
    let firstLineTimer: NodeJS.Timeout | undefined;
    const overall = setTimeout(() => {
      killNow();
      reject(new Error(`${script} ran over ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (killed) return;
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length === 1 && kill.afterMsFromFirstLine !== undefined)
          firstLineTimer = setTimeout(killNow, kill.afterMsFromFirstLine);
        if (kill.afterLines !== undefined && lines.length >= kill.afterLines) {
          killNow();
          return;
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killTimer);
      clearTimeout(firstLineTimer);
      clearTimeout(overall);
      resolve({ killed, code, lines, stderr });
    });
  });
}

/**
 * Kills the child at each of `kills` in turn, starting it again with the same input each time, then
 * lets a last run finish. Returns every run, the last one whole. A run that ends by itself before
 * its kill point is not killed (the batch was done): the next ones are skipped.
 */
export async function killAndResume(
  script: string,
  input: unknown,
  kills: readonly KillPoint[],
): Promise<ChildRun[]> {
  const runs: ChildRun[] = [];
  for (const kill of kills) {
    const run = await runChild(script, input, kill);
    runs.push(run);
    if (!run.killed) return runs;
  }
  const last = await runChild(script, input);
  runs.push(last);
  if (last.code !== 0) throw new Error(`the last run of ${script} exited with ${last.code}: ${last.stderr}`);
  return runs;
}

/** Reads the child's input (JSON in `CAMPAIGN_INPUT`): for the children. */
export function childInput<T>(): T {
  const raw = process.env.CAMPAIGN_INPUT;
  if (raw === undefined) throw new Error('CAMPAIGN_INPUT is not set: run this script through runChild');
  return JSON.parse(raw) as T;
}

/** Prints one event line for the harness (a child's stdout is the harness's channel). */
export function emit(...parts: readonly (string | number)[]): void {
  process.stdout.write(`${parts.join(' ')}\n`);
}

/**
 * A seeded pseudo-random source (mulberry32) for kill points and faults: the same seed gives the
 * same points, so a failure replays (the suites take `CAMPAIGN_SEED`).
 */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
