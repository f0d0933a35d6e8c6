import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ProcessOutput, runProcess } from '../support/run-process.js';

// docs/observability.md, "The debug switch": NODE_DEBUG=reservekit prints one redacted line per
// attempt, wait, lookup and result on stderr, through util.debuglog.

const TSX = fileURLToPath(import.meta.resolve('tsx'));
const CHILD = fileURLToPath(new URL('./children/debug-log-calls.ts', import.meta.url));
const SECRETS = {
  arianeeKey: 'arianee-PLANTED-key-4d1',
  dotsAuth: 'dots-PLANTED-auth-88c',
  dotsApp: 'dots-PLANTED-app-0e7',
};

function run(env: Record<string, string>): Promise<ProcessOutput> {
  return runProcess(process.execPath, ['--import', TSX, CHILD], {
    env: { ...process.env, DEBUG_LOG_INPUT: JSON.stringify(SECRETS), ...env },
  });
}

describe('NODE_DEBUG=reservekit', () => {
  it('prints one line per attempt, wait, lookup and result, each with its call id, no secret', async () => {
    const { stdout, stderr, code } = await run({ NODE_DEBUG: 'reservekit' });
    expect(code, stderr).toBe(0);
    const ids = JSON.parse(stdout) as { list: string; create: string; refused: string };
    const lines = stderr.trim().split('\n');
    for (const line of lines) expect(line).toMatch(/^RESERVEKIT \d+: call_[0-9a-f]{12}_[0-9a-z]+ /);
    const of = (id: string) =>
      lines.filter((line) => line.includes(`: ${id} `)).map((l) => l.replace(/^RESERVEKIT \d+: \S+ /, ''));

    // The read: 503, a wait, 200, the result.
    const list = of(ids.list);
    expect(list).toHaveLength(4);
    expect(list[0]).toMatch(
      /^dots\.ecoClubOfferings\.list attempt 1 GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/eco-club-offering\/list\/\[REDACTED\] -> 503 in \d+ ms/,
    );
    expect(list[1]).toMatch(/^dots\.ecoClubOfferings\.list waits \d+ ms \(backoff\) before trying again$/);
    expect(list[2]).toMatch(/attempt 2 GET .* -> 200 in \d+ ms/);
    expect(list[3]).toMatch(/succeeded in \d+ ms: status 200; 2 attempts, retry waits \d+ ms$/);

    // The create: its 502, the lookup (a call of its own, for the create), found, the result.
    const create = of(ids.create);
    expect(create[0]).toMatch(
      /^dots\.ecoClubOfferings\.create attempt 1 POST .*\/eco-club-offering\/add -> 502/,
    );
    expect(create).toContainEqual(
      expect.stringMatching(/lookup after attempt 1: found what the lost attempt did$/),
    );
    expect(create.at(-1)).toMatch(
      /succeeded in \d+ ms: status 200, found by a lookup \(reconciled\); 1 attempt,/,
    );
    expect(lines.some((line) => line.includes(`(for ${ids.create}) succeeded`))).toBe(true);

    // The refusal: one attempt, the result says what the provider did.
    const refused = of(ids.refused);
    expect(refused).toHaveLength(2);
    expect(refused[1]).toMatch(
      /^arianee\.reserveOne failed in \d+ ms: NoInventoryError no_inventory, outcome rejected: /,
    );

    for (const secret of Object.values(SECRETS)) expect(stderr).not.toContain(secret);
  });

  it('prints nothing without it', async () => {
    const { stdout, stderr, code } = await run({ NODE_DEBUG: '' });
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toHaveProperty('create');
    expect(stderr).not.toMatch(/RESERVEKIT/);
  });
});
