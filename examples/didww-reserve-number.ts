import { NoInventoryError } from 'reservekit';
import { type CreatedDidReservation, DidwwClient } from 'reservekit/didww';
import type { ExampleEnv, ExampleSummary } from './support/example-env.js';

// A number can be taken between listing it and holding it: try a few before giving up.
const CANDIDATES = 3;

/**
 * Finds a phone number in stock in one country, holds it, lists your holds and releases it again.
 * Against the simulator by default; against DIDWW's sandbox with real credentials.
 */
export async function run(env: ExampleEnv): Promise<ExampleSummary> {
  const client = new DidwwClient({
    apiKey: env.didww.apiKey,
    environment: env.didww.environment,
    baseUrl: env.didww.baseUrl || undefined,
  });
  try {
    // 1. The country's DIDWW id, from its ISO code; then its numbers in stock, with their DID group.
    const [country] = (await client.countries.list({ filter: { iso: env.didww.countryIso } })).data;
    if (!country) throw new Error(`DIDWW has no country ${env.didww.countryIso}`);
    const stock = await client.availableDids.list({
      filter: { countryId: country.id },
      include: 'didGroup',
    });
    env.log(`DIDWW: ${stock.meta.totalCount} numbers in stock, ${stock.data.length} listed`);

    // 2. Hold one. `create` is safe to retry: a lost answer is looked up, never held twice.
    let hold: CreatedDidReservation | undefined;
    let number = '';
    for (const did of stock.data.slice(0, CANDIDATES)) {
      try {
        const { data, meta } = await client.didReservations
          .create({ availableDidId: did.id, description: 'reservekit example' })
          .withMeta();
        hold = data;
        number = did.number;
        const area = did.didGroup?.areaName ?? 'unknown area';
        env.log(
          `held +${number} (${area}) until ${data.expiresAt.toISOString()} [${data.status}, attempts ${meta.attempts}]`,
        );
        break;
      } catch (error) {
        if (!(error instanceof NoInventoryError)) throw error;
        env.log(`+${did.number} cannot be held (${error.providerMessage ?? error.message}); trying the next`);
      }
    }
    if (hold === undefined) throw new Error(`none of the first ${CANDIDATES} numbers in stock could be held`);

    // 3. Your holds: the first page for its meta, then every hold of every page.
    const firstPage = await client.didReservations.list({ page: { size: 50 } });
    let holds = 0;
    for await (const reservation of client.didReservations.list({ include: 'availableDid' })) {
      holds += 1;
      env.log(
        `  hold ${reservation.id}: +${reservation.availableDid?.number ?? '?'} until ${reservation.expiresAt.toISOString()}`,
      );
    }

    // 4. Release it: the number goes back to the pool. Releasing twice is harmless.
    const { released } = await client.didReservations.delete(hold.id);
    env.log(`released +${number}: ${released ? 'yes' : 'it was already gone'}`);

    return {
      title: 'DIDWW: hold a phone number',
      rows: [
        ['number', `+${number}`],
        ['hold', hold.id],
        ['held until', hold.expiresAt.toISOString()],
        ['create', hold.status],
        ['holds listed', String(holds)],
        ['more holds allowed', String(firstPage.meta.availableCount ?? 'not reported')],
        ['released', String(released)],
      ],
    };
  } finally {
    await client.close();
  }
}

import { isMainModule, runStandalone } from './support/standalone.js';

if (isMainModule(import.meta.url)) await runStandalone(run);
