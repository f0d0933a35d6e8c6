import { join } from 'node:path';
import { CACHE_DIR, SCRIPTS_DIR } from '../build-package.js';
import { runNode } from '../run-node.js';
import { median } from '../stats.js';

export interface ColdStartStep {
  step: string;
  /** Median over the runs. */
  ms: number;
}

function isStepTimes(value: unknown): value is Record<string, number> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((ms) => typeof ms === 'number' && Number.isFinite(ms))
  );
}

/**
 * Where a cold start's time goes (children/cold-breakdown.mjs, `runs` fresh processes): undici and a
 * first raw request, then each thing the SDK adds — the package, the client, its
 * first call — timed on its own. Median ms per step, in order.
 */
export async function coldStartSteps(baseUrl: string, runs: number): Promise<ColdStartStep[]> {
  const samples = new Map<string, number[]>();
  for (let run = 0; run < runs; run += 1) {
    const { output } = await runNode([join(SCRIPTS_DIR, 'cold-breakdown.mjs'), baseUrl], {
      cwd: CACHE_DIR,
      timeoutMs: 15_000,
    });
    if (!isStepTimes(output)) throw new Error('cold-breakdown.mjs printed an unexpected result');
    for (const [step, ms] of Object.entries(output)) samples.set(step, [...(samples.get(step) ?? []), ms]);
  }
  return [...samples.entries()].map(([step, values]) => ({ step, ms: median(values) }));
}
