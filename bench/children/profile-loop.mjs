// Child of the profiler (run with --cpu-prof): reserveOne in a loop from the BUILT package (built with
// source maps for this), or the raw undici equivalent. argv: baseUrl calls concurrency sdk|raw
import { ArianeeClient } from 'reservekit/arianee';
import { Agent, request } from 'undici';

const [baseUrl, callsArg, concurrencyArg, variant] = process.argv.slice(2);
const calls = Number(callsArg);
const concurrency = Number(concurrencyArg);
if (!(calls > 0 && concurrency > 0) || (variant !== 'sdk' && variant !== 'raw')) {
  throw new Error('usage: profile-loop.mjs <url> <calls> <concurrency> sdk|raw');
}

const client = new ArianeeClient({ baseUrl, apiKey: 'bench-api-key-0123456789' });
const agent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 10_000, connections: 64 });
const url = `${baseUrl}/dispenser/distribution/reserveOne?tags=bench&format=linkObject`;
const headers = {
  'user-agent': 'bench-raw',
  accept: 'application/json',
  authorization: 'Bearer bench-api-key-0123456789',
};

const reserveOne =
  variant === 'sdk'
    ? () => client.reserveOne({ tags: 'bench', format: 'linkObject' })
    : async () => {
        const { body } = await request(url, { dispatcher: agent, headers });
        return JSON.parse(await body.text());
      };

let started = 0;
const worker = async () => {
  while (started < calls) {
    started += 1;
    await reserveOne();
  }
};
const start = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsedMs = performance.now() - start;
await Promise.all([client.close(), agent.close()]);
process.stdout.write(JSON.stringify({ calls, elapsedMs }));
