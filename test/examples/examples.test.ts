import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Simulator } from 'reservekit/testing';
import { describe, expect, it } from 'vitest';
import type { ExampleSummary } from '../../examples/support/example-env.js';
import { type ExampleModule, SIMULATED, startExampleEnv } from '../../examples/support/standalone.js';

// Every example file is found here, so a new example is covered without touching this test.
const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));
const EXAMPLES = readdirSync(EXAMPLES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && entry.name !== 'demo.ts')
  .map((entry) => entry.name.slice(0, -'.ts'.length))
  .sort();

function row(summary: ExampleSummary, label: string): string | undefined {
  return summary.rows.find(([name]) => name === label)?.[1];
}

/** What each known example must have done, beyond the checks every example gets. */
const EXPECTATIONS: Record<string, (summary: ExampleSummary, sim: Simulator) => void> = {
  'arianee-campaign'(summary, sim) {
    // Stopped after 12 links (plus the calls in flight, stored from the summary), then resumed:
    // exactly 30 passports taken, 30 distinct links stored, none lost.
    expect(row(summary, 'stored')).toBe('30 of 30');
    expect(row(summary, 'distinct')).toBe('30');
    expect(Number(row(summary, 'first run'))).toBeGreaterThanOrEqual(12);
    expect(Number(row(summary, 'first run'))).toBeLessThanOrEqual(12 + 3);
    expect(Number(row(summary, 'first run')) + Number(row(summary, 'second run'))).toBe(30);
    expect(row(summary, 'outcome')).toBe('all reserved');
    expect(sim.arianee.passports({ tag: SIMULATED.campaignTag, state: 'reserved' })).toHaveLength(30);
    expect(sim.arianee.available(SIMULATED.campaignTag)).toBe(SIMULATED.campaignPassports - 30);
    expect(sim.arianee.available(SIMULATED.tag)).toBe(SIMULATED.passports);
  },
  'arianee-reserve-vip'(summary, sim) {
    // The pool holds fewer than the 50 asked for: every passport is taken, exhaustion is reported.
    expect(row(summary, 'reserved')).toBe(`${SIMULATED.passports} of 50`);
    expect(row(summary, 'outcome')).toBe('pool empty');
    expect(sim.arianee.available(SIMULATED.tag)).toBe(0);
    expect(sim.arianee.passports({ state: 'reserved' })).toHaveLength(SIMULATED.passports);
  },
  'didww-campaign'(summary, sim) {
    // A block of 5 held with one search, the re-run found it whole and held nothing, all released.
    expect(row(summary, 'held')).toBe('5 of 5');
    expect(row(summary, 'stopped short')).toBe('no');
    expect(row(summary, 're-run found')).toBe('5');
    expect(row(summary, 're-run held')).toBe('0');
    expect(row(summary, 'released')).toBe('5');
    const creates = sim.requests.filter((request) => request.operation === 'didww.createReservation');
    expect(creates).toHaveLength(5);
    expect(creates.every((request) => request.status === 201)).toBe(true);
    expect(sim.requests.filter((request) => request.operation === 'didww.listAvailableDids')).toHaveLength(1);
    expect(sim.didww.reservations()).toEqual([]);
  },
  'didww-order-number'(summary, sim) {
    // Under 2026-11-19: one token minted, every API call a bearer call.
    expect(row(summary, 'API version')).toBe('2026-11-19');
    expect(sim.didww.tokensMinted()).toBe(1);
    const api = sim.requests.filter((request) => request.operation !== 'didww.mintToken');
    expect(
      api.every((request) => request.headers.authorization !== undefined && !('api-key' in request.headers)),
    ).toBe(true);
    expect(api.map((request) => request.operation).filter((op) => op !== 'didww.createReservation')).toEqual([
      'didww.listCountries',
      'didww.listAvailableDids',
      'didww.createOrder',
    ]);
    // One order, the number owned, its hold consumed.
    const [order, ...others] = sim.didww.orders();
    expect(others).toEqual([]);
    expect(row(summary, 'order')).toBe(order?.id);
    expect(sim.didww.ownedNumbers().map((owned) => `+${owned.number}`)).toEqual([row(summary, 'number')]);
    expect(sim.didww.reservations()).toEqual([]);
  },
  'didww-reserve-number'(summary, sim) {
    const creates = sim.requests.filter((request) => request.operation === 'didww.createReservation');
    expect(creates.length).toBeGreaterThanOrEqual(1);
    expect(creates.every((request) => request.status === 201 || request.status === 202)).toBe(true);
    // It lists and releases its holds: none is left behind.
    expect(sim.requests.some((request) => request.operation === 'didww.listReservations')).toBe(true);
    expect(sim.requests.some((request) => request.operation === 'didww.deleteReservation')).toBe(true);
    expect(sim.didww.reservations()).toEqual([]);
    expect(summary.rows.length).toBeGreaterThan(0);
  },
  'dots-campaign'(summary, sim) {
    // Stopped half way, then resumed with the same items: one offering per recipient, each create
    // sent once over both runs, and every gift handed out by the second run.
    const offerings = sim.dots.offerings();
    expect(offerings).toHaveLength(8);
    expect(new Set(offerings.map((offering) => offering.externalUniqueId)).size).toBe(8);
    expect(sim.requests.filter((request) => request.operation === 'dots.createOffering')).toHaveLength(8);
    const first = Number(row(summary, 'first run created'));
    expect(first).toBeGreaterThanOrEqual(4);
    expect(first).toBeLessThan(8);
    expect(Number(row(summary, 'second run created'))).toBe(8 - first);
    expect(Number(row(summary, 'second run found existing'))).toBe(first);
    expect(row(summary, 'second run requests')).toMatch(new RegExp(`, ${8 - first} creates$`));
    expect(row(summary, 'gifts handed out')).toBe('8 of 8');
    const printed = JSON.stringify(summary);
    for (const offering of offerings) expect(printed).not.toContain(offering.code);
  },
  'dots-gift-card'(summary, sim) {
    const [offering, ...others] = sim.dots.offerings();
    expect(others).toEqual([]);
    expect(row(summary, 'offering')).toBe(offering?.uuid);
    expect(row(summary, 'claim URL')).toBe(`${offering?.claimUrl}?ac=${offering?.code}`);
    expect(row(summary, 'found by external id')).toBe('yes');
    expect(sim.requests.filter((request) => request.operation === 'dots.createOffering')).toHaveLength(1);
  },
};

