import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { prng } from '../campaigns/kill-and-resume.js';
import { type StatePassport, startBin, useBinAndSimulate, waitFor, words } from './support.js';

// `reservekit arianee reserve --out` killed (SIGKILL) and interrupted (SIGINT) part way: every link
// the CLI received is in the file, read back with a CSV parser, and checked against the passports
// the simulator reserved (its state, through the control API). docs/cli.md, "Links on disk".

const fixture = useBinAndSimulate();

beforeEach(async () => {
  await fixture.sim.control('/seed', { body: { arianee: { passports: [{ tags: 'kill', count: 60 }] } } });
});

interface Row {
  certificateId: string;
  passphrase: string;
  link: string;
}

async function rowsOf(path: string): Promise<Row[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return parse(text, { columns: true }) as Row[];
}

async function reserved(): Promise<string[]> {
  const { body } = await fixture.sim.control<{ arianee: { passports: StatePassport[] } }>('/state');
  return body.arianee.passports
    .filter((passport) => passport.state === 'reserved')
    .map((passport) => `${passport.certificateId},${passport.passphrase}`);
}

const key = (row: Row) => `${row.certificateId},${row.passphrase}`;

/** `arianee reserve` of the pool `kill` into `out`, started (not awaited). */
function reserve(out: string, count: number, concurrency: number, resume = false) {
  const args = [
    ...words(`arianee reserve --tags kill --count ${count} --concurrency ${concurrency} --out`),
    out,
  ];
  return startBin(fixture.bin, resume ? [...args, '--resume'] : args, fixture.sim.info.env);
}

async function pendingCalls(): Promise<number> {
  const { body } = await fixture.sim.control<{ status?: number }[]>('/requests?operation=arianee.reserveOne');
  return body.filter((entry) => entry.status === undefined).length;
}

describe('SIGKILL while calls are in flight', () => {
  it.each([1, 4])(
    'concurrency %i: killed with every slot waiting on the NMP, the file holds exactly the links the NMP handed out',
    async (concurrency) => {
      // The first 7 calls are answered; every later one is held without acting (a 503 that never
      // comes): once `concurrency` of them wait, the CLI has let go of every link it received —
      // it launches a call only when a slot is free, and a link frees its slot once it is on disk.
      await fixture.sim.control('/faults', { body: { target: 'arianee.reserveOne', delayMs: 0, times: 7 } });
      await fixture.sim.control('/faults', {
        body: { target: 'arianee.reserveOne', status: 503, delayMs: 600_000, times: 100 },
      });
      const out = join(fixture.dir, `exact-${concurrency}.csv`);
      const run = reserve(out, 40, concurrency);
      await waitFor(async () => (await pendingCalls()) === concurrency, `${concurrency} held calls`);
      run.child.kill('SIGKILL');
      const ended = await run.ended;
      expect(ended.signal).toBe('SIGKILL');
      const rows = await rowsOf(out);
      expect(rows).toHaveLength(7);
      expect(rows.map(key).sort()).toEqual((await reserved()).sort());
      for (const row of rows)
        expect(row.link).toBe(`https://test.arianee.net/${row.certificateId},${row.passphrase}`);
    },
  );

  // Kills at seeded random moments while answers are on their way (each held 50 ms after the NMP
  // acted), then a resume: nothing is stored twice, no stored link is one the NMP did not reserve,
  // and a kill costs at most `concurrency` passports (those whose answers had not arrived).
  const seed = Number(process.env.CAMPAIGN_SEED ?? 19);
  it(`seeded kills at random moments, then --resume (seed ${seed})`, async () => {
    const random = prng(seed);
    await fixture.sim.control('/faults', {
      body: { target: 'arianee.reserveOne', delayMs: 50, times: 10_000 },
    });
    const count = 30;
    const concurrency = 1 + Math.floor(random() * 6);
    const out = join(fixture.dir, `random-${seed}.csv`);
    let lost = 0;
    for (let kill = 0; kill < 3; kill += 1) {
      const run = reserve(out, count, concurrency, kill > 0);
      // The moment: up to 600 ms after the first link landed (its progress line on stderr).
      await waitFor(
        async () => run.stderr().includes('reserved ') || run.child.exitCode !== null,
        'a first link',
      );
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 600)));
      run.child.kill('SIGKILL');
      await run.ended;
      const rows = await rowsOf(out);
      const taken = await reserved();
      expect(new Set(rows.map(key)).size).toBe(rows.length);
      for (const row of rows) expect(taken).toContain(key(row));
      const lostNow = taken.length - rows.length - lost;
      expect(lostNow).toBeGreaterThanOrEqual(0);
      expect(lostNow).toBeLessThanOrEqual(concurrency);
      lost += lostNow;
    }
    const last = await reserve(out, count, concurrency, true).ended;
    expect(last.code).toBe(0);
    const rows = await rowsOf(out);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map(key)).size).toBe(count);
    const taken = await reserved();
    for (const row of rows) expect(taken).toContain(key(row));
    expect(taken).toHaveLength(count + lost);
  });
});

describe('SIGINT', () => {
  it('stops launching calls; the calls in flight finish and their links are stored: the file holds every passport reserved, exit 3', async () => {
    // Every answer held 1 s after the NMP acted: the interrupt comes while calls are in flight.
    await fixture.sim.control('/faults', {
      body: { target: 'arianee.reserveOne', delayMs: 1_000, times: 1_000 },
    });
    const out = join(fixture.dir, 'interrupted.csv');
    const run = reserve(out, 40, 4);
    await waitFor(async () => run.stderr().includes('reserved '), 'a first link');
    run.child.kill('SIGINT');
    const ended = await run.ended;
    expect(ended.code).toBe(3);
    expect(ended.stderr).toContain('stopping: no new call');
    expect(ended.stdout).toMatch(/interrupted\s+yes/);
    const rows = await rowsOf(out);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(40);
    expect(rows.map(key).sort()).toEqual((await reserved()).sort());
  });

  it('dots create-many: stops launching rows, the rows sent finish, the rest not started (exit 3); the same file again finishes, nothing created twice', async () => {
    await fixture.sim.control('/faults', {
      body: { target: 'dots.createOffering', delayMs: 500, times: 1_000 },
    });
    const from = join(fixture.dir, 'gifts.csv');
    await writeFile(
      from,
      `externalUniqueId,quantity\n${Array.from({ length: 8 }, (_, i) => `gift-${i},1`).join('\n')}\n`,
    );
    const run = startBin(
      fixture.bin,
      [...words('dots create-many --concurrency 1 --json --from'), from],
      fixture.sim.info.env,
    );
    await waitFor(async () => run.stderr().includes('settled '), 'a first row settled');
    run.child.kill('SIGINT');
    const ended = await run.ended;
    expect(ended.code).toBe(3);
    const first = JSON.parse(ended.stdout) as { created: number; notStarted: string[] };
    expect(first.created).toBeGreaterThan(0);
    expect(first.notStarted.length).toBeGreaterThan(0);
    expect(first.created + first.notStarted.length).toBe(8);

    await fixture.sim.control('/faults', { method: 'DELETE' });
    const again = startBin(
      fixture.bin,
      [...words('dots create-many --json --from'), from],
      fixture.sim.info.env,
    );
    const finished = await again.ended;
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.stdout)).toMatchObject({
      created: first.notStarted.length,
      existing: first.created,
    });
    const { body } = await fixture.sim.control<{ dots: { offerings: unknown[] } }>('/state');
    expect(body.dots.offerings).toHaveLength(8);
  });
});
