import { describe, expect, it } from 'vitest';
import { type AccessToken, MemoryTokenStore, type TokenStore } from '../../src/core/access-token.js';
import { RateLimiter } from '../../src/core/rate-limiter.js';
import { DidwwClient } from '../../src/didww/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { failure } from '../support/failure.js';
import { genericTransport, getItem } from '../support/generic-transport.js';
import { useSimulator } from '../support/simulator.js';

// What a call did when something it waits on before sending — the rate limiter, the token store —
// fails with an error of its own (a fleet limiter or store whose Redis is down, `onRedisError:
// 'fail'`): nothing of that attempt was sent, so the call's outcome is not_sent (docs/fleet.md,
// "Failure modes"), not "may have acted".

class BrokenLimiter extends RateLimiter {
  override acquire(): Promise<void> {
    return Promise.reject(new Error('Redis is unreachable'));
  }
}

/** A fleet store whose one mint across the fleet cannot run (its lock is in Redis). */
class BrokenStore extends MemoryTokenStore implements TokenStore {
  mintOnce(): Promise<AccessToken> {
    return Promise.reject(new Error('Redis is unreachable'));
  }
}

const sim = createSimulator();
const base = useSimulator(sim);

describe('a wait before sending that fails', () => {
  it("a limiter's own error: the reservation was not sent", async () => {
    let requests = 0;
    const transport = genericTransport('http://127.0.0.1:9', {}, { rateLimiter: new BrokenLimiter(20, 1) });
    const error = await failure(
      transport.run(
        getItem(false, {
          lookup: {
            key: { kind: 'test' } as never,
            find: async () => {
              requests += 1;
              return undefined;
            },
          },
        }),
      ),
    );
    await transport.close();
    expect(error).toMatchObject({ outcome: 'not_sent', attempts: 0, lookupKey: undefined });
    expect(error.message).toMatch(/Redis is unreachable/);
    expect(error.message).not.toMatch(/may have been/);
    expect(requests).toBe(0);
  });

  it("a token store's own error (DIDWW 2026-11-19): the hold was not sent", async () => {
    sim.didww.addAvailableDids({ countryIso: 'GB', count: 1 });
    const [did] = sim.didww.availableDids();
    const didww = new DidwwClient({
      apiKey: sim.credentials.didww.apiKey,
      apiVersion: '2026-11-19',
      baseUrl: base.didww,
      tokenUrl: sim.didww.tokenUrl,
      tokenStore: new BrokenStore(),
      rateLimit: false,
    });
    const error = await failure(didww.didReservations.create({ availableDidId: did?.id ?? '' }));
    await didww.close();
    expect(error).toMatchObject({ outcome: 'not_sent', attempts: 0, lookupKey: undefined });
    expect(sim.didww.reservations()).toHaveLength(0);
  });
});
