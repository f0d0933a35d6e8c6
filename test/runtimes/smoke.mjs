// The smoke scenario every runtime runs (Bun, Deno, workerd) against the simulator that the Node.js
// test process serves on loopback (runtimes.test.ts queues the faults before the run). Plain
// JavaScript, imported through the package's exports as an application would: each runtime picks
// its build by its export condition.
import { AbortedError, ClientClosedError, NoInventoryError, ReservationError } from 'reservekit';
import { ArianeeClient } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';

/** What a failed call said, or what a call that should have failed returned. */
async function failureOf(promise) {
  try {
    await promise;
    return { failed: false };
  } catch (error) {
    return {
      failed: true,
      name: error?.name,
      ours: error instanceof ReservationError,
      code: error?.code,
      outcome: error?.outcome,
      attempts: error?.attempts,
      noInventory: error instanceof NoInventoryError,
      aborted: error instanceof AbortedError,
      closed: error instanceof ClientClosedError,
      systemCode: error?.systemCode,
    };
  }
}

export async function smoke(input) {
  const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
  const arianee = new ArianeeClient({
    baseUrl: input.urls.arianee,
    apiKey: input.credentials.arianee,
    ...fast,
  });
  const dots = new DotsClient({
    baseUrl: input.urls.dots,
    authToken: input.credentials.dotsAuth,
    appToken: input.credentials.dotsApp,
    ...fast,
  });
  const didww = new DidwwClient({
    baseUrl: input.urls.didww,
    apiKey: input.credentials.didww,
    rateLimit: false,
    ...fast,
  });
  const report = {};
  // Arianee: a gateway's 502 after the NMP reserved (unknown: never sent again), then a passport,
  // then an empty pool.
  report.unknown = await failureOf(arianee.reserveOne({ tags: 'vip' }));
  const passport = await arianee.reserveOne({ tags: 'vip' });
  report.passport = {
    hasLink: typeof passport.deeplink?.link === 'string' && passport.deeplink.link.length > 0,
  };
  report.empty = await failureOf(arianee.reserveOne({ tags: 'sold-out' }));
  // Dots.eco: a list retried after a 503, a create sent again after a 429 (nothing was created).
  const list = await dots.ecoClubOfferings.list().withMeta();
  report.list = { attempts: list.meta.attempts };
  const created = await dots.ecoClubOfferings.create({ quantity: 1, externalUniqueId: 'smoke-1' }).withMeta();
  report.create = {
    attempts: created.meta.attempts,
    reconciled: created.meta.reconciled,
    callId: created.meta.callId,
  };
  // Abort: before sending (nothing sent) and in flight (the answer is held back).
  report.abortedBefore = await failureOf(dots.ecoClubOfferings.list({}, { signal: AbortSignal.abort() }));
  report.abortedInFlight = await failureOf(
    dots.ecoClubOfferings.list({}, { signal: AbortSignal.timeout(300) }),
  );
  // DIDWW: a number found and held.
  const [did] = (await didww.availableDids.list()).data;
  const hold = await didww.didReservations.create({ availableDidId: did.id, description: 'smoke' });
  report.hold = { id: typeof hold.id === 'string' && hold.id.length > 0 };
  // A refused connection: proves nothing was sent where the runtime says so (docs/transport.md).
  const nowhere = new ArianeeClient({
    baseUrl: input.urls.refused,
    apiKey: input.credentials.arianee,
    maxRetries: 1,
    ...fast,
  });
  report.refused = await failureOf(nowhere.reserveOne({ tags: 'vip' }));
  await nowhere.close();
  // close(): resolves, and a call after it is refused.
  await Promise.all([arianee.close(), dots.close(), didww.close()]);
  report.afterClose = await failureOf(dots.ecoClubOfferings.list());
  return report;
}
