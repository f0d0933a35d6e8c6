import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import type { ArianeeStreamInput } from './children/arianee-stream.js';
import { type ChildRun, childScript, type KillPoint, prng, runChild } from './kill-and-resume.js';

// Arianee reserveStream, killed with SIGKILL part way and started again with the same input: the
// child stores each link (append + fsync) before it pulls the next, and a re-run asks for what is
// missing. At each kill, the passports taken at the NMP but not stored are the calls that were in
// flight (or answered but not yet stored): never more than `concurrency`. At the end the file
// holds exactly `count` links, none twice, each a passport the NMP reserved.

const SEED = 0x1a_2017;
const SCENARIOS = 5;
const KILLS_PER_SCENARIO = 3;
const COUNT = 24;
const POOL = 60;
const ANSWER_DELAY_MS = 20;

const sim = createSimulator();
let baseUrl = '';
const dir = mkdtempSync(join(tmpdir(), 'reservekit-arianee-campaign-'));
beforeAll(async () => {
  baseUrl = (await sim.listen()).arianee.url;
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function storedLines(file: string): { certificateId: number; link: string }[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as { certificateId: number; link: string });
}

interface KillRecord {
  point: KillPoint;
  concurrency: number;
  stored: number;
  lost: number;
}

describe('arianee.reserveStream killed and resumed', () => {
  it(`ends with exactly ${COUNT} stored links, none twice; each kill costs at most concurrency passports`, async () => {
    const random = prng(SEED);
    const kills: KillRecord[] = [];
    let runs = 0;
    for (let scenario = 0; scenario < SCENARIOS; scenario += 1) {
      const tag = `campaign-${scenario}`;
      const concurrency = 1 + Math.floor(random() * 6);
      // A slow store lets reservations pile up behind the loop, unless back-pressure holds them.
      const storeDelayMs = Math.floor(random() * 25);
      const file = join(dir, `${tag}.jsonl`);
      sim.clear();
      sim.arianee.addPassports(tag, POOL);
      // Every answer comes 20 ms after the NMP acted: kills land with calls in flight.
      sim.faults.next('arianee.reserveOne', { delayMs: ANSWER_DELAY_MS, times: 100_000 });
      const input: ArianeeStreamInput = {
        baseUrl,
        apiKey: sim.credentials.arianee.apiKey,
        tag,
        count: COUNT,
        concurrency,
        storeDelayMs,
        file,
      };
      const context = `seed ${SEED} scenario ${scenario} concurrency ${concurrency} store ${storeDelayMs} ms`;
      const taken = () => POOL - sim.arianee.available(tag);
      let lostSoFar = 0;
      let last: ChildRun | undefined;
      for (let k = 0; k <= KILLS_PER_SCENARIO; k += 1) {
        const storedBefore = storedLines(file).length;
        const finalRun = k === KILLS_PER_SCENARIO;
        // Half the kills after a number of printed lines (`resume`, then one per stored link),
        // half after a delay from the child's first line (mid-batch). Three draws per kill, whatever happens, so
        // the seed fixes every scenario's points.
        const [kind, fraction, ms] = [random(), random(), random()];
        const point: KillPoint = finalRun
          ? {}
          : kind < 0.5
            ? { afterLines: 2 + Math.floor(fraction * Math.max(1, COUNT - storedBefore - 2)) }
            : // From the child's first line (its work began: tsx's start-up varies with the machine),
              // within about the time the rest of the batch takes.
              {
                afterMsFromFirstLine:
                  10 +
                  Math.floor(ms * Math.ceil((COUNT - storedBefore) / concurrency) * (ANSWER_DELAY_MS + 12)),
              };
        const run = await runChild(childScript('arianee-stream'), input, point);
        runs += 1;
        last = run;
        // Let the NMP finish what the killed run had sent (answers are held 20 ms after acting).
        await new Promise((resolve) => setTimeout(resolve, ANSWER_DELAY_MS * 4 + 50));
        const stored = storedLines(file).length;
        const lost = taken() - stored - lostSoFar;
        expect(lost, `${context} kill ${k} ${JSON.stringify(point)}`).toBeGreaterThanOrEqual(0);
        expect(lost, `${context} kill ${k} ${JSON.stringify(point)}`).toBeLessThanOrEqual(concurrency);
        lostSoFar += lost;
        if (!run.killed) {
          expect(run.code, `${context}: ${run.stderr}`).toBe(0);
          expect(lost, context).toBe(0);
          break;
        }
        kills.push({ point, concurrency, stored: stored - storedBefore, lost });
      }
      expect(last?.lines.at(-1), context).toBe('done');
      const lines = storedLines(file);
      // Exactly the links asked for, none twice, each a passport the NMP reserved.
      expect(lines, context).toHaveLength(COUNT);
      expect(new Set(lines.map((line) => line.link)).size, context).toBe(COUNT);
      const reserved = new Map(
        sim.arianee
          .passports({ tag, state: 'reserved' })
          .map((passport) => [passport.certificateId, passport]),
      );
      for (const line of lines) {
        const passport = reserved.get(line.certificateId);
        expect(passport, context).toBeDefined();
        expect(line.link, context).toBe(
          `https://test.arianee.net/${line.certificateId},${passport?.passphrase}`,
        );
      }
      // Taken at the NMP == links stored + calls in flight at the kills.
      expect(taken(), context).toBe(COUNT + lostSoFar);
    }
    // For the report: how many kills, where, and what each cost.
    console.info(
      `arianee-stream: ${runs} runs, ${kills.length} kills: ${kills
        .map(
          (kill) =>
            `${JSON.stringify(kill.point)} c=${kill.concurrency} stored ${kill.stored} lost ${kill.lost}`,
        )
        .join('; ')}`,
    );
    expect(kills.length).toBeGreaterThanOrEqual(SCENARIOS);
  });
});
