import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGiftsCsv } from '../../src/cli/commands/dots.js';
import { runInProcess, words } from './support.js';

// The CLI run in this process (src/cli/program.ts), against `--simulator` or refused before any
// request: argument parsing, exit codes, messages. test/cli-bin spawns the built bin for the rest.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reservekit-cli-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('help', () => {
  it('reservekit --help lists the commands, the variables and every exit code', async () => {
    const { code, stdout } = await runInProcess('--help');
    expect(code).toBe(0);
    for (const command of ['arianee', 'didww', 'dots', 'simulate']) expect(stdout).toContain(command);
    expect(stdout).toContain('RESERVEKIT_ARIANEE_API_KEY');
    for (const exit of [
      '0  done',
      '1  usage',
      '2  the provider refused',
      '3  partial',
      '4  transport failure',
    ])
      expect(stdout).toContain(exit);
  });

  it.each([
    ['arianee', 'reserve'],
    ['didww', 'countries'],
    ['didww', 'numbers'],
    ['didww', 'hold'],
    ['didww', 'holds'],
    ['didww', 'release'],
    ['dots', 'create'],
    ['dots', 'find'],
    ['dots', 'create-many'],
    ['simulate'],
  ])('reservekit %s %s --help describes it and exits 0', async (...command) => {
    const { code, stdout } = await runInProcess([...command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: reservekit ${command.join(' ')}`);
  });

  it('a provider without a subcommand shows its help and exits 1', async () => {
    const { code, stderr } = await runInProcess('didww');
    expect(code).toBe(1);
    expect(stderr).toContain('Usage: reservekit didww');
  });
});

describe('a missing credential', () => {
  it.each([
    [
      'arianee reserve --tags vip --count 1 --json',
      'RESERVEKIT_ARIANEE_BASE_URL and RESERVEKIT_ARIANEE_API_KEY are not set (or pass --base-url and --api-key)',
    ],
    ['didww countries', 'RESERVEKIT_DIDWW_API_KEY is not set (or pass --api-key)'],
    [
      'dots find order-1',
      'RESERVEKIT_DOTS_AUTH_TOKEN and RESERVEKIT_DOTS_APP_TOKEN are not set (or pass --auth-token and --app-token)',
    ],
  ])('%s: one line naming it and its flag, exit 1', async (argv, named) => {
    const { code, stderr } = await runInProcess(argv);
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(named);
  });

  it('is named alone when the others are set', async () => {
    const { code, stderr } = await runInProcess('arianee reserve --tags vip --count 1 --json', {
      RESERVEKIT_ARIANEE_BASE_URL: 'https://brand.nmp.example',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('RESERVEKIT_ARIANEE_API_KEY is not set (or pass --api-key)');
    expect(stderr).not.toContain('RESERVEKIT_ARIANEE_BASE_URL');
  });

  it('with --json is also a JSON document on stdout', async () => {
    const { stdout } = await runInProcess('didww holds --json');
    expect(JSON.parse(stdout)).toEqual({
      error: { name: 'UsageError', message: expect.stringContaining('RESERVEKIT_DIDWW_API_KEY') },
    });
  });

  it('RESERVEKIT_DIDWW_ENV other than sandbox or production is refused', async () => {
    const { code, stderr } = await runInProcess('didww countries', {
      RESERVEKIT_DIDWW_API_KEY: 'key',
      RESERVEKIT_DIDWW_ENV: 'staging',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('RESERVEKIT_DIDWW_ENV (or --env) must be sandbox or production');
  });
});

describe('usage errors, before any request', () => {
  it.each([
    ['arianee reserve --tags vip --count 0 --json'],
    ['arianee reserve --tags vip --count ten --json'],
    ['arianee reserve --tags vip --count 2 --format content --json'],
    ['arianee reserve --count 2 --json'],
    ['arianee reserve --tags vip --count 2 --concurrency 65 --json'],
    ['arianee reserve --tags vip --count 2 --tpyo'],
    ['didww numbers'],
    ['dots create --quantity -1'],
    ['simulate --port 70000'],
  ])('%s exits 1', async (argv) => {
    const { code, stderr } = await runInProcess(`${argv} --simulator`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/error|invalid|whole number|required/i);
  });

  it('arianee reserve needs --out or --json: the links hold passphrases, no table shows them', async () => {
    const { code, stdout, stderr } = await runInProcess('arianee reserve --tags vip --count 2 --simulator');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('say where the links go: --out');
  });

  it('a tag with a blank is refused by the SDK before any call (InputValidationError)', async () => {
    const { code, stderr } = await runInProcess([
      ...words('arianee reserve --tags'),
      'vip,',
      ...words('--count 2 --json --simulator'),
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('arianee.reserveStream');
  });

  it('an --out file that is not .csv or .jsonl is refused', async () => {
    const { code, stderr } = await runInProcess([
      ...words('arianee reserve --tags vip --count 1 --out'),
      join(dir, 'x.txt'),
      '--simulator',
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('must end in .csv or .jsonl');
  });

  it('didww hold takes ids or a block, not both, and a block needs its description', async () => {
    const both = await runInProcess('didww hold some-id --country GB --count 2 --simulator');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('not both');
    const unnamed = await runInProcess('didww hold --country GB --count 2 --simulator');
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain('--description');
  });
});

describe('arianee reserve --simulator', () => {
  it('--json prints each passport as a JSON line, then the summary', async () => {
    const { code, stdout } = await runInProcess('arianee reserve --tags vip --count 3 --json --simulator');
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.slice(0, 3).map((line) => line.type)).toEqual(['passport', 'passport', 'passport']);
    for (const passport of lines.slice(0, 3))
      expect(passport.link).toBe(`https://test.arianee.net/${passport.certificateId},${passport.passphrase}`);
    expect(lines[3]).toMatchObject({
      type: 'summary',
      asked: 3,
      reserved: 3,
      poolEmpty: false,
      unknownOutcomes: 0,
    });
  });

  it('a file of an earlier run is refused unless --resume, which reserves only what is missing', async () => {
    const out = join(dir, 'vip.csv');
    expect(
      (await runInProcess([...words('arianee reserve --tags vip --count 2 --out'), out, '--simulator'])).code,
    ).toBe(0);
    const again = await runInProcess([
      ...words('arianee reserve --tags vip --count 5 --out'),
      out,
      '--simulator',
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds 2 links: --resume');
    const resumed = await runInProcess([
      ...words('arianee reserve --tags vip --count 5 --out'),
      out,
      ...words('--resume --json --simulator'),
    ]);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ asked: 5, alreadyStored: 2, reserved: 3, stored: 5 });
    expect(parse(await readFile(out, 'utf8'), { columns: true })).toHaveLength(5);
    const done = await runInProcess([
      ...words('arianee reserve --tags vip --count 5 --out'),
      out,
      ...words('--resume --json --simulator'),
    ]);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ reserved: 0, stored: 5 });
  });

  it('an unknown tag (an empty pool) is a refusal: exit 2, nothing stored', async () => {
    const out = join(dir, 'none.csv');
    const { code, stdout } = await runInProcess([
      ...words('arianee reserve --tags nobody --count 2 --out'),
      out,
      '--simulator',
    ]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/pool empty\s+yes/);
    expect(countRows(await readFile(out, 'utf8'))).toBe(0);
  });
});

