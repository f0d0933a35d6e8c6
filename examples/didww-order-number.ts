import { NoInventoryError } from 'reservekit';
import type { CreatedDidReservation } from 'reservekit/didww';
import { didwwClient, exampleCountry } from './support/didww-client.js';
import type { ExampleEnv, ExampleSummary } from './support/example-env.js';

// A number can be taken between listing it and holding it: try a few before giving up.
const CANDIDATES = 3;

/**
 * From an ISO country code to a number you own, in one walk: country → numbers in stock → a hold →
 * an order of the held number. On DIDWW API 2026-11-19, whose calls carry bearer tokens minted from
 * the key, when a token service is known (the simulator's, or `RESERVEKIT_DIDWW_TOKEN_URL`);
 * else on 2026-04-16 with `Api-Key`. Against DIDWW's sandbox an order spends the sandbox balance;
 * in production the example holds and releases the number but does not order it.
 */
export async function run(env: ExampleEnv): Promise<ExampleSummary> {
  const { tokenUrl } = env.didww;
  const client = didwwClient(env);
  try {
    // 1. The country's DIDWW id, from its ISO code.
    const country = await exampleCountry(client, env);
    env.log(
      `DIDWW ${tokenUrl ? '2026-11-19 (bearer tokens)' : '2026-04-16'}: ${country.name} is ${country.id}`,
    );

    // 2. Numbers in stock there, with their DID group's price lines (an order names one: skuId).
    const stock = await client.availableDids.list({
      filter: { countryId: country.id },
      include: 'didGroup.stockKeepingUnits',
    });

    // 3. Hold one. A lost answer is looked up, never held twice.
    let hold: CreatedDidReservation | undefined;
    let number = '';
    let skuId: string | undefined;
    for (const did of stock.data.slice(0, CANDIDATES)) {
      try {
        hold = await client.didReservations.create({
          availableDidId: did.id,
          description: 'reservekit example',
        });
        number = did.number;
        skuId = did.didGroup?.stockKeepingUnits?.[0]?.id;
        env.log(`held +${number} until ${hold.expiresAt.toISOString()}`);
        break;
      } catch (error) {
        if (!(error instanceof NoInventoryError)) throw error;
        env.log(`+${did.number} cannot be held; trying the next`);
      }
    }
    if (hold === undefined) throw new Error(`none of the first ${CANDIDATES} numbers in stock could be held`);
    if (skuId === undefined) throw new Error(`+${number}'s DID group lists no price line to order it with`);

    // 4. Order the held number: the hold is consumed. An order is never resent after an unknown
    // outcome: its error's lookupKey names the hold and the externalReferenceId to check.
    if (env.didww.environment === 'production') {
      await client.didReservations.delete(hold.id);
      env.log('production: released the hold instead of ordering (an order spends money)');
      return {
        title: 'DIDWW: from GB to an order',
        rows: [
          ['number', `+${number}`],
          ['ordered', 'no (production)'],
        ],
      };
    }
    const externalReferenceId = `reservekit-example-${hold.id}`;
    const order = await client.orders.create({
      items: [{ skuId, didReservationId: hold.id }],
      externalReferenceId,
    });
    env.log(`ordered +${number}: order ${order.reference ?? order.id}, ${order.status}`);

    return {
      title: `DIDWW: from ${country.iso} to an order`,
      rows: [
        ['API version', tokenUrl ? '2026-11-19' : '2026-04-16'],
        ['country', `${country.name} (${country.iso}, +${country.prefix})`],
        ['number', `+${number}`],
        ['order', order.id],
        ['order status', order.status],
        ['external reference', externalReferenceId],
      ],
    };
  } finally {
    await client.close();
  }
}

import { isMainModule, runStandalone } from './support/standalone.js';

if (isMainModule(import.meta.url)) await runStandalone(run);
