import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runChild } from '../campaigns/kill-and-resume.js';
import type { CallerInput } from './children/didww-caller.js';

const CALLER = fileURLToPath(new URL('./children/didww-caller.ts', import.meta.url));

/**
 * Runs `processes` child processes of ./children/didww-caller.ts at once, as a fleet sharing one
 * key, and checks that each made its calls without a failure.
 */
export async function runFleet(processes: number, input: CallerInput): Promise<void> {
  const runs = await Promise.all(
    Array.from({ length: processes }, () => runChild(CALLER, input, {}, 120_000)),
  );
  for (const run of runs) {
    expect(run.stderr).toBe('');
    expect(run.lines.at(-1)).toBe(`done ${JSON.stringify({ calls: input.calls, failed: 0 })}`);
  }
}
