/**
 * Reserve 50 VIP passports from a brand's Arianee NMP, the docs' own use case ("Your brand wants
 * to secure 50 digital passports for loyal customers or VIPs"): one call per passport, 4 in flight,
 * stopping as soon as the pool runs dry. Passphrases are never printed: only certificate ids and
 * masked links.
 */
import { ArianeeClient, type ArianeeLinkObject, parseArianeeLink } from 'reservekit/arianee';
import type { ExampleEnv, ExampleSummary } from './support/example-env.js';

const WANTED = 50;

/** `https://test.arianee.net/440105186,••••••`: enough to recognise a link, useless to claim it. */
function maskedLink(passport: ArianeeLinkObject): string {
  try {
    const { origin, certificateId } = parseArianeeLink(passport.deeplink.link);
    return `${origin}/${certificateId},••••••`;
  } catch {
    return '(link in an unexpected form, not shown)';
  }
}

export async function run(env: ExampleEnv): Promise<ExampleSummary> {
  const { baseUrl, apiKey, tag } = env.arianee;
  const arianee = new ArianeeClient({ baseUrl, apiKey });
  try {
    env.log(`Reserving ${WANTED} passports tagged "${tag}"…`);
    const batch = await arianee.reserveMany({
      tags: tag,
      count: WANTED,
      concurrency: 4,
      onProgress: ({ reserved }) => env.progress('arianee', reserved, WANTED),
    });

    for (const passport of batch.reserved) {
      env.log(`  passport ${passport.certificateId}  ${maskedLink(passport)}`);
    }
    if (batch.exhausted) {
      env.log(
        `The pool "${tag}" ran dry after ${batch.reserved.length} of ${WANTED}: add passports in the NMP.`,
      );
    } else if (batch.aborted) {
      env.log(`Aborted after ${batch.reserved.length} of ${WANTED}.`);
    } else if (batch.stoppedBy) {
      env.log(`Stopped early (${batch.stoppedBy.code}): ${batch.stoppedBy.message}`);
    }
    for (const { error } of batch.failed) env.log(`  failed call: ${error.message}`);
    if (batch.unknownOutcomes > 0) {
      env.log(
        `${batch.unknownOutcomes} failed call(s) may have reserved a passport this run never saw: ` +
          'check the pool in the NMP back office and reset them there.',
      );
    }

    const stopped = batch.exhausted
      ? 'pool empty'
      : batch.aborted
        ? 'aborted'
        : batch.stoppedBy
          ? batch.stoppedBy.code
          : batch.unknownOutcomes > 0
            ? 'count reached, some unseen'
            : 'all reserved';
    return {
      title: `Arianee: reserve ${WANTED} VIP passports`,
      rows: [
        ['tag', tag],
        ['reserved', `${batch.reserved.length} of ${WANTED}`],
        ['outcome', stopped],
        ['failed calls', String(batch.failed.length)],
        ['may be reserved, unseen', String(batch.unknownOutcomes)],
      ],
    };
  } finally {
    await arianee.close();
  }
}

import { isMainModule, runStandalone } from './support/standalone.js';

if (isMainModule(import.meta.url)) await runStandalone(run);
