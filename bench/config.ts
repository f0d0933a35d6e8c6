/** How much of each measurement to run. `--quick` trades precision for a run of about a minute. */
export interface BenchConfig {
  quick: boolean;
  throughput: {
    concurrencies: readonly number[];
    rounds: number;
    roundMs: number;
    warmupMs: number;
    /** Bound on calls per round, whatever the machine's speed. */
    maxCallsPerRound: number;
  };
  latency: { rounds: number; callsPerRound: number; warmupCalls: number };
  clientCost: { rounds: number; callsPerRound: number; warmupCalls: number };
  coldStart: { runs: number; breakdownRuns: number };
  importTime: { runs: number };
  bulk: { rounds: number; count: number; concurrency: number; latencyMs: number };
  campaign: { rounds: number; count: number; concurrency: number; latencyMs: number };
  memory: { calls: number; markAfter: number; concurrency: number; timeoutMs: number };
  fleet: { workers: number; durationMs: number; concurrency: number; timeoutMs: number };
}

export function benchConfig(quick: boolean): BenchConfig {
  return {
    quick,
    throughput: {
      concurrencies: [1, 32],
      // Many short rounds rather than a few long ones: the median then shrugs off the bursts of other
      // processes' work that a shared machine has.
      rounds: quick ? 5 : 15,
      roundMs: quick ? 250 : 400,
      warmupMs: quick ? 250 : 500,
      maxCallsPerRound: 200_000,
    },
    // As for throughput: many short interleaved rounds, so that a burst of outside load lands on both
    // clients' samples rather than on one client's whole series.
    latency: { rounds: quick ? 6 : 20, callsPerRound: quick ? 500 : 750, warmupCalls: 500 },
    clientCost: { rounds: quick ? 5 : 9, callsPerRound: quick ? 5_000 : 20_000, warmupCalls: 5_000 },
    coldStart: { runs: quick ? 5 : 11, breakdownRuns: quick ? 3 : 7 },
    importTime: { runs: quick ? 3 : 5 },
    bulk: { rounds: quick ? 3 : 9, count: 1_000, concurrency: 32, latencyMs: 5 },
    campaign: { rounds: quick ? 3 : 9, count: 1_000, concurrency: 16, latencyMs: 5 },
    memory: {
      calls: quick ? 20_000 : 100_000,
      markAfter: 1_000,
      concurrency: 32,
      timeoutMs: 180_000,
    },
    fleet: { workers: 8, durationMs: quick ? 4_000 : 10_000, concurrency: 4, timeoutMs: 60_000 },
  };
}
