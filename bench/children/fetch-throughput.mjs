// The fetch sender against raw fetch, in one process of whichever runtime runs it (node, bun, deno):
// interleaved rounds, one call at a time then 32 at once. Imports the BUILT package by name, so each
// runtime loads the build its export condition picks (Bun and Deno: dist/fetch; Node: the undici
// build, told `sender: 'fetch'`). Input in BENCH_INPUT; prints one JSON line.
import { ArianeeClient } from 'reservekit/arianee';

const { url, rounds, roundMs, warmupMs, concurrencies } = JSON.parse(process.env.BENCH_INPUT);
const KEY = 'bench-api-key-0123456789';
const headers = { 'user-agent': 'bench-raw', accept: 'application/json', authorization: `Bearer ${KEY}` };
const rawUrl = `${url}/dispenser/distribution/reserveOne?tags=bench&format=linkObject`;

const client = new ArianeeClient({ baseUrl: url, apiKey: KEY, sender: 'fetch' });
const variants = [
  { id: 'sdk', call: () => client.reserveOne({ tags: 'bench', format: 'linkObject' }) },
  {
    id: 'raw',
    async call() {
      const response = await fetch(rawUrl, { headers });
      if (response.status !== 200) throw new Error(`raw fetch got ${response.status}`);
      return response.json();
    },
  },
];

async function load(call, concurrency, durationMs) {
  let completed = 0;
  const begin = performance.now();
  const deadline = begin + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      await call();
      completed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (completed / (performance.now() - begin)) * 1000;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const results = [];
for (const concurrency of concurrencies) {
  for (const variant of variants) await load(variant.call, concurrency, warmupMs);
  const rates = { sdk: [], raw: [] };
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) rates[variant.id].push(await load(variant.call, concurrency, roundMs));
  }
  const ratio = median(rates.sdk.map((rate, i) => rate / rates.raw[i]));
  results.push({ concurrency, sdk: median(rates.sdk), raw: median(rates.raw), ratio });
}
await client.close();
console.log(JSON.stringify(results));
