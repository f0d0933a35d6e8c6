import { execFileSync } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';

/** Where and how the numbers were taken: they mean little without it. */
export interface Environment {
  date: string;
  mode: 'full' | 'quick';
  node: string;
  os: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  commit: string | undefined;
  durationS: number;
}

function currentCommit(): string | undefined {
  try {
    // Read-only: the commit the numbers belong to.
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

export function describeEnvironment(quick: boolean, durationMs: number): Environment {
  const processors = cpus();
  return {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    node: process.version,
    os: `${platform()} ${release()}`,
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    commit: currentCommit(),
    durationS: Math.round(durationMs / 1000),
  };
}
