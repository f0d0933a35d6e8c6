import { randomUUID } from 'node:crypto';
import { DotsClient, prefilledClaimUrl } from 'reservekit/dots';
import type { ExampleEnv, ExampleSummary } from './support/example-env.js';

/**
 * A Dots.eco gift card: create an eco-club offering exactly once, hand out its claim link with the
 * redeem code filled in, and find it again by the id we chose.
 */
export async function run(env: ExampleEnv): Promise<ExampleSummary> {
  const client = new DotsClient({
    baseUrl: env.dots.baseUrl,
    authToken: env.dots.authToken,
    appToken: env.dots.appToken,
  });
  try {
    // Our own id (an order number, say), chosen and stored before the call: if the process dies
    // mid-call, this id is how the offering is found again, without creating a second one.
    const externalUniqueId = `gift-${randomUUID()}`;
    env.log(`Creating a gift offering (external id ${externalUniqueId})…`);
    const { data: offering, meta } = await client.ecoClubOfferings
      .create({
        quantity: 1,
        title: 'A thank-you gift',
        nameOnCertificate: 'Ada Lovelace',
        externalUniqueId,
      })
      .withMeta();
    const claimUrl = prefilledClaimUrl(offering);
    env.log(
      `Created offering ${offering.uuid} after ${meta.attempts} attempt(s)${meta.reconciled ? ' (found again after a lost answer)' : ''}.`,
    );
    env.log(`Claim it at ${claimUrl}`);

    const found = await client.ecoClubOfferings.findByExternalUniqueId(externalUniqueId);
    env.log(found ? `Found it again by external id: ${found.uuid}` : 'Not found by external id (yet).');

    return {
      title: 'Dots.eco gift card',
      rows: [
        ['offering', offering.uuid],
        ['claim URL', claimUrl],
        ['attempts', String(meta.attempts)],
        ['reconciled', String(meta.reconciled)],
        ['found by external id', found?.uuid === offering.uuid ? 'yes' : 'no'],
      ],
    };
  } finally {
    await client.close();
  }
}

import { isMainModule, runStandalone } from './support/standalone.js';

if (isMainModule(import.meta.url)) await runStandalone(run);
