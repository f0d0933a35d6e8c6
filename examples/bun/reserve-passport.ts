// Reserve one Arianee passport from Bun. Bun loads reservekit's build without undici (the `bun`
// export condition) and sends with fetch (docs/transport.md, "Runtimes"). Run it (two commands):
//
//   npx reservekit simulate --port 4010          # or your NMP's URL and key below
//   RESERVEKIT_ARIANEE_BASE_URL=http://127.0.0.1:4010/arianee RESERVEKIT_ARIANEE_API_KEY=sim-arianee-api-key \
//     bun examples/bun/reserve-passport.ts vip
import { NoInventoryError, ReservationError } from 'reservekit';
import { ArianeeClient } from 'reservekit/arianee';

const baseUrl = process.env.RESERVEKIT_ARIANEE_BASE_URL;
const apiKey = process.env.RESERVEKIT_ARIANEE_API_KEY;
if (!baseUrl || !apiKey) {
  console.error('set RESERVEKIT_ARIANEE_BASE_URL and RESERVEKIT_ARIANEE_API_KEY');
  process.exit(1);
}
await using arianee = new ArianeeClient({ baseUrl, apiKey });
try {
  const passport = await arianee.reserveOne({ tags: process.argv[2] ?? 'vip' });
  // The link holds the passphrase: hand it to its owner only, never to a log.
  console.log(JSON.stringify({ certificateId: passport.certificateId, link: passport.deeplink.link }));
} catch (error) {
  if (error instanceof NoInventoryError) {
    console.error('the pool is empty');
    process.exitCode = 2;
  } else if (error instanceof ReservationError) {
    console.error(`${error.code} (${error.outcome}): ${error.message}`);
    process.exitCode = error.outcome === 'unknown' ? 3 : 4;
  } else throw error;
}
