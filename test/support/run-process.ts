import { type SpawnOptions, spawn } from 'node:child_process';

/** What a finished child process left: its exit code and everything it printed. */
export interface ProcessOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, collecting stdout and stderr; rejects only when it cannot start. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
