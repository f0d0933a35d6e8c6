import { join } from 'node:path';
import { CACHE_DIR, entryNames, SCRIPTS_DIR } from '../build-package.js';
import type { BenchConfig } from '../config.js';
import { type DetailTable, fixed, type MeasurementResult } from '../result.js';
import { numberField, runNode } from '../run-node.js';
import { median } from '../stats.js';

const CHILD_TIMEOUT_MS = 15_000;
// Reference rows: what undici, the one runtime dependency, costs on its own; and zod's package,
// which the SDK does not load (it bundles the parts it uses).
const REFERENCES: Record<string, string> = {
  undici: 'undici (dependency, reference)',
  zod: 'zod package (bundled instead, reference)',
};

/** `index` → `reservekit`, `arianee/index` → `reservekit/arianee`. */
function specifierOf(entry: string): string {
  return entry === 'index' ? 'reservekit' : `reservekit/${entry.replace(/\/index$/, '')}`;
}

async function importMs(script: string, specifier: string, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const result = await runNode([join(SCRIPTS_DIR, script), specifier], {
      cwd: CACHE_DIR,
      timeoutMs: CHILD_TIMEOUT_MS,
    });
    samples.push(numberField(result.output, 'importMs'));
  }
  return median(samples);
}

/** 3b. Bare import time of each entry point of the BUILT package, ESM `import()` and CJS `require`. */
export async function measureImportTime(config: BenchConfig): Promise<MeasurementResult> {
  const specifiers = [...entryNames().map(specifierOf), ...Object.keys(REFERENCES)];
  const rows: { specifier: string; esmMs: number; cjsMs: number }[] = [];
  for (const specifier of specifiers) {
    rows.push({
      specifier,
      esmMs: await importMs('import-time.mjs', specifier, config.importTime.runs),
      cjsMs: await importMs('import-time.cjs', specifier, config.importTime.runs),
    });
  }
  const table: DetailTable = {
    title: 'Bare import time of the built package (ms, median)',
    columns: ['module', 'ESM import()', 'CJS require'],
    rows: rows.map((row) => [REFERENCES[row.specifier] ?? row.specifier, fixed(row.esmMs), fixed(row.cjsMs)]),
    notes: [
      `${config.importTime.runs} fresh processes per cell; the time of the import alone, Node's boot excluded.`,
    ],
  };
  return { id: 'import', title: '3b. Import time', checks: [], details: [table], data: rows };
}
