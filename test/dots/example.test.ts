import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../../examples/dots-gift-card.js';
import { APP_TOKEN, FakeDots, WRITE_TOKEN } from './support/fake-dots.js';

let fake: FakeDots;
beforeAll(async () => {
  fake = await FakeDots.start();
});
afterAll(() => fake.server.close());

it('examples/dots-gift-card.ts creates one offering and finds it again by external id', async () => {
  const lines: string[] = [];
  const summary = await run({
    arianee: { baseUrl: 'https://unused.invalid', apiKey: 'unused', tag: 'unused' },
    didww: {
      baseUrl: 'https://unused.invalid',
      apiKey: 'unused',
      environment: 'sandbox',
      countryId: 'unused',
    },
    dots: { baseUrl: `${fake.url}/api/v1`, authToken: WRITE_TOKEN, appToken: APP_TOKEN },
    log: (line) => lines.push(line),
    progress: () => undefined,
  });
  expect(fake.offerings.size).toBe(1);
  const rows = Object.fromEntries(summary.rows);
  expect(rows['claim URL']).toMatch(/\/eco-club\/claim\?ac=e-\d+$/);
  expect(rows['found by external id']).toBe('yes');
  expect(lines.join('\n')).toContain(rows['claim URL']);
  expect(lines.join('\n')).not.toContain(WRITE_TOKEN);
});
