import { spawn } from 'node:child_process';
import { track } from './child-processes.js';

export interface NodeRun {
  /** The child's stdout, parsed as the one JSON document it prints. */
  output: unknown;
  /** Spawn to exit, as the parent saw it. */
  wallMs: number;
}

/**
 * Runs `node <args>` (the Node running this benchmark, without its tsx loader) in `cwd` and parses
 * the JSON it prints. Killed after `timeoutMs`; a non-zero exit or unparsable output is an error.
 */
export function runNode(
  args: readonly string[],
  options: { cwd: string; timeoutMs: number },
): Promise<NodeRun> {
  return runCommand(process.execPath, args, options);
}

/** {@link runNode} for any command (a Bun or Deno binary), with variables added to the environment. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs: number; env?: Record<string, string> },
): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = track(
      spawn(command, args, {
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...options.env },
      }),
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - start;
      const what = `${command} ${args.join(' ')}`;
      if (signal !== null)
        return reject(new Error(`${what} was killed (${signal}) after ${Math.round(wallMs)} ms\n${stderr}`));
      if (code !== 0) return reject(new Error(`${what} exited with ${code}\n${stderr}`));
      try {
        resolve({ output: JSON.parse(stdout) as unknown, wallMs });
      } catch {
        reject(new Error(`${what} printed no JSON: ${stdout.slice(0, 200)}\n${stderr}`));
      }
    });
  });
}

/** A number field of a child's JSON output, checked. */
export function numberField(output: unknown, field: string): number {
  const value = (output as Record<string, unknown> | null)?.[field];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`child output has no number '${field}'`);
  return value;
}
