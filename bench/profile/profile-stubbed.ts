import { Session } from 'node:inspector/promises';
import { DIST_DIR } from '../build-package.js';
import { loadBuiltArianee } from '../built-sdk.js';
import { LINK_OBJECT_BODY, STUB_BASE_URL, StubDispatcher } from '../stub-dispatcher.js';
import { BENCH_API_KEY, BENCH_TAG, rawReserveOneVia, rawReserveUrl } from '../variants.js';
import { type CpuProfile, type ProfileSummary, summarizeProfile } from './cpu-profile.js';
import { distLocator } from './source-locator.js';

async function sequential(call: () => Promise<unknown>, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await call();
}

/** Profiles `count` sequential calls in this process (inspector Profiler, 50 µs sampling). */
async function profileCalls(
  session: Session,
  call: () => Promise<unknown>,
  count: number,
): Promise<CpuProfile> {
  await sequential(call, Math.min(count, 5_000));
  await session.post('Profiler.start');
  await sequential(call, count);
  const { profile } = await session.post('Profiler.stop');
  return profile;
}

/**
 * The client-side work of one call and nothing else: the built SDK and raw `undici.request`, each
 * through the stub dispatcher (no network, no server), profiled in this process. What the SDK
 * profile shows beyond the raw one is the SDK's own per-call cost, by src/ function.
 */
export async function profileStubbed(count: number): Promise<{ sdk: ProfileSummary; raw: ProfileSummary }> {
  const dispatcher = new StubDispatcher(LINK_OBJECT_BODY);
  const { ArianeeClient } = await loadBuiltArianee();
  const client = new ArianeeClient({ baseUrl: STUB_BASE_URL, apiKey: BENCH_API_KEY, dispatcher });
  const rawUrl = rawReserveUrl(STUB_BASE_URL);
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 50 });
    const locate = distLocator(DIST_DIR);
    const sdk = await profileCalls(
      session,
      () => client.reserveOne({ tags: BENCH_TAG, format: 'linkObject' }),
      count,
    );
    const raw = await profileCalls(session, () => rawReserveOneVia(rawUrl, dispatcher), count);
    return { sdk: summarizeProfile(sdk, locate), raw: summarizeProfile(raw, locate) };
  } finally {
    session.disconnect();
    await client.close();
  }
}
