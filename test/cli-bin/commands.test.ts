import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type BinRun, runBin, type StatePassport, useBinAndSimulate, words } from './support.js';

// Every command of the built `reservekit` bin, spawned against `reservekit simulate` (also the
// built bin) through the environment variables it prints: what a user runs.

const fixture = useBinAndSimulate();
/** Runs the bin against the simulator, with its variables, plus `env`. */
function reservekit(args: string | readonly string[], env: Record<string, string> = {}): Promise<BinRun> {
  return runBin(fixture.bin, args, { ...fixture.sim.info.env, ...env });
}

/** The credentials the simulator accepts: no output of any command may hold one. */
function credentials(): string[] {
  const { arianee, didww, dots } = fixture.sim.info.credentials;
  return [arianee.apiKey, didww.apiKey, dots.authToken, dots.appToken];
}

function expectNone(
  run: BinRun,
  secrets: readonly string[],
  where: 'stdout' | 'stderr' | 'both' = 'both',
): void {
  for (const secret of secrets) {
    if (where !== 'stdout') expect(run.stderr).not.toContain(secret);
    if (where !== 'stderr') expect(run.stdout).not.toContain(secret);
  }
}

async function passports(state?: StatePassport['state']): Promise<StatePassport[]> {
  const { body } = await fixture.sim.control<{ arianee: { passports: StatePassport[] } }>('/state');
  return body.arianee.passports.filter((passport) => state === undefined || passport.state === state);
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

interface LinkRow {
  certificateId: string;
  passphrase: string;
  link: string;
}

describe('arianee reserve', () => {
  it('--out vip.csv: every passport the NMP reserved is a row, read back by a CSV parser; no secret on stdout or stderr', async () => {
    const out = join(fixture.dir, 'vip.csv');
    const run = await reservekit([...words('arianee reserve --tags vip --count 5 --out'), out]);
    expect(run.code).toBe(0);
    const rows = parse(await readFile(out, 'utf8'), { columns: true }) as LinkRow[];
    const reserved = await passports('reserved');
    expect(rows).toHaveLength(5);
    expect(rows.map((row) => `${row.certificateId},${row.passphrase}`).sort()).toEqual(
      reserved.map((passport) => `${passport.certificateId},${passport.passphrase}`).sort(),
    );
    for (const row of rows)
      expect(row.link).toBe(`https://test.arianee.net/${row.certificateId},${row.passphrase}`);
    expect(run.stdout).toMatch(/reserved\s+5 of 5 asked/);
    expectNone(run, [...credentials(), ...reserved.map((passport) => passport.passphrase)]);
  });

  it('--json --format link: one JSON line per passport, then the summary', async () => {
    const run = await reservekit('arianee reserve --tags vip --count 3 --format link --json');
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    const reserved = await passports('reserved');
    expect(
      lines
        .slice(0, 3)
        .map((line) => line.passphrase)
        .sort(),
    ).toEqual(reserved.map((passport) => passport.passphrase).sort());
    expect(lines.map((line) => line.type)).toEqual(['passport', 'passport', 'passport', 'summary']);
    expectNone(run, [...credentials(), ...reserved.map((passport) => passport.passphrase)], 'stderr');
  });

  it('a pool that runs dry part way: the links taken are stored, exit 3, and the summary says what to do', async () => {
    await fixture.sim.control('/seed', { body: { arianee: { passports: [{ tags: 'dry', count: 3 }] } } });
    const out = join(fixture.dir, 'dry.csv');
    const run = await reservekit([...words('arianee reserve --tags dry --count 5 --out'), out]);
    expect(run.code).toBe(3);
    expect(parse(await readFile(out, 'utf8'), { columns: true })).toHaveLength(3);
    expect(run.stdout).toMatch(/pool empty\s+yes/);
    expect(run.stdout).toContain('run the same command with --resume');
  });

  it('an empty pool from the start is a refusal: exit 2', async () => {
    const run = await reservekit('arianee reserve --tags nobody --count 2 --json');
    expect(run.code).toBe(2);
    expect(jsonLines(run.stdout).at(-1)).toMatchObject({ type: 'summary', reserved: 0, poolEmpty: true });
  });

  it('a missing credential: one line naming it, exit 1, nothing sent', async () => {
    const run = await reservekit('arianee reserve --tags vip --count 2 --json', {
      RESERVEKIT_ARIANEE_API_KEY: '',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'reservekit arianee: RESERVEKIT_ARIANEE_API_KEY is not set (or pass --api-key); --simulator runs the command against a local simulator without credentials\n',
    );
    expect((await fixture.sim.control<unknown[]>('/requests')).body).toEqual([]);
  });

  it('a provider failing with 502: exit 4, each call that may have reserved listed, with what to do', async () => {
    await fixture.sim.control('/faults', { body: { target: 'arianee.reserveOne', status: 502, times: 20 } });
    const run = await reservekit('arianee reserve --tags vip --count 3 --max-failures 3 --json');
    expect(run.code).toBe(4);
    const summary = jsonLines(run.stdout).at(-1) as {
      reserved: number;
      unknownOutcomes: number;
      failed: { name: string; outcome: string; status: number; mayHaveReserved: boolean }[];
      advice: string[];
    };
    expect(summary.reserved).toBe(0);
    expect(summary.unknownOutcomes).toBe(3);
    expect(summary.failed).toHaveLength(3);
    for (const failure of summary.failed)
      expect(failure).toMatchObject({
        name: 'ServerError',
        outcome: 'unknown',
        status: 502,
        mayHaveReserved: true,
      });
    expect(summary.advice[0]).toContain('reset unclaimed passports tagged vip in the NMP back office');
  });

  it('the table mode lists failed calls on stdout, never a secret on stderr', async () => {
    await fixture.sim.control('/faults', { body: { target: 'arianee.reserveOne', status: 502, times: 1 } });
    const out = join(fixture.dir, 'failed.csv');
    const run = await reservekit([
      ...words('arianee reserve --tags vip --count 2 --concurrency 1 --out'),
      out,
    ]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Failed calls:\n  ServerError (may have reserved)');
    expect(run.stdout).toMatch(/unknown outcomes\s+1/);
    // The 502 took nothing (a status fault does not act), but the CLI cannot know: the call holds its
    // place, so one more is reserved, not two.
    const reserved = await passports('reserved');
    expect(reserved).toHaveLength(1);
    expectNone(run, [...credentials(), ...reserved.map((passport) => passport.passphrase)]);
  });
});

describe('didww', () => {
  interface Number {
    id: string;
    number: string;
  }

  it('countries --iso GB', async () => {
    const run = await reservekit('didww countries --iso GB --json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      countries: [
        { id: 'c0a1d000-0000-4000-8000-000000000826', iso: 'GB', name: 'United Kingdom', prefix: '44' },
      ],
    });
  });

  it('numbers --country GB --limit 3, then hold two by id, list them, release them', async () => {
    const numbers = await reservekit('didww numbers --country GB --limit 3 --json');
    expect(numbers.code).toBe(0);
    const found = JSON.parse(numbers.stdout) as { numbers: Number[]; totalCount: number };
    expect(found.numbers).toHaveLength(3);
    expect(found.totalCount).toBe(10);

    const ids = found.numbers.slice(0, 2).map((did) => did.id);
    const hold = await reservekit([...words('didww hold'), ...ids, '--description', 'order 42', '--json']);
    expect(hold.code).toBe(0);
    const { holds } = JSON.parse(hold.stdout) as {
      holds: { id: string; availableDidId: string; status: string }[];
    };
    expect(holds.map((h) => h.availableDidId)).toEqual(ids);
    expect(holds.map((h) => h.status)).toEqual(['created', 'created']);

    const listed = await reservekit('didww holds');
    expect(listed.code).toBe(0);
    for (const h of holds) expect(listed.stdout).toContain(h.id);
    expect(listed.stdout).toContain('order 42');

    const release = await reservekit([...words('didww release'), ...holds.map((h) => h.id), '--json']);
    expect(release.code).toBe(0);
    expect(JSON.parse(release.stdout)).toEqual({
      released: holds.map((h) => ({ id: h.id, released: true })),
      failed: [],
    });
    const state = await fixture.sim.control<{ didww: { reservations: unknown[] } }>('/state');
    expect(state.body.didww.reservations).toEqual([]);
  });

  it('hold --country --count --description: a block; run again, it is already complete and holds nothing more', async () => {
    const first = await reservekit([...words('didww hold --country GB --count 2 --description'), 'desk A']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 of 2 held (0 by an earlier run)');
    const again = await reservekit([
      ...words('didww hold --country GB --count 2 --description'),
      'desk A',
      '--json',
    ]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ existing: 2, shortfall: null });
    const state = await fixture.sim.control<{ didww: { reservations: unknown[] } }>('/state');
    expect(state.body.didww.reservations).toHaveLength(2);
  });

  it('a block larger than the stock: what there is gets held, exit 3', async () => {
    const run = await reservekit([
      ...words('didww hold --country US --count 8 --description'),
      'desk B',
      '--json',
    ]);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ shortfall: 'no_stock' });
    expect((JSON.parse(run.stdout) as { holds: unknown[] }).holds).toHaveLength(5);
  });

  it('a number not in stock is refused: listed, exit 2', async () => {
    const run = await reservekit('didww hold 00000000-0000-4000-8000-000000000000 --json');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      holds: [],
      failed: [
        { target: '00000000-0000-4000-8000-000000000000', name: 'NoInventoryError', outcome: 'rejected' },
      ],
    });
  });
});

