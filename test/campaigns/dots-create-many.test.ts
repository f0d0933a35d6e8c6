import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateManyItem } from '../../src/dots/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { type ChildRun, childScript, type KillPoint, prng, runChild } from './kill-and-resume.js';

// Issue 17, Dots.eco: a createMany run SIGKILLed at random points and started again with the same
// items ends with exactly one offering per item, each with its item's fields, and every item
// reaches the caller. The kill points come from a seeded PRNG: CAMPAIGN_SEED=<n> replays a run.
const SEED = Number(process.env.CAMPAIGN_SEED ?? 17);
const N = 60;
const CONCURRENCY = 8;
const SCENARIOS = 5;
const KILLS_PER_SCENARIO = 3;

const APP = 'campaign-app';
const sim: Simulator = createSimulator({
  dots: {
    authToken: 'campaign-write-token',
    readAuthToken: 'campaign-read-token',
    apps: [{ appToken: APP }],
  },
});
beforeAll(async () => {
  await sim.listen();
});
afterAll(() => sim.close());

/**
 * The campaign's items. `alike`: items that differ only by id (the documented list cannot tell them
 * apart: a re-run looks each existing one up); `mixed`: some carry a name, some share fields.
 */
function campaign(scenario: number, shape: 'alike' | 'mixed'): CreateManyItem[] {
  return Array.from({ length: N }, (_, i) => ({
    quantity: shape === 'alike' ? 1 : 1 + (i % 3),
    title: shape === 'alike' ? 'Thank you' : `Gift ${i % 2}`,
    ...(shape === 'mixed' && i % 2 === 0 ? { nameOnCertificate: `Recipient ${i}` } : {}),
    externalUniqueId: `s${scenario}-gift-${i}`,
  }));
}

interface Summary {
  created: number;
  existing: number;
  failed: number;
  unknown: number;
  notStarted: number;
  lists: number;
  lookups: number;
  creates: number;
}

function summaryOf(run: ChildRun): Summary {
  const line = run.lines.find((candidate) => candidate.startsWith('done '));
  if (!line) throw new Error(`no summary line; stderr: ${run.stderr}`);
  const entries = line
    .slice('done '.length)
    .split(' ')
    .map((part) => part.split('='))
    .map(([key, value]) => [key, Number(value)]);
  return Object.fromEntries(entries) as Summary;
}

interface ScenarioReport {
  scenario: number;
  kills: KillPoint[];
  killed: number;
  offeringsAfterEachRun: number[];
  last: Summary;
}

const reports: ScenarioReport[] = [];

describe('Dots.eco createMany, killed and started again', () => {
  const random = prng(SEED);

  afterAll(() => {
    const kills = reports.reduce((sum, report) => sum + report.killed, 0);
    const runs = reports.reduce((sum, report) => sum + report.offeringsAfterEachRun.length, 0);
    console.log(
      `dots createMany kill-and-resume (seed ${SEED}): ${kills} kills over ${runs} runs\n${reports
        .map(
          (report) =>
            `  scenario ${report.scenario}: kills ${JSON.stringify(report.kills)}; offerings after each run ${report.offeringsAfterEachRun.join(' → ')}; last run ${JSON.stringify(report.last)}`,
        )
        .join('\n')}`,
    );
  });

  for (let scenario = 0; scenario < SCENARIOS; scenario += 1) {
    const shape = scenario % 2 === 0 ? 'alike' : 'mixed';
    // Drawn when the suite is collected, in order: the same seed gives the same kill points.
    const createDelayMs = 20 + Math.floor(random() * 30);
    // By lines: after `fresh` items more than the offerings that exist when the run starts (a
    // resumed run settles those first), so that the kill lands among new creates. By time: counted
    // from the child's start line (tsx's start-up varies with the machine), within the batch.
    const plans = Array.from(
      { length: KILLS_PER_SCENARIO },
      (): { fresh: number } | { afterMsFromFirstLine: number } =>
        random() < 0.7
          ? { fresh: 1 + Math.floor(random() * 24) }
          : { afterMsFromFirstLine: 30 + Math.floor(random() * 250) },
    );

    it(`scenario ${scenario} (${shape} items, creates answered after ${createDelayMs} ms): exactly ${N} offerings, one per item`, async () => {
      sim.clear();
      // The simulator creates at once and answers late: a kill lands between the two, mid-batch.
      sim.faults.next('dots.createOffering', { delayMs: createDelayMs, times: 1_000_000 });
      sim.faults.next('dots.listOfferings', { delayMs: 10, times: 1_000_000 });
      const items = campaign(scenario, shape);
      const input = {
        baseUrl: sim.urls?.dots.url,
        authToken: 'campaign-write-token',
        readAuthToken: 'campaign-read-token',
        appToken: APP,
        concurrency: CONCURRENCY,
        items,
      };
      const script = childScript('dots-create-many');
      const runs: ChildRun[] = [];
      const offeringsAfterEachRun: number[] = [];
      const kills: KillPoint[] = [];
      for (const plan of plans) {
        // The start line, the items that exist (each settled by the opening read or a lookup), then `fresh`.
        const kill = 'fresh' in plan ? { afterLines: 1 + sim.dots.offerings().length + plan.fresh } : plan;
        kills.push(kill);
        const run = await runChild(script, input, kill);
        runs.push(run);
        offeringsAfterEachRun.push(sim.dots.offerings().length);
        if (!run.killed) break;
      }
      const last = await runChild(script, input);
      runs.push(last);
      offeringsAfterEachRun.push(sim.dots.offerings().length);
      expect(last.code, last.stderr).toBe(0);

      // Exactly N offerings, one per external id, each with its item's fields.
      const offerings = sim.dots.offerings();
      expect(offerings).toHaveLength(N);
      for (const item of items) {
        const [offering, ...twice] = sim.dots.offerings({ externalUniqueId: item.externalUniqueId });
        expect(twice, item.externalUniqueId).toEqual([]);
        expect(offering?.fields).toMatchObject({ quantity: item.quantity, title: item.title });
        expect(offering?.fields.name_on_certificate).toBe(item.nameOnCertificate);
      }
      // Each create reached the simulator once, over all the runs: none was sent for an item an
      // earlier run had created, so none was refused as a duplicate.
      const creates = sim.requests.filter((request) => request.operation === 'dots.createOffering');
      expect(creates).toHaveLength(N);
      expect(creates.filter((request) => request.status === 422)).toEqual([]);

      // The last run settles every item, and hands each one's offering to its caller.
      const summary = summaryOf(last);
      expect(summary).toMatchObject({ failed: 0, unknown: 0, notStarted: 0, lists: 1 });
      expect(summary.created + summary.existing).toBe(N);
      expect(summary.creates).toBe(summary.created);
      const handed = new Map(
        last.lines
          .filter((line) => line.startsWith('offering '))
          .map((line) => line.split(' ').slice(1) as [string, string]),
      );
      expect([...handed.keys()].sort()).toEqual(items.map((item) => item.externalUniqueId).sort());
      for (const offering of offerings)
        expect(handed.get(offering.externalUniqueId ?? '')).toBe(offering.uuid);

      const killed = runs.filter((run) => run.killed).length;
      reports.push({ scenario, kills, killed, offeringsAfterEachRun, last: summary });
      // The kills landed: at least one run was killed with the batch part done.
      expect(killed).toBeGreaterThanOrEqual(1);
    });
  }

  it('the kills landed mid-batch in at least one scenario', () => {
    const midBatch = reports.some((report) =>
      report.offeringsAfterEachRun.slice(0, -1).some((count) => count > 0 && count < N),
    );
    expect(midBatch).toBe(true);
  });
});
