export const MEASUREMENTS = [
  'throughput',
  'latency',
  'client-cost',
  'cold-start',
  'import',
  'size',
  'bulk',
  'campaign',
  'memory',
  'otel',
  'runtimes',
  'fleet',
] as const;
export type MeasurementId = (typeof MEASUREMENTS)[number];

export interface CliOptions {
  quick: boolean;
  /** The measurements to run; all by default. A partial run prints its table but writes no files. */
  only: readonly MeasurementId[];
  partial: boolean;
  /** Instead of measuring: CPU-profile the SDK's reserveOne loop and print where the time goes. */
  profile: boolean;
}

const USAGE = `usage: npm run bench -- [--quick] [--only=${MEASUREMENTS.join(',')}] [--profile]`;

function isMeasurement(value: string): value is MeasurementId {
  return (MEASUREMENTS as readonly string[]).includes(value);
}

export function parseCliOptions(argv: readonly string[]): CliOptions {
  let quick = false;
  let profile = false;
  let only: MeasurementId[] | undefined;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--profile') profile = true;
    else if (arg.startsWith('--only=')) {
      only = arg
        .slice('--only='.length)
        .split(',')
        .filter((name) => name !== '')
        .map((name) => {
          if (!isMeasurement(name)) throw new Error(`unknown measurement '${name}'\n${USAGE}`);
          return name;
        });
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument '${arg}'\n${USAGE}`);
  }
  return { quick, only: only ?? MEASUREMENTS, partial: only !== undefined, profile };
}
