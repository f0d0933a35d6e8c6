import { join } from 'node:path';
import { CACHE_DIR, SCRIPTS_DIR } from '../build-package.js';
import type { BenchConfig } from '../config.js';
import { rotate } from '../load.js';
import { atMost, type DetailTable, fixed, type MeasurementResult } from '../result.js';
import { numberField, runNode } from '../run-node.js';
import { median, pairedRatios } from '../stats.js';
import { coldStartSteps } from './cold-start-steps.js';

const GOAL_RATIO = 1.15;
const CHILD_TIMEOUT_MS = 15_000;

const SCRIPTS = [
  { id: 'sdk-esm', file: 'cold-sdk.mjs' },
  { id: 'raw-esm', file: 'cold-raw.mjs' },
  { id: 'sdk-cjs', file: 'cold-sdk.cjs' },
  { id: 'raw-cjs', file: 'cold-raw.cjs' },
] as const;
type ScriptId = (typeof SCRIPTS)[number]['id'];

interface Series {
  /** Process start to passport in hand, measured inside the child (its `performance.now()`). */
  doneMs: number[];
  /** Spawn to exit, measured by the parent (adds process creation and teardown). */
  wallMs: number[];
}

/**
 * 3. Cold start: fresh processes that import the BUILT package (ESM and CJS), build a client and
 * complete one reserveOne, against fresh processes doing the same with raw undici. Interleaved.
 */
export async function measureColdStart(baseUrl: string, config: BenchConfig): Promise<MeasurementResult> {
  const series: Record<ScriptId, Series> = {
    'sdk-esm': { doneMs: [], wallMs: [] },
    'raw-esm': { doneMs: [], wallMs: [] },
    'sdk-cjs': { doneMs: [], wallMs: [] },
    'raw-cjs': { doneMs: [], wallMs: [] },
  };
  // One unrecorded run of each first: the OS file cache, not the package, would otherwise pay.
  for (const script of SCRIPTS) {
    await runNode([join(SCRIPTS_DIR, script.file), baseUrl], { cwd: CACHE_DIR, timeoutMs: CHILD_TIMEOUT_MS });
  }
  for (let run = 0; run < config.coldStart.runs; run += 1) {
    for (const script of rotate(SCRIPTS, run)) {
      const result = await runNode([join(SCRIPTS_DIR, script.file), baseUrl], {
        cwd: CACHE_DIR,
        timeoutMs: CHILD_TIMEOUT_MS,
      });
      series[script.id].doneMs.push(numberField(result.output, 'doneMs'));
      series[script.id].wallMs.push(result.wallMs);
    }
  }

  const steps = await coldStartSteps(baseUrl, config.coldStart.breakdownRuns);
  const sdkAdds = steps
    .filter((step) => step.step.startsWith('SDK adds'))
    .reduce((sum, step) => sum + step.ms, 0);

  const ratio = (sdk: ScriptId, raw: ScriptId) =>
    median(pairedRatios(series[sdk].doneMs, series[raw].doneMs));
  const esmRatio = ratio('sdk-esm', 'raw-esm');
  const cjsRatio = ratio('sdk-cjs', 'raw-cjs');
  const row = (label: string, id: ScriptId) => [
    label,
    fixed(median(series[id].doneMs)),
    fixed(Math.min(...series[id].doneMs)),
    fixed(median(series[id].wallMs)),
  ];
  const table: DetailTable = {
    title: 'Cold start: fresh process → import → client → one reserveOne (ms)',
    columns: ['', 'median to passport', 'min to passport', 'median spawn→exit'],
    rows: [
      row('SDK, ESM', 'sdk-esm'),
      row('raw undici, ESM', 'raw-esm'),
      row('SDK, CJS', 'sdk-cjs'),
      row('raw undici, CJS', 'raw-cjs'),
    ],
    notes: [
      `${config.coldStart.runs} runs each, interleaved, after one unrecorded run each. "To passport" is the child's own clock (from process start, so Node's boot is included); ratios are medians of same-run ratios of it.`,
      `SDK − raw (median, ESM): ${fixed(median(series['sdk-esm'].doneMs) - median(series['raw-esm'].doneMs))} ms.`,
    ],
  };
  const stepsTable: DetailTable = {
    title: 'Where the cold start goes, ESM, step by step in one process (ms, median)',
    columns: ['step', 'ms'],
    rows: steps.map((step) => [step.step, fixed(step.ms)]),
    notes: [
      `${config.coldStart.breakdownRuns} runs of bench/children/cold-breakdown.mjs; each step is timed after the previous ones, so an import does not pay for what an earlier one loaded. The SDK adds ${fixed(sdkAdds)} ms in all.`,
    ],
  };
  return {
    id: 'cold-start',
    title: '3. Cold start',
    checks: [
      atMost('Cold start to first passport, ESM (SDK / raw)', esmRatio, GOAL_RATIO, '×'),
      atMost('Cold start to first passport, CJS (SDK / raw)', cjsRatio, GOAL_RATIO, '×'),
    ],
    details: [table, stepsTable],
    data: { series, esmRatio, cjsRatio, steps },
  };
}
