/**
 * A Dots.eco gift campaign: one eco-club offering per recipient, created with `createMany`. The
 * first run is stopped half way (as a job killed by its platform would be), and the second run,
 * given the same items, creates only what is missing: it finds the offerings the first run made by
 * their external ids and creates nothing twice. Redeem codes are never printed.
 */
import { randomUUID } from 'node:crypto';
import { type CreateManyItem, DotsClient, prefilledClaimUrl } from 'reservekit/dots';
import type { ExampleEnv, ExampleSummary } from './support/example-env.js';

const RECIPIENTS = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken'];

export async function run(env: ExampleEnv): Promise<ExampleSummary> {
  const client = new DotsClient({
    baseUrl: env.dots.baseUrl,
    authToken: env.dots.authToken,
    appToken: env.dots.appToken,
  });
  try {
    // The campaign's id is chosen once and stored with the campaign; each item's id derives from
    // it and the recipient, so a re-run builds exactly the same items.
    const campaign = `spring-${randomUUID().slice(0, 8)}`;
    const items: CreateManyItem[] = RECIPIENTS.map((name, index) => ({
      quantity: 1,
      title: 'A thank-you gift',
      nameOnCertificate: name,
      externalUniqueId: `${campaign}-recipient-${index}`,
    }));

    env.log(`Campaign ${campaign}: ${items.length} gifts. First run, stopped half way…`);
    const stop = new AbortController();
    const first = await client.ecoClubOfferings.createMany(items, {
      concurrency: 2,
      signal: stop.signal,
      onProgress: ({ done, total }) => {
        env.progress('dots', done, total);
        if (done >= total / 2) stop.abort();
      },
    });
    env.log(
      `  created ${first.created.length}, not started ${first.notStarted.length} (aborted: ${first.aborted})`,
    );

    env.log('Second run, with the same items…');
    const second = await client.ecoClubOfferings.createMany(items, {
      concurrency: 4,
      onProgress: ({ done, total }) => env.progress('dots', done, total),
    });
    env.log(
      `  created ${second.created.length}, already there ${second.existing.length}, failed ${second.failed.length}, unknown ${second.unknown.length}`,
    );
    for (const { item, error } of [...second.failed, ...second.unknown])
      env.log(`  ${item.externalUniqueId}: ${error.message}`);

    // Every gift reaches the caller, whichever run created it: store the claim links now.
    const links = [...second.created, ...second.existing].map(({ item, offering }) => ({
      recipient: item.nameOnCertificate ?? '',
      link: prefilledClaimUrl(offering).replace(/ac=.*/, 'ac=••••••'),
    }));
    for (const { recipient, link } of links) env.log(`  ${recipient.padEnd(9)} ${link}`);

    const { lists, lookups, creates } = second.requests;
    return {
      title: `Dots.eco: a campaign of ${items.length} gifts, stopped and resumed`,
      rows: [
        ['campaign', campaign],
        ['first run created', String(first.created.length)],
        ['second run created', String(second.created.length)],
        ['second run found existing', String(second.existing.length)],
        ['second run requests', `${lists} list, ${lookups} lookups, ${creates} creates`],
        ['gifts handed out', `${links.length} of ${items.length}`],
      ],
    };
  } finally {
    await client.close();
  }
}

import { isMainModule, runStandalone } from './support/standalone.js';

if (isMainModule(import.meta.url)) await runStandalone(run);
