import type { SimulatorSeed } from '../testing/simulator/seed.js';

/**
 * What `--simulator` and `reservekit simulate` (without `--seed`) start with, so that every command
 * does something real: passports tagged `vip`, numbers in the United Kingdom and the United States,
 * and Dots.eco's default app (docs/cli.md, "Trying it out").
 */
export const DEMO_SEED: SimulatorSeed = {
  arianee: { passports: [{ tags: 'vip', count: 100 }] },
  didww: {
    availableDids: [
      // 44 20 7946 0xxx is Ofcom's range for drama: never a real subscriber.
      {
        countryIso: 'GB',
        numbers: Array.from({ length: 10 }, (_, i) => `4420794600${10 + i}`),
        areaName: 'London',
      },
      // 1 555 01xx is reserved for fiction in the North American plan.
      {
        countryIso: 'US',
        numbers: Array.from({ length: 5 }, (_, i) => `1202555010${i}`),
        areaName: 'Washington',
      },
    ],
  },
};