function countRows(csv: string): number {
  return (parse(csv, { columns: true }) as unknown[]).length;
}

describe('dots --simulator', () => {
  it('find of an unknown external id exits 2, saying so on stderr', async () => {
    const { code, stdout, stderr } = await runInProcess('dots find order-404 --json --simulator');
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ offering: null });
    expect(stderr).toContain('no offering has the external id order-404');
  });

  it('create shows the offering without its redeem code; --json shows it', async () => {
    const table = await runInProcess('dots create --quantity 1 --title Thanks --simulator');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('(hidden: --json shows it)');
    expect(table.stdout).not.toMatch(/e-\d{6}/);
    const json = await runInProcess('dots create --quantity 1 --external-id o-1 --json --simulator');
    const { offering } = JSON.parse(json.stdout) as { offering: { code: string; prefilledClaimUrl: string } };
    expect(offering.prefilledClaimUrl).toContain(`?ac=${offering.code}`);
  });
});

describe('dots create-many --from: the CSV', () => {
  const read = (text: string) => readGiftsCsv('gifts.csv', text);

  it('maps each column to its field, with quoted commas, numbers, yes/no and allocation lists', () => {
    expect(
      read(
        'externalUniqueId,quantity,title,sendEmailOnActivationDate,limitAllocations,maxClaimsTotal\n' +
          'g-1,2,"Thanks, friend",yes,3;4,5\n' +
          'g-2,1,,no,,\n',
      ),
    ).toEqual([
      {
        externalUniqueId: 'g-1',
        quantity: 2,
        title: 'Thanks, friend',
        sendEmailOnActivationDate: true,
        limitAllocations: [3, 4],
        maxClaimsTotal: 5,
      },
      { externalUniqueId: 'g-2', quantity: 1, sendEmailOnActivationDate: false },
    ]);
  });

  it('names the line and column of a problem, never its value', () => {
    expect(() => read('externalUniqueId,quantity\ng-1,many\n')).toThrow(
      'gifts.csv line 2, quantity: expected a whole number',
    );
    expect(() => read('externalUniqueId,quantity,code\ng-1,1,x\ng-2,,\n')).toThrow(
      'gifts.csv line 3: quantity is empty',
    );
    expect(() => read('externalUniqueId,quantity,colour\ng-1,1,red\n')).toThrow('unknown column colour');
    expect(() => read('quantity\n1\n')).toThrow('the externalUniqueId column is required');
  });

  it("the SDK's refusals name CSV lines (item 0 is line 2), exit 1", async () => {
    const from = join(dir, 'gifts.csv');
    await writeFile(from, 'externalUniqueId,quantity\ng-1,1\ng-1,2\n');
    const { code, stderr } = await runInProcess([...words('dots create-many --from'), from, '--simulator']);
    expect(code).toBe(1);
    expect(stderr).toContain('line 3, externalUniqueId: repeats the externalUniqueId of item 0');
  });
});
