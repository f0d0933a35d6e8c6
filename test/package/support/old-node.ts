import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';

/** A Node.js binary older than `major.minor` on this machine, outside any node_modules, or undefined. */
export function findNodeOlderThan(
  major: number,
  minor: number,
): { path: string; version: string } | undefined {
  const candidates = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '' && !dir.split(sep).includes('node_modules'))
    .map((dir) => join(dir, 'node'))
    .concat(['/usr/local/bin/node', '/usr/bin/node']);
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if (seen.has(real)) continue;
    seen.add(real);
    let version: string;
    try {
      version = execFileSync(real, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      continue;
    }
    const [found = 0, foundMinor = 0] = version.replace(/^v/, '').split('.').map(Number);
    if (found < major || (found === major && foundMinor < minor)) return { path: real, version };
  }
  return undefined;
}
