/**
 * A passport campaign that survives a crash: `reserveStream` yields each passport as it lands and
 * the loop stores its link in a JSON-lines file (appended, then fsynced) before it takes the next.
 * The first run stops part way, as a job killed mid-batch would; the second run reads the file and
 * asks only for what is missing. Passphrases go to the file (mode 0600, deleted at the end), never
 * to the output: only certificate ids are printed.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArianeeClient, type ArianeeLinkObject } from 'reservekit/arianee';
import type { ExampleEnv, ExampleSummary } from './support/example-env.js';

const WANTED = 30;
/** The first run stops after this many links, as if its process had been killed. */
const FIRST_RUN_STOPS_AFTER = 12;

/** How many links the file holds: whole lines only (a line cut by a crash was never stored). */
function storedCount(file: string): number {
  try {
    return readFileSync(file, 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}

/** One run of the campaign: asks for what the file is missing, stores each link before the next. */
async function runCampaign(
  arianee: ArianeeClient,
  env: ExampleEnv,
  tag: string,
  file: string,
  stopAfter: number | undefined,
): Promise<{ stored: number; outcome: string }> {
  const missing = WANTED - storedCount(file);
  if (missing <= 0) return { stored: 0, outcome: 'nothing missing' };
  const fd = openSync(file, 'a', 0o600);
  const store = (passport: ArianeeLinkObject): void => {
    writeSync(
      fd,
      `${JSON.stringify({ certificateId: passport.certificateId, link: passport.deeplink.link })}\n`,
    );
    fsyncSync(fd);
  };
  let stored = 0;
  try {
    const stream = arianee.reserveStream({ tags: tag, count: missing, concurrency: 4 });
    for await (const passport of stream) {
      store(passport);
      stored += 1;
      env.progress('arianee', storedCount(file), WANTED);
      if (stored === stopAfter) break;
    }
    const summary = await stream.summary();
    // Leaving the loop early does not lose the calls in flight: their passports come here.
    for (const passport of summary.undelivered) store(passport);
    stored += summary.undelivered.length;
    for (const { error } of summary.failed) env.log(`  failed call: ${error.message}`);
    if (summary.unknownOutcomes > 0)
      env.log(
        `  ${summary.unknownOutcomes} call(s) may have reserved a passport unseen: reset them in the NMP.`,
      );
    const outcome = summary.endedEarly
      ? `stopped early, ${summary.undelivered.length} in flight stored too`
      : summary.exhausted
        ? 'pool empty'
        : summary.aborted
          ? 'aborted'
          : summary.stoppedBy
            ? summary.stoppedBy.code
            : 'all reserved';
    return { stored, outcome };
  } finally {
    closeSync(fd);
  }
}

export async function run(env: ExampleEnv): Promise<ExampleSummary> {
  const { baseUrl, apiKey } = env.arianee;
  const tag = env.arianee.campaignTag ?? env.arianee.tag;
  const dir = mkdtempSync(join(tmpdir(), 'reservekit-campaign-'));
  const file = join(dir, 'links.jsonl');
  const arianee = new ArianeeClient({ baseUrl, apiKey });
  try {
    env.log(`Campaign: ${WANTED} passports tagged "${tag}", each link stored before the next is taken.`);
    const first = await runCampaign(arianee, env, tag, file, FIRST_RUN_STOPS_AFTER);
    env.log(`First run: ${first.stored} links stored (${first.outcome}).`);
    env.log(
      `Second run: the file holds ${storedCount(file)}, asking for the ${WANTED - storedCount(file)} missing…`,
    );
    const second = await runCampaign(arianee, env, tag, file, undefined);
    env.log(`Second run: ${second.stored} links stored (${second.outcome}).`);

    const lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
    const ids = lines.map((line) => (JSON.parse(line) as { certificateId: number }).certificateId);
    env.log(`  certificate ids: ${ids.join(', ')}`);
    return {
      title: `Arianee: a campaign of ${WANTED} passports, stopped and resumed`,
      rows: [
        ['tag', tag],
        ['stored', `${lines.length} of ${WANTED}`],
        ['distinct', String(new Set(ids).size)],
        ['first run', String(first.stored)],
        ['second run', String(second.stored)],
        ['outcome', second.outcome],
      ],
    };
  } finally {
    await arianee.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

import { isMainModule, runStandalone } from './support/standalone.js';

if (isMainModule(import.meta.url)) await runStandalone(run);