describe('dots', () => {
  interface Offering {
    uuid: string;
    code: string;
    externalUniqueId?: string;
    prefilledClaimUrl: string;
  }

  async function offerings(): Promise<{ uuid: string; code: string; externalUniqueId?: string }[]> {
    const { body } = await fixture.sim.control<{
      dots: { offerings: { uuid: string; code: string; externalUniqueId?: string }[] };
    }>('/state');
    return body.dots.offerings;
  }

  it('create --external-id, run twice: one offering; find returns it; the table never shows its code', async () => {
    const first = await reservekit('dots create --quantity 2 --title Thanks --external-id order-1 --json');
    expect(first.code).toBe(0);
    const created = JSON.parse(first.stdout) as { offering: Offering; existing: boolean };
    expect(created.existing).toBe(false);
    const again = await reservekit('dots create --quantity 2 --title Thanks --external-id order-1');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/created\s+no: it existed already/);
    const stored = await offerings();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.code).toBe(created.offering.code);
    expectNone(again, [...credentials(), created.offering.code]);

    const find = await reservekit('dots find order-1 --json');
    expect(find.code).toBe(0);
    expect((JSON.parse(find.stdout) as { offering: Offering }).offering.uuid).toBe(created.offering.uuid);
    const findTable = await reservekit('dots find order-1');
    expect(findTable.stdout).toContain(created.offering.uuid);
    expectNone(findTable, [...credentials(), created.offering.code]);
  });

  it('a 500 on every create: exit 4, and the error says what to look the offering up by', async () => {
    await fixture.sim.control('/faults', { body: { target: 'dots.createOffering', status: 500, times: 20 } });
    const run = await reservekit('dots create --quantity 1 --external-id order-5xx --json');
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { outcome: 'unknown', lookupKey: { externalUniqueId: 'order-5xx' } },
    });
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('order-5xx');
  });

  it('create-many --from gifts.csv --out created.csv: read back with a CSV parser; a re-run creates nothing twice', async () => {
    const from = join(fixture.dir, 'gifts.csv');
    await writeFile(
      from,
      'externalUniqueId,quantity,title,nameOnCertificate\n' +
        'gift-1,1,Thank you,"Doe, Jane"\n' +
        'gift-2,2,"Merci, ""ami""",\n' +
        'gift-3,1,Thank you,Ann\n',
    );
    const out = join(fixture.dir, 'created.csv');
    const first = await reservekit([...words('dots create-many --from'), from, '--out', out]);
    expect(first.code).toBe(0);
    const rows = parse(await readFile(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.externalUniqueId, row.status])).toEqual([
      ['gift-1', 'created'],
      ['gift-2', 'created'],
      ['gift-3', 'created'],
    ]);
    const stored = await offerings();
    expect(stored).toHaveLength(3);
    for (const row of rows) {
      const offering = stored.find((candidate) => candidate.uuid === row.uuid);
      expect(offering?.code).toBe(row.code);
      expect(row.prefilledClaimUrl).toContain(`?ac=${row.code}`);
    }
    expectNone(first, [...credentials(), ...stored.map((offering) => offering.code)]);

    const again = await reservekit([...words('dots create-many --from'), from, '--out', out, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, existing: 3, requests: { creates: 0 } });
    const rerun = parse(await readFile(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rerun.map((row) => row.status)).toEqual(['existing', 'existing', 'existing']);
    expect(await offerings()).toHaveLength(3);
  });
});

describe('secrets planted in the environment are never printed', () => {
  const planted = {
    RESERVEKIT_ARIANEE_API_KEY: 'planted-arianee-key-7f3c9a',
    RESERVEKIT_DIDWW_API_KEY: 'planted-didww-key-51be02',
    RESERVEKIT_DOTS_AUTH_TOKEN: 'planted-dots-auth-token-c44d1e',
    RESERVEKIT_DOTS_APP_TOKEN: 'planted-dots-app-token-9a0b77',
  };

  it.each([
    'arianee reserve --tags vip --count 2 --json',
    'arianee reserve --tags vip --count 2 --out planted.csv',
    'didww numbers --country GB --json',
    'didww holds',
    'dots create --quantity 1 --json',
    'dots find order-1',
  ])('%s: refused (exit 2), the planted values in neither stdout nor stderr', async (line) => {
    const args = words(line).map((arg) => (arg === 'planted.csv' ? join(fixture.dir, arg) : arg));
    const run = await reservekit(args, planted);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toMatch(/AuthenticationError|Unauthorized|denied|invalid|not a manager/i);
    expectNone(run, Object.values(planted));
  });
});
