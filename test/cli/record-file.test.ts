import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LINK_COLUMNS, linkRecord } from '../../src/cli/commands/arianee-reserve.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { countRecords, csvLine, RecordAppender, recordFormatOf } from '../../src/cli/record-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reservekit-cli-records-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('CSV rows', () => {
  it('quote an Arianee link (it holds a comma) so that a CSV parser reads it back whole', () => {
    const record = linkRecord('https://test.arianee.net/440105186,v6lsj4vhg5dx');
    const line = csvLine(LINK_COLUMNS, { ...record });
    expect(line).toBe('440105186,v6lsj4vhg5dx,"https://test.arianee.net/440105186,v6lsj4vhg5dx"\n');
    expect(parse(line)).toEqual([
      ['440105186', 'v6lsj4vhg5dx', 'https://test.arianee.net/440105186,v6lsj4vhg5dx'],
    ]);
  });

  it('quote quotes and line breaks, and leave an unset field empty', () => {
    const line = csvLine(['a', 'b', 'c'], { a: 'say "hi"', b: 'two\nlines' });
    expect(parse(line)).toEqual([['say "hi"', 'two\nlines', '']]);
  });

  it('take a link object as it is, and keep a link of another shape as it came', () => {
    expect(
      linkRecord({
        method: 'requestOwnership',
        certificateId: 1,
        passphrase: 'p',
        deeplink: { certificateId: 1, passphrase: 'p', link: 'https://test.arianee.net/1,p' },
      }),
    ).toEqual({ certificateId: 1, passphrase: 'p', link: 'https://test.arianee.net/1,p' });
    expect(linkRecord('arianee://claim?x=1')).toEqual({
      certificateId: undefined,
      passphrase: undefined,
      link: 'arianee://claim?x=1',
    });
  });
});

describe('record files', () => {
  it('take their format from the extension, and refuse any other', () => {
    expect(recordFormatOf('vip.csv')).toBe('csv');
    expect(recordFormatOf('vip.JSONL')).toBe('jsonl');
    expect(recordFormatOf('vip.ndjson')).toBe('jsonl');
    expect(() => recordFormatOf('vip.txt')).toThrow(UsageError);
  });

  it('are created with mode 0600 and a header, each record appended on its own line', async () => {
    const path = join(dir, 'links.csv');
    const file = new RecordAppender(path, 'csv', LINK_COLUMNS);
    file.append({ certificateId: 1, passphrase: 'a', link: 'https://x/1,a' });
    file.append({ certificateId: 2, passphrase: 'b', link: 'https://x/2,b' });
    file.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(parse(await readFile(path, 'utf8'), { columns: true })).toEqual([
      { certificateId: '1', passphrase: 'a', link: 'https://x/1,a' },
      { certificateId: '2', passphrase: 'b', link: 'https://x/2,b' },
    ]);
    expect(countRecords(path, 'csv', LINK_COLUMNS)).toBe(2);
  });

  it('appended to again keep their one header', async () => {
    const path = join(dir, 'links.csv');
    for (const id of [1, 2]) {
      const file = new RecordAppender(path, 'csv', LINK_COLUMNS);
      file.append({ certificateId: id, passphrase: 'p', link: `https://x/${id},p` });
      file.close();
    }
    expect(
      (await readFile(path, 'utf8')).split('\n').filter((line) => line.startsWith('certificateId')),
    ).toHaveLength(1);
    expect(countRecords(path, 'csv', LINK_COLUMNS)).toBe(2);
  });

  it('count JSON lines', async () => {
    const path = join(dir, 'links.jsonl');
    const file = new RecordAppender(path, 'jsonl', LINK_COLUMNS);
    file.append({ certificateId: 1, passphrase: 'a', link: 'https://x/1,a' });
    file.close();
    expect(JSON.parse((await readFile(path, 'utf8')).trim())).toEqual({
      certificateId: 1,
      passphrase: 'a',
      link: 'https://x/1,a',
    });
    expect(countRecords(path, 'jsonl', LINK_COLUMNS)).toBe(1);
  });

  it('that do not exist or are empty hold 0 records', async () => {
    expect(countRecords(join(dir, 'none.csv'), 'csv', LINK_COLUMNS)).toBe(0);
    await writeFile(join(dir, 'empty.csv'), '');
    expect(countRecords(join(dir, 'empty.csv'), 'csv', LINK_COLUMNS)).toBe(0);
  });

  it('cut mid-line, or of other columns, are refused for resuming', async () => {
    await writeFile(join(dir, 'cut.csv'), 'certificateId,passphrase,link\n1,a,"https://x/1');
    expect(() => countRecords(join(dir, 'cut.csv'), 'csv', LINK_COLUMNS)).toThrow(/middle of a line/);
    await writeFile(join(dir, 'other.csv'), 'name,email\nJane,j@x\n');
    expect(() => countRecords(join(dir, 'other.csv'), 'csv', LINK_COLUMNS)).toThrow(/header/);
    await writeFile(join(dir, 'bad.jsonl'), '{"a":1}\nnot json\n');
    expect(() => countRecords(join(dir, 'bad.jsonl'), 'jsonl', LINK_COLUMNS)).toThrow(/line 2/);
  });
});
