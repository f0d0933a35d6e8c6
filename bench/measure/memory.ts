import { join } from 'node:path';
import { CACHE_DIR, SCRIPTS_DIR } from '../build-package.js';
import type { BenchConfig } from '../config.js';
import { atMost, type DetailTable, fixed, grouped, type MeasurementResult } from '../result.js';
import { runNode } from '../run-node.js';

const GOAL_GROWTH_MB = 5;
const MB = 1024 * 1024;

interface MemorySnapshot {
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

interface MemoryOutput {
  calls: number;
  markAfter: number;
  mark: MemorySnapshot;
  end: MemorySnapshot;
  trend: { calls: number; heapUsed: number }[];
  elapsedMs: number;
}

function isMemoryOutput(value: unknown): value is MemoryOutput {
  const output = value as Partial<MemoryOutput> | null;
  return (
    typeof output?.calls === 'number' &&
    typeof output.mark?.heapUsed === 'number' &&
    typeof output.end?.heapUsed === 'number' &&
    Array.isArray(output.trend)
  );
}

/**
 * 6. Many reserveOne calls in one child process (`--expose-gc`, the built package): heap after full
 * GCs at the end against after the first 1,000 calls.
 */
export async function measureMemory(baseUrl: string, config: BenchConfig): Promise<MeasurementResult> {
  const { calls, markAfter, concurrency, timeoutMs } = config.memory;
  const { output } = await runNode(
    [
      '--expose-gc',
      join(SCRIPTS_DIR, 'memory.mjs'),
      baseUrl,
      String(calls),
      String(markAfter),
      String(concurrency),
    ],
    { cwd: CACHE_DIR, timeoutMs },
  );
  if (!isMemoryOutput(output)) throw new Error('memory child printed an unexpected result');
  const growth = output.end.heapUsed - output.mark.heapUsed;
  const perCall = growth / (output.calls - output.markAfter);
  const mb = (bytes: number) => fixed(bytes / MB, 2);
  const table: DetailTable = {
    title: `Memory: ${grouped(output.calls)} reserveOne calls, concurrency ${concurrency} (MB = 2^20 bytes, after full GC)`,
    columns: ['', 'heap used', 'rss', 'external', 'array buffers'],
    rows: [
      [
        `after ${grouped(output.markAfter)} calls`,
        mb(output.mark.heapUsed),
        mb(output.mark.rss),
        mb(output.mark.external),
        mb(output.mark.arrayBuffers),
      ],
      [
        `after ${grouped(output.calls)} calls`,
        mb(output.end.heapUsed),
        mb(output.end.rss),
        mb(output.end.external),
        mb(output.end.arrayBuffers),
      ],
      [
        'growth',
        mb(growth),
        mb(output.end.rss - output.mark.rss),
        mb(output.end.external - output.mark.external),
        mb(output.end.arrayBuffers - output.mark.arrayBuffers),
      ],
    ],
    notes: [
      `Heap used every 10,000 calls (MB): ${output.trend.map((point) => mb(point.heapUsed)).join(', ')}.`,
      `Growth per call after the mark: ${fixed(perCall, 3)} bytes; ${grouped((output.calls / output.elapsedMs) * 1000)} calls/s including the GCs.`,
    ],
  };
  return {
    id: 'memory',
    title: '7. Memory',
    checks: [
      atMost(
        `Memory, heap growth over ${grouped(output.calls)} calls`,
        growth / MB,
        GOAL_GROWTH_MB,
        ' MB',
        2,
        true,
      ),
    ],
    details: [table],
    data: { ...output, growth, perCall },
  };
}