describe.each(EXAMPLES)('examples/%s.ts', (name) => {
  it('runs against the simulator and reports a summary', async () => {
    const lines: string[] = [];
    const updates: Array<[string, number, number]> = [];
    const started = await startExampleEnv({
      variables: {}, // never the real providers, whatever the machine's environment holds
      log: (line) => lines.push(line),
      progress: { update: (...args) => updates.push(args), finish: () => undefined },
    });
    const sim = started.simulator as Simulator;
    try {
      const module = (await import(
        pathToFileURL(`${EXAMPLES_DIR}${name}.ts`).href
      )) as Partial<ExampleModule>;
      expect(typeof module.run, `${name}.ts must export run(env)`).toBe('function');
      const summary = await (module.run as ExampleModule['run'])(started.env);

      expect(summary.title.trim()).not.toBe('');
      expect(summary.rows.length).toBeGreaterThan(0);
      for (const [label, value] of summary.rows) {
        expect(typeof label).toBe('string');
        expect(typeof value).toBe('string');
      }
      expect(sim.requests.length).toBeGreaterThan(0);
      expect(sim.requests.every((request) => request.operation !== 'unknown')).toBe(true);

      // Nothing printed or summarised carries a credential or a passport passphrase.
      const printed = JSON.stringify([lines, summary]);
      const { arianee, didww, dots } = sim.credentials;
      for (const secret of [arianee.apiKey, didww.apiKey, dots.authToken, dots.appToken]) {
        expect(printed).not.toContain(secret);
      }
      for (const passport of sim.arianee.passports({ state: 'reserved' })) {
        expect(printed).not.toContain(passport.passphrase);
      }
      EXPECTATIONS[name]?.(summary, sim);
    } finally {
      await started.close();
    }
  });
});

it('finds the examples', () => {
  expect(EXAMPLES).toEqual(expect.arrayContaining(['arianee-reserve-vip', 'dots-gift-card']));
});
