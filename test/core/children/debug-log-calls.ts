// Run with NODE_DEBUG=reservekit by test/core/debug-log.test.ts: a retried read, a create whose
// answer is lost (found by a lookup) and a refused reservation, with planted secrets. Prints the
// call ids it got on stdout, as JSON; the debug lines go to stderr.
import { ArianeeClient } from '../../../src/arianee/index.js';
import type { ReservationError } from '../../../src/core/errors.js';
import { DotsClient } from '../../../src/dots/index.js';
import { createSimulator } from '../../../src/testing/index.js';

const { arianeeKey, dotsAuth, dotsApp } = JSON.parse(process.env.DEBUG_LOG_INPUT ?? '') as {
  arianeeKey: string;
  dotsAuth: string;
  dotsApp: string;
};
const sim = createSimulator({
  arianee: { apiKey: arianeeKey },
  dots: { authToken: dotsAuth, apps: [{ appToken: dotsApp }] },
});
const urls = await sim.listen();
const dots = new DotsClient({
  baseUrl: urls.dots.url,
  authToken: dotsAuth,
  appToken: dotsApp,
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
});
const arianee = new ArianeeClient({ baseUrl: urls.arianee.url, apiKey: arianeeKey });

sim.faults.next('dots.listOfferings', { status: 503 });
const list = await dots.ecoClubOfferings.list().withMeta();
sim.faults.next('dots.createOffering', { status: 502, actFirst: true });
const create = await dots.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'debug-1' }).withMeta();
const refused = await arianee.reserveOne({ tags: 'none-left' }).then(
  () => undefined,
  (error: ReservationError) => error.callId,
);
await Promise.all([dots.close(), arianee.close(), sim.close()]);
process.stdout.write(`${JSON.stringify({ list: list.meta.callId, create: create.meta.callId, refused })}\n`);
