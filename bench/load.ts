/** The outcome of driving one client for a while. */
export interface LoadResult {
  calls: number;
  elapsedMs: number;
  callsPerSecond: number;
  /**
   * This process's CPU time (user + system) per call, in µs: the client's own cost, which other
   * processes on the machine do not inflate the way they inflate wall time.
   */
  cpuUsPerCall: number;
}

export interface LoadPlan {
  concurrency: number;
  /** Stop starting calls after this long. */
  durationMs: number;
  /** ...or after this many calls, whichever comes first (keeps every loop bounded). */
  maxCalls: number;
}

/**
 * Runs `call` from `concurrency` workers back to back until the time or call budget is spent, and
 * reports completed calls per second. A failing call fails the measurement: a benchmark that
 * silently counts errors as work would flatter the faster-failing client.
 */
export async function runLoad(call: () => Promise<unknown>, plan: LoadPlan): Promise<LoadResult> {
  let started = 0;
  let completed = 0;
  const cpuStart = process.cpuUsage();
  const begin = performance.now();
  const deadline = begin + plan.durationMs;
  const worker = async () => {
    while (started < plan.maxCalls && performance.now() < deadline) {
      started += 1;
      await call();
      completed += 1;
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  const elapsedMs = performance.now() - begin;
  const cpu = process.cpuUsage(cpuStart);
  return {
    calls: completed,
    elapsedMs,
    callsPerSecond: (completed / elapsedMs) * 1000,
    cpuUsPerCall: (cpu.user + cpu.system) / completed,
  };
}

/** Exactly `count` calls from `concurrency` workers; returns the wall time. */
export async function runCount(
  call: () => Promise<unknown>,
  count: number,
  concurrency: number,
): Promise<number> {
  let started = 0;
  const begin = performance.now();
  const worker = async () => {
    while (started < count) {
      started += 1;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return performance.now() - begin;
}

/** The series rotated by `round`, so that no client always runs first (or right after a GC-heavy one). */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
