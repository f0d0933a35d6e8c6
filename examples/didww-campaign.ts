import { didwwClient, exampleCountry } from './support/didww-client.js';
import type { ExampleEnv, ExampleSummary } from './support/example-env.js';

// How many numbers the block holds: a call-centre desk's worth.
const BLOCK_SIZE = 5;

/**
 * Holds a block of phone numbers for a launch with `didReservations.holdMany`, runs it again as a
 * job restarted after a crash would (it finds the block whole and sends no create), then releases
 * the block. On DIDWW API 2026-11-19 (bearer tokens) when a token service is known, else on
 * 2026-04-16. Against the simulator by default; against DIDWW's sandbox with real credentials
 * (holds cost nothing and lapse by themselves after 10 minutes).
 */
export async function run(env: ExampleEnv): Promise<ExampleSummary> {
  const { tokenUrl } = env.didww;
  const client = didwwClient(env);
  try {
    const country = await exampleCountry(client, env);

    // 1. The block's name goes on every hold: it is how a re-run finds the block. One per block.
    // Made from what the job already knows, never a clock read: a restarted job must find the same block.
    const description = 'reservekit campaign example: desk A';
    const params = { filter: { countryId: country.id }, count: BLOCK_SIZE, description };
    const block = await client.didReservations.holdMany({
      ...params,
      onHold: (_hold, { held, requested }) => env.progress('holding numbers', held, requested),
    });
    env.log(
      `DIDWW: held ${block.holds.length} of ${BLOCK_SIZE} numbers in ${country.name}` +
        (block.shortfall
          ? ` (stopped: ${block.shortfall}${block.error ? `, ${block.error.message}` : ''})`
          : ''),
    );
    for (const hold of block.holds) {
      env.log(`  +${hold.availableDid?.number ?? '?'} until ${hold.expiresAt.toISOString()}`);
    }

    // 2. The same call again, as after a crash: the holds with this description count, so it
    //    tops the block up — here it is whole already, and nothing is held twice.
    const rerun = await client.didReservations.holdMany(params);
    env.log(`re-run: found ${rerun.existing} holds of the block, holds now ${rerun.holds.length}`);

    // 3. Release the block: every number goes back to the pool. Releasing twice is harmless.
    let released = 0;
    for (const hold of rerun.holds) {
      if ((await client.didReservations.delete(hold.id)).released) released += 1;
    }
    env.log(`released ${released} holds`);

    return {
      title: 'DIDWW: hold a block of numbers for a campaign',
      rows: [
        ['API version', tokenUrl ? '2026-11-19' : '2026-04-16'],
        ['held', `${block.holds.length} of ${BLOCK_SIZE}`],
        ['stopped short', block.shortfall ?? 'no'],
        ['numbers', block.holds.map((hold) => `+${hold.availableDid?.number ?? '?'}`).join(' ')],
        ['re-run found', String(rerun.existing)],
        ['re-run held', String(rerun.holds.length - rerun.existing)],
        ['released', String(released)],
      ],
    };
  } finally {
    await client.close();
  }
}

import { isMainModule, runStandalone } from './support/standalone.js';

if (isMainModule(import.meta.url)) await runStandalone(run);
